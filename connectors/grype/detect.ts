/**
 * Is this parsed document Grype JSON? A `matches` array plus either Grype's own
 * descriptor name or its `source` description; `matches` alone is too common a key.
 */
import { isJsonObject, own } from '../shared/json-reader.ts';

export function detectGrype(doc: unknown): boolean {
  if (!isJsonObject(doc) || !Array.isArray(own(doc, 'matches'))) return false;
  const descriptor = own(doc, 'descriptor');
  if (isJsonObject(descriptor) && own(descriptor, 'name') === 'grype') return true;
  const source = own(doc, 'source');
  return isJsonObject(source) && typeof own(source, 'type') === 'string' && own(source, 'target') !== undefined;
}
