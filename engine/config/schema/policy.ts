/** `policies/*.yaml`: ordered prioritisation rules and mobilisation routes. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, Priority, Repository, StringEnum } from './common.ts';

export const RuleSchema = Type.Object(
  {
    id: Id,
    description: Type.Optional(Type.String()),
    when: Type.Unknown({ description: 'A JSON Logic expression over the input document (see docs/policy.md).' }),
    set: Type.Object(
      {
        priority: Priority,
        sla_days: Type.Optional(Type.Integer({ minimum: 0, description: 'Overrides the SLA table for this rule.' })),
        labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }))),
        route: Type.Optional(Type.String({ minLength: 1, description: 'A route id, or `none` to not mobilise.' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const GROUPINGS = ['finding', 'asset-package', 'asset', 'owner-rule'] as const;

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
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }))),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id,
    description: Type.Optional(Type.String()),
    rules: Type.Array(RuleSchema),
    routes: Type.Optional(Type.Array(RouteSchema)),
    default_route: Type.Optional(Type.String({ minLength: 1 })),
    max_exception_days: Type.Optional(Type.Integer({ minimum: 1, description: 'Longest an exception may run.' })),
  },
  { additionalProperties: false, title: 'ctem policy' },
);
export type PolicyConfig = Static<typeof PolicySchema>;
export type RuleConfig = Static<typeof RuleSchema>;
export type RouteConfig = Static<typeof RouteSchema>;
