/**
 * The tool's own fingerprint of a result, as one deterministic string.
 *
 * SARIF has two bags of them (§3.27.16-17): `fingerprints` (stable identities the tool
 * vouches for, e.g. Semgrep's `matchBasedId/v1`) and `partialFingerprints` (contributions
 * a consumer may combine, e.g. CodeQL's `primaryLocationLineHash`). Both are kept, in a
 * fixed layout, so two scans of the same result give byte-identical strings:
 *
 *   {"fingerprints":[["key","value"],...],"partialFingerprints":[["key","value"],...]}
 *
 * `fingerprints` first, then `partialFingerprints`; an empty bag is left out; keys sorted by
 * UTF-16 code units (not localeCompare, which depends on the machine's locale; not object
 * key order, which puts integer-like keys such as Nessus's "0" first). Pairs rather than an
 * object so that any key, `__proto__` included, is plain data. Non-string values are
 * ignored: SARIF requires strings.
 */
import { field, objectField, sortedKeys, type JsonObject } from './json.ts';

export function nativeFingerprint(result: JsonObject): string | undefined {
  const layout: Array<[string, Array<[string, string]>]> = [];
  for (const bag of ['fingerprints', 'partialFingerprints']) {
    const obj = objectField(result, bag);
    if (obj === undefined) continue;
    const pairs: Array<[string, string]> = [];
    for (const key of sortedKeys(obj)) {
      const value = field(obj, key);
      if (typeof value === 'string') pairs.push([key, value]);
    }
    if (pairs.length > 0) layout.push([bag, pairs]);
  }
  if (layout.length === 0) return undefined;
  return `{${layout.map(([bag, pairs]) => `${JSON.stringify(bag)}:${JSON.stringify(pairs)}`).join(',')}}`;
}
