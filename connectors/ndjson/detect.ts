/**
 * Is this file NDJSON findings? Its first non-blank line must be a complete JSON
 * object, and either look like a ctem finding (`ruleId` and `kind` strings) or the
 * file be named `.ndjson`/`.jsonl`. A pretty-printed JSON report starts with a line
 * that is not a whole JSON value, and a one-line report is not a finding, so neither
 * is mistaken for NDJSON.
 */
import { isJsonObject, own } from '../shared/json-reader.ts';

export function detectNdjson(head: string, fileName: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split('\n');
  // The last piece may be cut mid-line; only whole lines are judged.
  const first = lines.slice(0, -1).find((l) => l.trim() !== '');
  if (first === undefined) return false;
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch {
    return false;
  }
  if (!isJsonObject(value)) return false;
  if (typeof own(value, 'ruleId') === 'string' && typeof own(value, 'kind') === 'string') return true;
  return /\.(ndjson|jsonl)$/i.test(fileName);
}
