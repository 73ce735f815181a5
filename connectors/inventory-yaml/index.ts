/**
 * The YAML inventory: a list of assets with their aliases, tags, repository and
 * exposure. The file is validated against schemas/inventory.schema.json by the
 * shell before this runs (with line:column errors), so here it is only mapped onto
 * the asset model. Ids are stated by a person: correlation gives them precedence.
 */
import type { InventoryFile } from '../../engine/config/schema/inventory.ts';
import type { InventoryAsset } from '../../engine/model/asset.ts';
import type { FileInventoryConnector } from '../types.ts';

export const inventoryYamlConnector: FileInventoryConnector = {
  name: 'inventory-yaml',
  kind: 'inventory',
  format: 'yaml',
  description: 'Assets listed in a YAML file (schemas/inventory.schema.json).',
  options: [],
  extract(doc, ctx): InventoryAsset[] {
    const file = doc as InventoryFile;
    return file.assets.map((a) => ({
      id: a.id,
      type: a.type,
      ...(a.name !== undefined ? { name: a.name } : {}),
      aliases: a.aliases ?? [],
      tags: a.tags ?? [],
      ...(a.repository !== undefined ? { repository: a.repository } : {}),
      ...(a.exposure !== undefined ? { exposure: a.exposure } : {}),
      attributes: a.attributes ?? {},
      source: ctx.file,
    }));
  },
  locate: (_doc, index) => ({ path: ['assets', index] }),
};
