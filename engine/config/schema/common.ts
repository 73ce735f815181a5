/** Schema pieces shared by several configuration files. */
import { Type, type Static } from '@sinclair/typebox';

export const Id = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  maxLength: 100,
  description: 'Lower-case identifier: letters, digits, dot, dash, underscore.',
});

export const Priority = StringEnum(['P1', 'P2', 'P3', 'P4'], {
  description: 'P1 is the most urgent.',
});
export type Priority = Static<typeof Priority>;
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

export const Criticality = StringEnum(['critical', 'high', 'medium', 'low'],
  { description: 'Business criticality of what the scope holds.' });
export type Criticality = Static<typeof Criticality>;

export const Exposure = StringEnum(['internet', 'internal', 'isolated'], {
  description: 'How reachable the assets are: from the internet, from the internal network, or not at all.',
});

export const AssetTypeSchema = StringEnum(['repository', 'image', 'host', 'service', 'cloud-resource', 'package', 'other'], {
  description: 'What kind of asset it is.',
});

export const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar date, YYYY-MM-DD.',
});

export const Repository = Type.String({
  pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$',
  description: 'A GitHub repository, owner/name.',
});

/** GitHub login or team slug (org/team). */
export const GitHubUser = Type.String({ pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$', description: 'A GitHub login.' });
export const GitHubTeam = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$',
  description: 'A GitHub team, org/team-slug.',
});

/** Which assets something applies to. Every criterion given must match (AND); a list matches any of its items (OR). */
export const AssetSelector = Type.Object(
  {
    ids: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Asset id globs, e.g. `payments-*`.' })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'The asset has at least one of these tags.' })),
    types: Type.Optional(Type.Array(AssetTypeSchema, { minItems: 1, description: 'The asset is of one of these types.' })),
    repositories: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Globs over the asset repository (owner/name).' }),
    ),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description: 'Attribute equality: every listed attribute has this value.',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1, description: 'Which assets: every criterion given must match; a list matches any of its items.' },
);
export type AssetSelector = Static<typeof AssetSelector>;

/** A string enum as a plain JSON Schema `enum` (one clear error, and editors list the values). */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
