/**
 * Choosing one CVSS reference from Grype's `cvss[]` list: the highest CVSS version,
 * with that entry's own base score (Grype lists NVD and vendor entries side by side,
 * sometimes one per version). On a tie the first entry wins, which is Grype's own
 * order (the primary source first).
 */
import type { CvssRef } from '../../engine/model/finding.ts';
import { cvssRef, highestCvss, type CvssVersion } from '../shared/cvss.ts';
import { objectsIn, optNumber, optObject, optString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';

const VERSIONS: ReadonlySet<string> = new Set(['2.0', '3.0', '3.1', '4.0']);

export function pickGrypeCvss(metadata: JsonObject, path: JsonPath): CvssRef | undefined {
  return highestCvss(
    objectsIn(metadata, 'cvss', path).map(({ value: entry, path: entryPath }) => {
      const stated = optString(entry, 'version', entryPath);
      const metrics = optObject(entry, 'metrics', entryPath);
      const score = metrics !== undefined ? optNumber(metrics, 'baseScore', [...entryPath, 'metrics']) : undefined;
      // The vector's own prefix decides; the `version` field only helps for unprefixed (v2) vectors.
      const fallback = stated !== undefined && VERSIONS.has(stated) ? (stated as CvssVersion) : undefined;
      return cvssRef(optString(entry, 'vector', entryPath), score, fallback);
    }),
  );
}
