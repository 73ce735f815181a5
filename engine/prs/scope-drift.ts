/**
 * Scope drift: assets that no scope covers go into `scopes/unassigned.yaml`, a valid
 * scope owned by a configured team, proposed as one pull request for owners to claim
 * their assets from. When the file already exists on the default branch, the missing
 * ids are added to it (comments and order kept); otherwise a new file is written. Pure.
 */
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';

export const UNASSIGNED_FILE = 'scopes/unassigned.yaml';

/** Asset ids are globs in a selector; an id with glob characters could match others, so it is not proposed. */
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._/:-]*$/;

export function proposableIds(ids: readonly string[]): { ids: string[]; skipped: string[] } {
  const ok = [...new Set(ids)].filter((i) => PLAIN_ID.test(i)).sort();
  return { ids: ok, skipped: ids.filter((i) => !PLAIN_ID.test(i)) };
}

export function newUnassignedScope(ids: readonly string[], owner: string): string {
  return [
    '# yaml-language-server: $schema=../schemas/scope.schema.json',
    '# Assets that no scope covered when ctem last looked (scope drift), proposed by ctem.',
    '# Owners: claim your asset by adding it to your own scope (or widening its selector),',
    '# then remove its id here. Until then it is prioritised with the settings below.',
    'id: unassigned',
    'name: Unassigned assets',
    'description: Assets no other scope covers, waiting for an owner to claim them.',
    'owner:',
    `  team: ${owner}`,
    'criticality: high',
    'exposure: internal',
    'selector:',
    '  ids:',
    ...ids.map((i) => `    - ${i}`),
    '',
  ].join('\n');
}

/**
 * The file with every id in `ids` listed under `selector.ids`; undefined when the
 * existing file cannot be edited safely (not a mapping, or no id list to add to).
 */
export function unassignedScopeText(current: string | undefined, ids: readonly string[], owner: string): string | undefined {
  if (current === undefined) return newUnassignedScope(ids, owner);
  const doc = parseDocument(current);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const selector = (doc.contents as YAMLMap).get('selector', true);
  if (!isMap(selector)) return undefined;
  const list = (selector as YAMLMap).get('ids', true);
  if (!isSeq(list)) return undefined;
  const have = new Set((list as YAMLSeq).items.map((n) => String((n as { value?: unknown }).value ?? n)));
  const add = ids.filter((i) => !have.has(i));
  if (add.length === 0) return current;
  for (const i of add) (list as YAMLSeq).add(doc.createNode(i));
  return doc.toString();
}
