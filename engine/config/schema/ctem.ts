/** `ctem.yaml`: where the inputs are and how the run behaves. */
import { Type, type Static } from '@sinclair/typebox';
import { GitHubTeam, Id, Priority, Repository, StringEnum } from './common.ts';
import { EvidenceSourceSchema } from './validation.ts';

const SourceSchema = Type.Object(
  {
    name: Type.Optional(Id),
    connector: Type.String({ minLength: 1, description: 'Connector name (`sarif`, `trivy`, `csv`, `github-dependabot`, ...), or `auto` to detect.' }),
    path: Type.Optional(
      Type.String({ minLength: 1, description: 'Report file, relative to the repository root. Globs allowed. Required for file connectors; GitHub connectors take none.' }),
    ),
    options: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'Connector options, checked against the connector\'s own schema (docs/connectors.md): a `mapping` for ndjson/csv, `repo` or `org` for the GitHub connectors.',
        },
      ),
    ),
    asset: Type.Optional(Type.String({ minLength: 1, description: 'Attach every finding of this source to this asset id.' })),
    optional: Type.Optional(
      Type.Boolean({ description: 'When true, a missing or malformed report is a warning and the run goes on without it.' }),
    ),
  },
  { additionalProperties: false },
);

/** One inventory. Which keys apply depends on the connector (docs/inventory.md); others are reported. */
const InventorySchema = Type.Object(
  {
    connector: Type.String({
      minLength: 1,
      description: 'Inventory connector: `inventory-yaml`, `inventory-csv`, `github-repos`, `sbom-cyclonedx`, `sbom-spdx`.',
    }),
    path: Type.Optional(Type.String({ minLength: 1, description: 'The inventory file, relative to the repository root (not for `github-repos`).' })),
    org: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$', description: '`github-repos`: the organisation whose repositories are listed.' }),
    ),
    include_archived: Type.Optional(Type.Boolean({ description: '`github-repos`: list archived repositories too (default false).' })),
    codeowners: Type.Optional(Type.Boolean({ description: '`github-repos`: read CODEOWNERS for owners (default true).' })),
    asset: Type.Optional(
      Type.String({ minLength: 1, description: '`sbom-*`: the asset the SBOM describes; without it, its subject is matched by name and purl.' }),
    ),
    optional: Type.Optional(
      Type.Boolean({ description: 'When true, a missing or unreadable inventory is a warning and the run goes on without it.' }),
    ),
  },
  { additionalProperties: false },
);

export const SlaTable = Type.Object(
  {
    P1: Type.Integer({ minimum: 0, description: 'Days to remediate a P1.' }),
    P2: Type.Integer({ minimum: 0, description: 'Days to remediate a P2.' }),
    P3: Type.Integer({ minimum: 0, description: 'Days to remediate a P3.' }),
    P4: Type.Integer({ minimum: 0, description: 'Days to remediate a P4.' }),
  },
  { additionalProperties: false, description: 'Days allowed to remediate, per priority, counted from first seen.' },
);

/**
 * Where each run's decisions are recorded (docs/ledger.md). A branch (default) is
 * written without checking it out; a directory is written in the working tree for
 * the workflow to commit. Names are restricted so they can never be read as git options.
 */
const LedgerSchema = Type.Object(
  {
    branch: Type.Optional(
      Type.String({
        pattern: '^(?!.*\\.\\.)(?!.*//)[A-Za-z0-9_][A-Za-z0-9_./-]*$',
        maxLength: 200,
        description: 'Branch that holds the ledger, one commit per run (default `ctem-ledger`). Never checked out.',
      }),
    ),
    remote: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$',
        maxLength: 100,
        description: 'Remote whose copy of the branch must not have diverged from the local one (default `origin`).',
      }),
    ),
    directory: Type.Optional(
      Type.String({
        pattern: '^(?!.*\\.\\.)[A-Za-z0-9_][A-Za-z0-9_./-]*$',
        maxLength: 200,
        description: 'Instead of a branch: a directory of the working tree, relative to the repository root, that the workflow commits.',
      }),
    ),
  },
  { additionalProperties: false, description: 'The decision ledger: `{ branch: ctem-ledger }` or `{ directory: ledger/ }`.' },
);
export type LedgerConfig = Static<typeof LedgerSchema>;

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
          epss_url: Type.Optional(
            Type.String({ pattern: '^https?://', description: '`ctem feeds update` downloads EPSS from here (default: FIRST\'s current daily file; see docs/policy.md).' }),
          ),
          kev_url: Type.Optional(
            Type.String({ pattern: '^https?://', description: '`ctem feeds update` downloads KEV from here (default: CISA\'s JSON feed; see docs/policy.md).' }),
          ),
        },
        { additionalProperties: false, description: 'Enrichment feeds, read from files in the repository.' },
      ),
    ),
    github: Type.Optional(
      Type.Object(
        {
          central_repository: Type.Optional(Repository),
          api_url: Type.Optional(Type.String({ description: 'GitHub API base URL; GITHUB_API_URL overrides it.' })),
        },
        { additionalProperties: false, description: 'Where mobilisation happens on GitHub.' },
      ),
    ),
    ledger: Type.Optional(LedgerSchema),
    evidence: Type.Optional(
      Type.Array(EvidenceSourceSchema, { description: 'Validation evidence to read: VEX documents and exploit confirmations (docs/validation.md).' }),
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
          max_new_issues_per_run: Type.Optional(
            Type.Integer({ minimum: 0, description: 'Most issues and pull requests one run opens; the rest, least urgent first, wait for the next run.' }),
          ),
          exception_warning_days: Type.Optional(
            Type.Integer({ minimum: 0, description: 'Exceptions expiring within this many days get a renewal pull request (and a `ctem validate` warning).' }),
          ),
          issue_label: Type.Optional(
            Type.String({ minLength: 1, maxLength: 50, description: 'Label on every issue and pull request ctem opens; ctem finds its own by it (default `ctem`).' }),
          ),
          unassigned_owner: Type.Optional(
            Type.String({
              pattern: GitHubTeam.pattern,
              description: 'Team (org/slug) that owns `scopes/unassigned.yaml`, the scope-drift pull request for assets no scope covers; without it, no such pull request.',
            }),
          ),
        },
        { additionalProperties: false, description: 'How runs behave: default priority, evaluation order, SLA, caps.' },
      ),
    ),
  },
  { additionalProperties: false, title: 'ctem.yaml' },
);
export type CtemConfig = Static<typeof CtemConfigSchema>;
export type SourceConfig = Static<typeof SourceSchema>;
export type InventoryConfig = Static<typeof InventorySchema>;
