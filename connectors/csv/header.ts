/**
 * The header row of a CSV findings file: column names, checked against the mapping
 * before any record is read, so a misspelt column fails on line 1, not silently.
 */
import { ReportError } from '../../engine/errors.ts';
import { suggest } from '../../engine/config/suggest.ts';
import type { ResolvedRecordOptions } from '../shared/mapping-options.ts';

export interface Header {
  names: string[];
  /** Column name → index. A Map: column names are file data (`__proto__` is a name like any other). */
  index: ReadonlyMap<string, number>;
}

export const csvError = (message: string, lineNo: number): ReportError => new ReportError('', message, lineNo);

export function checkHeader(fields: string[], opts: ResolvedRecordOptions, lineNo: number): Header {
  const names = fields.map((f) => f.trim());
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') throw csvError(`header: column ${i + 1} has no name`, lineNo);
    if (index.has(name)) throw csvError(`header: column ${JSON.stringify(name)} appears twice`, lineNo);
    index.set(name, i);
  });
  // A custom mapping must name real columns; the default one needs only the rule id column.
  const wanted = opts.isModelMapping ? [opts.mapping.id!] : Object.values(opts.mapping);
  const missing = wanted.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const first = missing[0]!;
    // Column names are file data, possibly huge: only short ones are compared or listed.
    const short = names.filter((n) => n.length <= 100);
    const guess = suggest(first, short);
    const what = opts.isModelMapping ? 'column (the default mapping reads the ctem finding model\'s names; set `mapping` to name yours)' : 'column named in the mapping';
    throw csvError(
      `header: no ${JSON.stringify(first)} ${what}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}; columns: ${listColumns(names)}`,
      lineNo,
    );
  }
  return { names, index };
}

function listColumns(names: string[]): string {
  const shown = names.slice(0, 20).map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return names.length > 20 ? `${shown.join(', ')} and ${names.length - 20} more` : shown.join(', ');
}
