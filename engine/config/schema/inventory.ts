/** The YAML inventory file read by the `inventory-yaml` connector. */
import { Type, type Static } from '@sinclair/typebox';
import { AssetTypeSchema, Exposure, Repository } from './common.ts';

export const InventoryAssetSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'Unique asset id (lower case).' }),
    type: AssetTypeSchema,
    name: Type.Optional(Type.String({ description: 'Display name.' })),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Image refs, URLs, hosts, cloud ids.' })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Free tags; scopes select by them.' })),
    repository: Type.Optional(Repository),
    exposure: Type.Optional(Exposure),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { description: 'Free-form values for selectors and rules (asset.attributes.*).' })),
  },
  { additionalProperties: false },
);

export const InventoryFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    assets: Type.Array(InventoryAssetSchema, { description: 'The assets.' }),
  },
  { additionalProperties: false, title: 'ctem inventory' },
);
export type InventoryFile = Static<typeof InventoryFileSchema>;
