/** `scopes/*.yaml`: a business scope: which assets, who owns them, how much they matter. */
import { Type, type Static } from '@sinclair/typebox';
import { AssetSelector, Criticality, Exposure, GitHubTeam, GitHubUser, Id, StringEnum } from './common.ts';

export const Owner = Type.Object(
  {
    team: Type.Optional(GitHubTeam),
    users: Type.Optional(Type.Array(GitHubUser, { minItems: 1, description: 'GitHub logins assigned to issues.' })),
    contact: Type.Optional(Type.String({ description: 'Free text, e.g. a chat channel.' })),
  },
  { additionalProperties: false, minProperties: 1, description: 'Who remediates: a GitHub team and/or users.' },
);

export const Edge = Type.Object(
  {
    from: Type.String({ minLength: 1, description: 'Asset id.' }),
    to: Type.String({ minLength: 1, description: 'Asset id.' }),
    kind: StringEnum(['network', 'trust', 'credentials', 'deploys-to', 'reads-from'],
      { description: 'What lets an attacker on `from` reach `to`.' }),
  },
  { additionalProperties: false },
);

export const ScopeSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id,
    name: Type.String({ minLength: 1, description: 'Display name, used in issues and reports.' }),
    description: Type.Optional(Type.String({ description: 'What the scope holds and why it matters.' })),
    owner: Owner,
    criticality: Criticality,
    exposure: Exposure,
    crown_jewel: Type.Optional(Type.Boolean({ description: 'Assets here are what attackers ultimately want.' })),
    data_classification: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'e.g. pci, pii, secret.' })),
    selector: AssetSelector,
    edges: Type.Optional(Type.Array(Edge, { description: 'Reachability between assets, for attack paths.' })),
    entry_points: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Asset ids an attacker starts from although they are not internet-facing (a runner that builds fork pull requests, a VPN concentrator).',
      }),
    ),
  },
  { additionalProperties: false, title: 'ctem scope' },
);
export type ScopeConfig = Static<typeof ScopeSchema>;
