/**
 * The validation stage's configuration (docs/validation.md):
 *  - `validations/*.yaml`: manual validation records (pentests, red-team exercises);
 *  - `evidence:` in ctem.yaml: VEX documents and exploit-confirmation reports to read;
 *  - `attack_graph:` in a policy file: when an edge is traversable, how many choke points.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, GitHubUser, Id, StringEnum } from './common.ts';

const CLASS_NAMES = [
  'vulnerability', 'misconfiguration', 'secret', 'code', 'exposure', 'license',
  'remote-vulnerability', 'code-execution', 'data-access', 'any',
] as const;

const ClassList = Type.Array(StringEnum(CLASS_NAMES), { uniqueItems: true, description: 'Exposure classes that open edges of this kind.' });

export const AttackGraphSchema = Type.Object(
  {
    traversal: Type.Optional(
      Type.Object(
        {
          network: Type.Optional(ClassList),
          trust: Type.Optional(ClassList),
          credentials: Type.Optional(ClassList),
          'deploys-to': Type.Optional(ClassList),
          'reads-from': Type.Optional(ClassList),
        },
        { additionalProperties: false, description: 'Per edge kind, the exposure classes that let an attacker cross it; kinds not listed keep the default (docs/validation.md).' },
      ),
    ),
    min_severity: Type.Optional(
      StringEnum(['critical', 'high', 'medium', 'low', 'info'], { description: 'Exposures below this severity open no edge (default medium; unknown counts as medium).' }),
    ),
    choke_points: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, description: 'How many choke points to rank (default 5).' })),
  },
  { additionalProperties: false, description: 'Attack-path analysis settings (at most one policy file may set them).' },
);
export type AttackGraphConfig = Static<typeof AttackGraphSchema>;

export const EvidenceSourceSchema = Type.Object(
  {
    name: Type.Optional(Id),
    connector: StringEnum(['openvex', 'cyclonedx-vex', 'nuclei', 'auto'], {
      description: 'Evidence connector: `openvex`, `cyclonedx-vex`, `nuclei`, or `auto` to detect.',
    }),
    path: Type.String({ minLength: 1, description: 'File, relative to the repository root. Globs allowed.' }),
    asset: Type.Optional(
      Type.String({ minLength: 1, description: 'Every product (VEX) or target (Nuclei) of these files is this asset id.' }),
    ),
    optional: Type.Optional(Type.Boolean({ description: 'When true, a missing or malformed file is a warning and the run goes on without it.' })),
  },
  { additionalProperties: false },
);
export type EvidenceSourceConfig = Static<typeof EvidenceSourceSchema>;

export const ValidationRecordSchema = Type.Object(
  {
    id: Id,
    selector: Type.Object(
      {
        fingerprint: Type.Optional(Type.String({ minLength: 1 })),
        vulnerability: Type.Optional(Type.String({ minLength: 1, description: 'CVE/GHSA id or scanner rule id.' })),
        assets: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Asset id globs.' })),
        package: Type.Optional(Type.String({ minLength: 1 })),
        scope: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false, minProperties: 1, description: 'Which exposures were validated; every criterion given must match.' },
    ),
    result: StringEnum(['confirmed', 'not-exploitable', 'inconclusive'], { description: 'What the validation showed.' }),
    by: GitHubUser,
    date: DateString,
    evidence: Type.String({ format: 'uri', description: 'Link to the report, ticket or recording.' }),
    notes: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ValidationFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    validations: Type.Array(ValidationRecordSchema),
  },
  { additionalProperties: false, title: 'ctem validations' },
);
export type ValidationRecordConfig = Static<typeof ValidationRecordSchema>;
