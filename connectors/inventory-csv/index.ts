/**
 * A CSV inventory (a CMDB or spreadsheet export): one asset per record, under a
 * header row naming the columns (docs/inventory.md). Errors name the line.
 */
import { ReportError } from '../../engine/errors.ts';
import type { InventoryAsset } from '../../engine/model/asset.ts';
import type { FileInventoryConnector } from '../types.ts';
import { readHeader } from './header.ts';
import { csvRecords } from './records.ts';
import { assetFromRecord } from './row.ts';

export const inventoryCsvConnector: FileInventoryConnector = {
  name: 'inventory-csv',
  kind: 'inventory',
  format: 'csv',
  description: 'Assets from a CSV file: id,type,name,aliases,tags,repository,exposure and attr.* columns.',
  options: [],
  extract(doc, ctx): InventoryAsset[] {
    if (typeof doc !== 'string') throw new ReportError('', 'expected the text of a CSV file');
    const [head, ...records] = csvRecords(doc);
    if (!head) throw new ReportError('', 'the file is empty: expected a header row (id,type,...)', 1);
    const header = readHeader(head.fields, head.line);
    const firstLine = new Map<string, number>();
    return records.map((r) => {
      const asset = assetFromRecord(r.fields, header, r.line, ctx.file);
      const prev = firstLine.get(asset.id);
      if (prev !== undefined) throw new ReportError('', `duplicate asset id '${asset.id}' (first on line ${prev})`, r.line);
      firstLine.set(asset.id, r.line);
      return asset;
    });
  },
  locate(doc, index) {
    if (typeof doc !== 'string') return {};
    return { line: csvRecords(doc)[index + 1]?.line };
  },
};
