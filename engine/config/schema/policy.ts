/** `policies/*.yaml`: ordered prioritisation rules and mobilisation routes. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, Priority, Repository, StringEnum } from './common.ts';
import { AttackGraphSchema } from './validation.ts';

export const RuleSchema = Type.Object(
  {
    id: Id,
    description: Type.Optional(Type.String({ description: 'What the rule is for, in one sentence; shown by ctem explain.' })),
    when: Type.Unknown({ description: 'A JSON Logic expression over the input document (see docs/policy.md).' }),
    set: Type.Object(
      {
        priority: Priority,
        sla_days: Type.Optional(Type.Integer({ minimum: 0, description: 'Overrides the SLA table for this rule.' })),
        labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { description: 'Labels added to the issue of a matching exposure.' })),
        route: Type.Optional(Type.String({ minLength: 1, description: 'A route id, or `none` to not mobilise.' })),
      },
      { additionalProperties: false, description: 'What a matching rule decides.' },
    ),
  },
  { additionalProperties: false },
);

export const GROUPINGS = ['finding', 'asset-package', 'asset', 'owner-rule'] as const;

/**
 * A remediation playbook: one file edit, proposed as a pull request per remediation
 * unit in the asset's repository. Edits are literal — no regular expressions (a policy
 * file must not be able to make ctem spin) and no code — and may use only the
 * placeholders listed in docs/mobilisation.md (`{{package.fixed_version}}` ...).
 */
export const PlaybookSchema = Type.Object(
  {
    file: Type.String({
      pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/@+-]+$',
      maxLength: 300,
      description: 'The file to edit, relative to the repository root.',
    }),
    replace: Type.Optional(
      Type.Object(
        {
          from: Type.String({ minLength: 1, maxLength: 2000, description: 'Literal text to find (every occurrence is replaced); placeholders allowed.' }),
          to: Type.String({ maxLength: 2000, description: 'Literal replacement; placeholders allowed.' }),
        },
        { additionalProperties: false, description: 'A literal find-and-replace in the file (no regular expressions).' },
      ),
    ),
    content: Type.Optional(Type.String({ maxLength: 100_000, description: 'The whole new file; placeholders allowed.' })),
    packages: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 214 }), { minItems: 1, description: 'Only remediation units of these packages (exact names).' }),
    ),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Pull request title; placeholders allowed.' })),
  },
  { additionalProperties: false, minProperties: 2, description: 'A templated file edit proposed as a pull request per remediation unit (docs/mobilisation.md).' },
);

export const RouteSchema = Type.Object(
  {
    id: Id,
    target: StringEnum(['asset-repository', 'central'], {
      description: "Open issues in the asset's own repository, or in the central repository.",
    }),
    repository: Type.Optional(Repository),
    group_by: StringEnum(GROUPINGS,
      { description: 'One issue per: finding, asset + package, asset, owner + rule.' }),
    template: Type.String({ minLength: 1, description: 'A template name in templates/ (without .hbs).' }),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { description: 'Labels on every issue of this route.' })),
    playbook: Type.Optional(PlaybookSchema),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id,
    description: Type.Optional(Type.String({ description: 'What this policy file is about.' })),
    rules: Type.Array(RuleSchema, { description: 'Prioritisation rules, evaluated in order.' }),
    routes: Type.Optional(Type.Array(RouteSchema, { description: 'Where and how issues are opened.' })),
    default_route: Type.Optional(Type.String({ minLength: 1, description: 'Route for rules that name none (or `none`).' })),
    max_exception_days: Type.Optional(Type.Integer({ minimum: 1, description: 'Longest an exception may run.' })),
    attack_graph: Type.Optional(AttackGraphSchema),
  },
  { additionalProperties: false, title: 'ctem policy' },
);
export type PolicyConfig = Static<typeof PolicySchema>;
export type RuleConfig = Static<typeof RuleSchema>;
export type RouteConfig = Static<typeof RouteSchema>;
export type PlaybookConfig = Static<typeof PlaybookSchema>;
