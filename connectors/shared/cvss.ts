/**
 * CVSS references from scanner data. The version is read from the vector itself
 * (`CVSS:3.1/...`), never trusted from a separate field, because tools disagree on
 * how they label it (OSV's `CVSS_V3` covers both 3.0 and 3.1).
 */
import type { CvssRef } from '../../engine/model/finding.ts';

export type CvssVersion = CvssRef['version'];

const PREFIXED = /^CVSS:(3\.0|3\.1|4\.0)\//;
// v2 vectors carry no prefix; recognise them by their first three base metrics.
const V2 = /^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//;

export function cvssVersionOf(vector: string): CvssVersion | undefined {
  const m = PREFIXED.exec(vector);
  if (m) return m[1] as CvssVersion;
  return V2.test(vector) ? '2.0' : undefined;
}

// Any `METRIC:VALUE/METRIC:VALUE...` string: the shape of a vector whose prefix is missing.
const METRICS = /^[A-Za-z]+:[A-Za-z]+(?:\/[A-Za-z]+:[A-Za-z]+)*$/;

const ORDER: Record<CvssVersion, number> = { '2.0': 0, '3.0': 1, '3.1': 2, '4.0': 3 };

/**
 * A CvssRef from a vector and/or score. `fallbackVersion` (what the field is labelled,
 * e.g. Trivy's `V3Vector`) is used only when the vector states no version itself, and
 * only if it has the shape of a vector at all: text that is not a vector is dropped
 * rather than carried as one. Scores outside 0..10 are not scores and are dropped.
 */
export function cvssRef(vector: string | undefined, score: number | undefined, fallbackVersion?: CvssVersion): CvssRef | undefined {
  const stated = vector !== undefined ? cvssVersionOf(vector) : undefined;
  const usableVector = stated !== undefined || (vector !== undefined && METRICS.test(vector)) ? vector : undefined;
  const version = stated ?? fallbackVersion;
  const validScore = score !== undefined && score >= 0 && score <= 10 ? score : undefined;
  if (version === undefined || (usableVector === undefined && validScore === undefined)) return undefined;
  const ref: CvssRef = { version };
  if (usableVector !== undefined) ref.vector = usableVector;
  if (validScore !== undefined) ref.score = validScore;
  return ref;
}

/** The reference with the highest CVSS version; on a tie the first one given wins. */
export function highestCvss(refs: Iterable<CvssRef | undefined>): CvssRef | undefined {
  let best: CvssRef | undefined;
  for (const r of refs) {
    if (r !== undefined && (best === undefined || ORDER[r.version] > ORDER[best.version])) best = r;
  }
  return best;
}
