/**
 * Options shared by the GitHub alert connectors: which repository (`repo: owner/name`)
 * or organisation (`org: name`) to list, which alert states, and the page size.
 */
import { Type, type Static } from '@sinclair/typebox';

const REPO = '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$';
const ORG = '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$';

export function alertOptionsSchema(states: readonly string[]) {
  const State = Type.Union(states.map((s) => Type.Literal(s)));
  return Type.Object(
    {
      repo: Type.Optional(Type.String({ pattern: REPO, description: 'List the alerts of this repository, `owner/name`.' })),
      org: Type.Optional(Type.String({ pattern: ORG, description: 'List the alerts of every repository of this organisation.' })),
      state: Type.Optional(
        Type.Union([State, Type.Literal('all'), Type.Array(State, { minItems: 1, uniqueItems: true })], {
          description: `Alert states to list: ${states.join(', ')}, a list of them, or all (default open).`,
        }),
      ),
      per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Alerts per page (default 100, the most GitHub gives).' })),
    },
    { additionalProperties: false, oneOf: [{ required: ['repo'] }, { required: ['org'] }] },
  );
}

type AlertOptions = Static<ReturnType<typeof alertOptionsSchema>>;

export type AlertScope = { kind: 'repo'; owner: string; repo: string; label: string } | { kind: 'org'; org: string; label: string };

export interface ResolvedAlertOptions {
  scope: AlertScope;
  /** States to ask for; undefined = every state (the parameter is left out). */
  states: string[] | undefined;
  perPage: number;
}

/** Options that passed the schema, with defaults: state open, 100 per page. */
export function resolveAlertOptions(options: unknown): ResolvedAlertOptions {
  const o = (options ?? {}) as AlertOptions;
  let scope: AlertScope;
  if (o.repo !== undefined) {
    const [owner = '', repo = ''] = o.repo.split('/');
    scope = { kind: 'repo', owner, repo, label: o.repo };
  } else if (o.org !== undefined) {
    scope = { kind: 'org', org: o.org, label: `organisation ${o.org}` };
  } else {
    throw new Error('GitHub alert options without repo or org (the options schema requires one)');
  }
  const state = o.state ?? 'open';
  return { scope, states: state === 'all' ? undefined : Array.isArray(state) ? [...state] : [state], perPage: o.per_page ?? 100 };
}
