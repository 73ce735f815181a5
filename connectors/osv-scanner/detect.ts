/**
 * Is this parsed document OSV-Scanner JSON output? A `results` array whose entries
 * are objects with a `packages` array. A clean scan (`results: []`) is recognised
 * only when the document has no keys OSV-Scanner would not write, since an empty
 * `results` array alone says little.
 *
 * A single OSV record (`{ "id": ..., "affected": [...] }`) is an advisory, not
 * scanner output, and is not detected.
 */
import { isJsonObject, own } from '../shared/json-reader.ts';

const CLEAN_SCAN_KEYS: ReadonlySet<string> = new Set(['results', 'experimental_config']);

export function detectOsvScanner(doc: unknown): boolean {
  if (!isJsonObject(doc)) return false;
  const results = own(doc, 'results');
  if (!Array.isArray(results)) return false;
  if (results.length === 0) return Object.keys(doc).every((k) => CLEAN_SCAN_KEYS.has(k));
  return results.every((r) => isJsonObject(r) && Array.isArray(own(r, 'packages')));
}
