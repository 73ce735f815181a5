/**
 * The header row of a CSV inventory. Every column is either one of the documented
 * ones or `attr.NAME` (an attribute); anything else is an error on line 1, so a
 * misspelt column never silently drops data.
 */
import { suggest } from '../../engine/config/suggest.ts';
import { ReportError } from '../../engine/errors.ts';

export const COLUMNS = ['id', 'type', 'name', 'aliases', 'tags', 'repository', 'exposure'] as const;
export type Column = (typeof COLUMNS)[number];
export const ATTRIBUTE_PREFIX = 'attr.';
const REQUIRED: readonly Column[] = ['id', 'type'];

export interface Header {
  /** Documented column → index. */
  columns: ReadonlyMap<Column, number>;
  /** Attribute name → index, in column order. A Map: names are file data (`__proto__` is a name like any other). */
  attributes: ReadonlyMap<string, number>;
  width: number;
}

const isColumn = (name: string): name is Column => (COLUMNS as readonly string[]).includes(name);

export function readHeader(fields: readonly string[], line: number): Header {
  const columns = new Map<Column, number>();
  const attributes = new Map<string, number>();
  const seen = new Set<string>();
  fields.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') throw new ReportError('', `header: column ${i + 1} has no name`, line);
    if (seen.has(name)) throw new ReportError('', `header: column ${JSON.stringify(short(name))} appears twice`, line);
    seen.add(name);
    if (isColumn(name)) columns.set(name, i);
    else if (name.startsWith(ATTRIBUTE_PREFIX) && name.length > ATTRIBUTE_PREFIX.length) attributes.set(name.slice(ATTRIBUTE_PREFIX.length), i);
    else {
      const guess = name.length <= 100 ? suggest(name, COLUMNS) : undefined;
      throw new ReportError('',
        `header: unknown column ${JSON.stringify(short(name))}${guess ? ` (did you mean '${guess}'?)` : ''}; ` +
          `columns are ${COLUMNS.join(', ')} and attr.NAME for attributes`, line);
    }
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) throw new ReportError('', `header: no '${missing.join("' or '")}' column (required)`, line);
  return { columns, attributes, width: fields.length };
}

/** Column names are file data, possibly huge: messages show at most 60 characters. */
export function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
