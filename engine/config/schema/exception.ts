/** `exceptions/*.yaml`: risk acceptances and false positives, always with an expiry. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, GitHubUser, Id, Priority, StringEnum } from './common.ts';

export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

export const ExceptionSchema = Type.Object(
  {
    id: Id,
    type: StringEnum(['risk-accepted', 'false-positive', 'compensating-control', 'not-affected'], { description: 'Why policy does not apply; not-affected needs a VEX justification.' }),
    selector: Type.Object(
      {
        fingerprint: Type.Optional(Type.String({ minLength: 1, description: 'One exposure, by fingerprint (or a prefix of 8+ characters).' })),
        vulnerability: Type.Optional(Type.String({ minLength: 1, description: 'CVE/GHSA id or scanner rule id.' })),
        assets: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Asset id globs.' })),
        package: Type.Optional(Type.String({ minLength: 1, description: 'Package name (any ecosystem spelling: spring-beans, org.springframework:spring-beans).' })),
        scope: Type.Optional(Type.String({ minLength: 1, description: 'Scope id: exposures whose primary scope it is.' })),
      },
      { additionalProperties: false, minProperties: 1, description: 'Which exposures: every criterion given must match.' },
    ),
    reason: Type.String({ minLength: 10, description: 'Why, for the auditor: at least a sentence.' }),
    approver: GitHubUser,
    ticket: Type.Optional(Type.String({ format: 'uri', description: 'Link to the risk acceptance or change ticket.' })),
    expires: DateString,
    effect: Type.Optional(
      StringEnum(['suppress', 'downgrade'], { description: 'Default: suppress.' }),
    ),
    downgrade_to: Type.Optional(Priority),
    vex_justification: Type.Optional(StringEnum(VEX_JUSTIFICATIONS, { description: 'The VEX justification, for type not-affected.' })),
  },
  { additionalProperties: false },
);

export const ExceptionFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    exceptions: Type.Array(ExceptionSchema, { description: 'The exceptions in this file.' }),
  },
  { additionalProperties: false, title: 'ctem exceptions' },
);
export type ExceptionConfig = Static<typeof ExceptionSchema>;
