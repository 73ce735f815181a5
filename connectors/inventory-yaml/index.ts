/**
 * The YAML inventory: a list of assets with their aliases, tags, repository and
 * exposure. The file is validated against schemas/inventory.schema.json by the
 * shell before this runs, so here it is only mapped onto the asset model.
 */
import type { InventoryFile } from '../../engine/config/schema/inventory.ts';
import type { InventoryAsset } from '../../engine/model/asset.ts';
import type { InventoryConnector } from '../types.ts';

export const inventoryYamlConnector: InventoryConnector = {
  name: 'inventory-yaml',
  kind: 'inventory',
  format: 'yaml',
  description: 'Assets listed in a YAML file (schemas/inventory.schema.json).',
  extract(doc, ctx): InventoryAsset[] {
    const file = doc as InventoryFile;
    return file.assets.map((a) => ({
      id: a.id,
      type: a.type,
      name: a.name,
      aliases: a.aliases ?? [],
      tags: a.tags ?? [],
      repository: a.repository,
      exposure: a.exposure,
      attributes: a.attributes ?? {},
      source: ctx.file,
    }));
  },
};
