/**
 * `policies/*.test.yaml`: test cases for the policy, run by `ctem test`. Each case is
 * one exposure described by hand — a finding, its asset and scope, what the feeds say
 * about it, the time — and what the policy must decide about it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { VALIDATION_RESULTS } from '../../model/evidence.ts';
import { FINDING_KINDS, SEVERITIES } from '../../model/finding.ts';
import { AssetTypeSchema, Criticality, DateString, Exposure, Id, Priority, Repository, StringEnum } from './common.ts';
import { ExceptionSchema } from './exception.ts';
import { InventoryAssetSchema } from './inventory.ts';
import { Owner } from './scope.ts';

/** A day (midnight UTC) or a date-time with its offset: never a local time, which would depend on the runner. */
export const Instant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: 'YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time with Z or an offset.',
});

const Probability = Type.Number({ minimum: 0, maximum: 1 });

/** The finding model's own fields (what `ctem discover` prints), all optional. */
const TestFinding = Type.Object(
  {
    fingerprint: Type.Optional(Type.String({ minLength: 1, description: 'Default: computed from the other fields, as for a real finding.' })),
    kind: Type.Optional(StringEnum(FINDING_KINDS, { description: 'Default: vulnerability.' })),
    ruleId: Type.Optional(Type.String({ minLength: 1, description: 'Default: the vulnerabilityId.' })),
    vulnerabilityId: Type.Optional(Type.String({ minLength: 1 })),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    cwe: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    title: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    severity: Type.Optional(StringEnum(SEVERITIES, { description: 'Default: unknown.' })),
    cvss: Type.Optional(
      Type.Object(
        {
          version: Type.Optional(StringEnum(['2.0', '3.0', '3.1', '4.0'], { description: 'Default: from the vector.' })),
          vector: Type.Optional(Type.String({ minLength: 1 })),
          score: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
        },
        { additionalProperties: false, minProperties: 1, description: 'Scored by the same code as a real run.' },
      ),
    ),
    package: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1 }),
          ecosystem: Type.Optional(Type.String()),
          purl: Type.Optional(Type.String()),
          installedVersion: Type.Optional(Type.String()),
          fixedVersions: Type.Optional(Type.Array(Type.String(), { description: 'Default: none (not fixable).' })),
        },
        { additionalProperties: false },
      ),
    ),
    location: Type.Optional(
      Type.Object(
        {
          path: Type.Optional(Type.String()),
          startLine: Type.Optional(Type.Integer({ minimum: 1 })),
          endLine: Type.Optional(Type.Integer({ minimum: 1 })),
          startColumn: Type.Optional(Type.Integer({ minimum: 1 })),
          logical: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    target: Type.Optional(Type.String()),
    suppressed: Type.Optional(
      Type.Object({ kind: Type.String({ minLength: 1 }), justification: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ),
    baselineState: Type.Optional(StringEnum(['new', 'unchanged', 'updated', 'absent'])),
    helpUri: Type.Optional(Type.String()),
    nativeFingerprint: Type.Optional(Type.String()),
    firstSeen: Type.Optional(Instant),
    lastSeen: Type.Optional(Instant),
    sources: Type.Optional(
      Type.Array(
        Type.Object(
          {
            connector: Type.Optional(Type.String({ minLength: 1 })),
            tool: Type.String({ minLength: 1 }),
            toolVersion: Type.Optional(Type.String()),
            file: Type.Optional(Type.String()),
            pointer: Type.Optional(Type.String()),
            nativeId: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, description: 'Which tools reported it (`finding.tools`). Default: one source, tool `policy-test`.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'A finding, in the fields of the finding model (docs/finding-model.md); all optional.' },
);

const InlineAsset = Type.Object(
  {
    id: InventoryAssetSchema.properties.id,
    type: Type.Optional(AssetTypeSchema),
    name: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    repository: Type.Optional(Repository),
    exposure: Type.Optional(Exposure),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  },
  { additionalProperties: false },
);

const InlineScope = Type.Object(
  {
    id: Type.Optional(Id),
    criticality: Criticality,
    exposure: Exposure,
    crown_jewel: Type.Optional(Type.Boolean()),
    data_classification: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    owner: Type.Optional(Owner),
  },
  { additionalProperties: false },
);

const Feeds = Type.Object(
  {
    epss: Type.Optional(
      Type.Object({ score: Probability, percentile: Probability }, { additionalProperties: false, description: 'The CVE\'s EPSS row.' }),
    ),
    kev: Type.Optional(
      Type.Object(
        {
          listed: Type.Optional(Type.Boolean({ description: 'Default: true. false is the same as leaving `kev` out.' })),
          date_added: Type.Optional(DateString),
          due_date: Type.Optional(DateString),
          ransomware: Type.Optional(Type.Boolean({ description: 'knownRansomwareCampaignUse is Known.' })),
        },
        { additionalProperties: false, description: 'The CVE\'s CISA KEV entry. Dates default to the day of `now`.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'What the feeds say about the finding\'s CVE (it needs one).' },
);

const ValidationFacts = Type.Object(
  {
    reachable: Type.Optional(Type.Boolean()),
    on_path: Type.Optional(Type.Boolean()),
    path_length: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    paths_to_crown_jewels: Type.Optional(Type.Integer({ minimum: 0 })),
    choke_point: Type.Optional(Type.Boolean()),
    pivot: Type.Optional(Type.Boolean()),
    confirmed: Type.Optional(Type.Boolean({ description: 'Shown exploitable (the latest validation result is `confirmed`).' })),
    result: Type.Optional(
      Type.Union([StringEnum(VALIDATION_RESULTS), Type.Null()], { description: 'The latest validation result, or null for none.' }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "Attack-graph and validation facts (`validation.*`) as a whole run would find them. Default: what the validation stage computes from the inventory, scopes and validations/ with the case's exposure the only one.",
  },
);

const Expect = Type.Object(
  {
    priority: Type.Optional(Priority),
    rule: Type.Optional(Type.String({ minLength: 1, description: 'The deciding rule id, or `default`.' })),
    status: Type.Optional(StringEnum(['open', 'excepted', 'suppressed'])),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Exactly these labels, in any order.' })),
    route: Type.Optional(Type.String({ minLength: 1, description: 'A route id, or `none`.' })),
    exception: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'The id of the exception that applies, or null for none.' }),
    ),
    sla_days: Type.Optional(Type.Integer({ minimum: 0 })),
    due_date: Type.Optional(DateString),
    overdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1, description: 'What the decision must be; only what is given is checked.' },
);

export const PolicyTestCaseSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Unique in its file.' }),
    description: Type.Optional(Type.String()),
    now: Type.Optional(Instant),
    finding: Type.Optional(TestFinding),
    asset: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), InlineAsset], {
        description: 'An asset id from the inventory, or an inline asset. Default: an asset the inventory does not know.',
      }),
    ),
    scope: Type.Optional(
      Type.Union([Id, InlineScope, Type.Null()], {
        description: 'A scope id from scopes/, an inline scope, or null for none. Default: what scopes/ select for the asset.',
      }),
    ),
    feeds: Type.Optional(Feeds),
    validation: Type.Optional(ValidationFacts),
    previous: Type.Optional(
      Type.Object(
        { priority: Priority, due_date: DateString },
        { additionalProperties: false, description: 'The previous decision about the exposure: what rules read as `sla.*`.' },
      ),
    ),
    exceptions: Type.Optional(
      Type.Array(Type.Union([Type.String({ minLength: 1 }), ExceptionSchema]), {
        description: 'Exceptions in force: ids from exceptions/ or inline exceptions. Default: none.',
      }),
    ),
    expect: Expect,
  },
  { additionalProperties: false },
);

export const PolicyTestFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    now: Type.Optional(Instant),
    validation: Type.Optional(ValidationFacts),
    cases: Type.Array(PolicyTestCaseSchema, { minItems: 1 }),
  },
  { additionalProperties: false, title: 'ctem policy tests' },
);

export type PolicyTestFile = Static<typeof PolicyTestFileSchema>;
export type PolicyTestCase = Static<typeof PolicyTestCaseSchema>;
export type PolicyTestFinding = Static<typeof TestFinding>;
