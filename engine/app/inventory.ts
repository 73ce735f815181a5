/** Read inventory files through their connectors, validating YAML inventories with located errors. */
import { join } from 'node:path';
import { inventoryConnectors } from '../../connectors/registry.ts';
import { createSchemaChecker } from '../config/schema-check.ts';
import type { CtemConfig } from '../config/schema/ctem.ts';
import { parseYaml } from '../config/yaml-document.ts';
import { readReportFile } from '../discover/read-report.ts';
import { CtemError, ReportError, type Problem } from '../errors.ts';
import type { InventoryAsset } from '../model/asset.ts';

export async function loadInventory(root: string, ctem: CtemConfig): Promise<{ assets: InventoryAsset[]; problems: Problem[] }> {
  const assets: InventoryAsset[] = [];
  const problems: Problem[] = [];
  const checker = createSchemaChecker();
  const seen = new Map<string, string>();
  for (const inv of ctem.inventory) {
    const connector = inventoryConnectors.get(inv.connector);
    if (!connector) continue; // reported by checkReferences
    let text: string;
    try {
      text = await readReportFile(join(root, inv.path), inv.path);
    } catch (err) {
      if (err instanceof CtemError) problems.push(...err.problems);
      else throw err;
      continue;
    }
    const parsed = parseYaml(text, inv.path);
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === 'error')) continue;
    if (connector.name === 'inventory-yaml') {
      const sp = checker.check('inventory', parsed.value, inv.path, parsed.locate);
      problems.push(...sp);
      if (sp.length) continue;
    }
    try {
      const got = connector.extract(parsed.value, { file: inv.path });
      got.forEach((a, i) => {
        const prev = seen.get(a.id);
        if (prev) {
          const at = parsed.locate(['assets', i, 'id']);
          problems.push({ code: 'duplicate-asset', severity: 'error', message: `duplicate asset id '${a.id}' (first in ${prev})`, file: inv.path, line: at.line, column: at.column });
        } else {
          seen.set(a.id, inv.path);
          assets.push(a);
        }
      });
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
      problems.push({ code: 'bad-inventory', severity: 'error', message: `${err.path} ${err.message}`, file: inv.path, path: err.path });
    }
  }
  return { assets, problems };
}
