/** `ctem.yaml`: where the inputs are and how the run behaves. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, Priority, Repository, StringEnum } from './common.ts';

const SourceSchema = Type.Object(
  {
    name: Type.Optional(Id),
    connector: Type.String({ minLength: 1, description: 'Connector name (`sarif`, `trivy`, ...), or `auto` to detect.' }),
    path: Type.String({ minLength: 1, description: 'Report file, relative to the repository root. Globs allowed.' }),
    asset: Type.Optional(Type.String({ minLength: 1, description: 'Attach every finding of this source to this asset id.' })),
    optional: Type.Optional(
      Type.Boolean({ description: 'When true, a missing or malformed report is a warning and the run goes on without it.' }),
    ),
  },
  { additionalProperties: false },
);

const InventorySchema = Type.Object(
  {
    connector: Type.String({ minLength: 1, description: 'Inventory connector name, e.g. `inventory-yaml`.' }),
    path: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const SlaTable = Type.Object(
  { P1: Type.Integer({ minimum: 0 }), P2: Type.Integer({ minimum: 0 }), P3: Type.Integer({ minimum: 0 }), P4: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false, description: 'Days allowed to remediate, per priority, counted from first seen.' },
);

export const CtemConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    version: Type.Literal(1, { description: 'Format version of this file.' }),
    organisation: Type.String({ minLength: 1, description: 'Display name of the organisation.' }),
    inventory: Type.Array(InventorySchema, { description: 'Where assets come from.' }),
    sources: Type.Array(SourceSchema, { description: 'Scanner reports to ingest.' }),
    feeds: Type.Optional(
      Type.Object(
        {
          epss: Type.Optional(Type.String({ description: 'FIRST EPSS daily CSV (plain or .gz).' })),
          kev: Type.Optional(Type.String({ description: 'CISA KEV catalog JSON.' })),
        },
        { additionalProperties: false },
      ),
    ),
    github: Type.Optional(
      Type.Object(
        {
          central_repository: Type.Optional(Repository),
          api_url: Type.Optional(Type.String({ description: 'GitHub API base URL; GITHUB_API_URL overrides it.' })),
        },
        { additionalProperties: false },
      ),
    ),
    defaults: Type.Optional(
      Type.Object(
        {
          priority: Type.Optional(Priority),
          evaluation: Type.Optional(
            StringEnum(['first-match', 'highest-priority'], {
              description:
                'first-match (default): the first matching rule decides, in file-name then file order. highest-priority: the most urgent matching rule decides.',
            }),
          ),
          sla_days: Type.Optional(SlaTable),
          max_new_issues_per_run: Type.Optional(Type.Integer({ minimum: 0 })),
          exception_warning_days: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, title: 'ctem.yaml' },
);
export type CtemConfig = Static<typeof CtemConfigSchema>;
export type SourceConfig = Static<typeof SourceSchema>;
