/**
 * One CSV record → one asset, with the same rules as the YAML inventory's schema.
 * Cells are text; an empty cell means "not given". Lists (aliases, tags) are
 * separated by `;`. Attribute cells become booleans (`true`, `false`) or numbers
 * when written in canonical form (`42`, `-1.5`, not `007`), so that they compare
 * equal to the same attribute written in YAML; everything else stays text.
 */
import { suggest } from '../../engine/config/suggest.ts';
import { ReportError } from '../../engine/errors.ts';
import { ASSET_TYPES, EXPOSURE_LEVELS, type InventoryAsset } from '../../engine/model/asset.ts';
import { short, type Column, type Header } from './header.ts';

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function assetFromRecord(fields: readonly string[], header: Header, line: number, source: string): InventoryAsset {
  if (fields.length !== header.width) {
    throw new ReportError('', `the record has ${fields.length} field(s), the header ${header.width}`, line);
  }
  const cell = (c: Column): string | undefined => {
    const i = header.columns.get(c);
    const v = i === undefined ? undefined : fields[i]!.trim();
    return v === '' ? undefined : v;
  };
  const bad = (c: string, message: string): never => {
    throw new ReportError('', `${c}: ${message}`, line);
  };

  const id = cell('id') ?? bad('id', 'is required');
  if (!ID.test(id) || id.length > 100) bad('id', `${JSON.stringify(short(id))} is not an asset id (lower-case letters, digits, '.', '-', '_'; at most 100)`);
  const typeText = cell('type') ?? bad('type', 'is required');
  const type = oneOf(typeText, ASSET_TYPES) ?? bad('type', `${JSON.stringify(short(typeText))} is not an asset type${didYouMean(typeText, ASSET_TYPES)}; one of ${ASSET_TYPES.join(', ')}`);
  const repository = cell('repository');
  if (repository !== undefined && !REPOSITORY.test(repository)) bad('repository', `${JSON.stringify(short(repository))} is not owner/name`);
  const exposureText = cell('exposure');
  const exposure = exposureText === undefined ? undefined
    : oneOf(exposureText, EXPOSURE_LEVELS) ?? bad('exposure', `${JSON.stringify(short(exposureText))} is not one of ${EXPOSURE_LEVELS.join(', ')}${didYouMean(exposureText, EXPOSURE_LEVELS)}`);
  const name = cell('name');

  const attributes: [string, string | number | boolean][] = [];
  for (const [key, i] of header.attributes) {
    const v = fields[i]!.trim();
    if (v !== '') attributes.push([key, attributeValue(v)]);
  }
  return {
    id,
    type,
    ...(name !== undefined ? { name } : {}),
    aliases: list(cell('aliases')),
    tags: list(cell('tags')),
    ...(repository !== undefined ? { repository } : {}),
    ...(exposure !== undefined ? { exposure } : {}),
    // Object.fromEntries defines own properties: a column `attr.__proto__` stays data.
    attributes: Object.fromEntries(attributes),
    source,
  };
}

function oneOf<T extends string>(v: string, values: readonly T[]): T | undefined {
  return (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

function didYouMean(v: string, values: readonly string[]): string {
  const guess = v.length <= 100 ? suggest(v, values) : undefined;
  return guess ? ` (did you mean '${guess}'?)` : '';
}

function list(v: string | undefined): string[] {
  return v === undefined ? [] : [...new Set(v.split(';').map((x) => x.trim()).filter((x) => x !== ''))];
}

export function attributeValue(v: string): string | number | boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  // Canonical form only: the number must print back as the same text (not `007`, `1e3`, `1.50`).
  const n = Number(v);
  return Number.isFinite(n) && String(n) === v ? n : v;
}
