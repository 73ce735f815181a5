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
    type: StringEnum(['risk-accepted', 'false-positive', 'compensating-control', 'not-affected']),
    selector: Type.Object(
      {
        fingerprint: Type.Optional(Type.String({ minLength: 1 })),
        vulnerability: Type.Optional(Type.String({ minLength: 1, description: 'CVE/GHSA id or scanner rule id.' })),
        assets: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Asset id globs.' })),
        package: Type.Optional(Type.String({ minLength: 1 })),
        scope: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
    reason: Type.String({ minLength: 10 }),
    approver: GitHubUser,
    ticket: Type.Optional(Type.String({ format: 'uri' })),
    expires: DateString,
    effect: Type.Optional(
      StringEnum(['suppress', 'downgrade'], { description: 'Default: suppress.' }),
    ),
    downgrade_to: Type.Optional(Priority),
    vex_justification: Type.Optional(StringEnum(VEX_JUSTIFICATIONS)),
  },
  { additionalProperties: false },
);

export const ExceptionFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    exceptions: Type.Array(ExceptionSchema),
  },
  { additionalProperties: false, title: 'ctem exceptions' },
);
export type ExceptionConfig = Static<typeof ExceptionSchema>;
