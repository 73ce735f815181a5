/**
 * CVSS scores from vectors, computed by ae-cvss-calculator (metæffekt, Apache-2.0,
 * all four versions): no scoring formula is written here. This file only checks
 * the vector (cvss-vector.ts), picks the scores to report, names the severity and
 * caches the result, because the same few thousand vectors recur across a million
 * findings and a v4.0 score costs about a millisecond.
 */
import { CVSS_CLASSES, parseCvssVector, type CvssError, type CvssVersion, type ParsedCvssVector } from './cvss-vector.ts';

export type { CvssError, CvssVersion, ParsedCvssVector } from './cvss-vector.ts';
export { CVSS_VERSIONS, parseCvssVector } from './cvss-vector.ts';

export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  readonly version: CvssVersion;
  /** Canonical vector (see ParsedCvssVector.vector). */
  readonly vector: string;
  /** v2/v3: the base score. v4.0: CVSS-B, from the base metrics alone. */
  readonly baseScore: number;
  /** Qualitative rating of baseScore. */
  readonly severity: CvssSeverity;
  /** v2/v3 only, when the vector sets a temporal metric. */
  readonly temporalScore?: number;
  /** v4.0 only, when the vector sets a threat metric (E): CVSS-BT. */
  readonly threatScore?: number;
  /**
   * When the vector sets an environmental metric. Like the v3 environmental score,
   * which folds in the temporal metrics, v4.0 reports CVSS-BTE here (CVSS-BE if no
   * threat metric is set).
   */
  readonly environmentalScore?: number;
}

export type CvssResult = CvssScore | CvssError;

// The library's index exports its classes but not its result interfaces.
type V4ScoreResult = ReturnType<InstanceType<(typeof CVSS_CLASSES)['4.0']>['calculateScores']>;
type MultiScoreResult = ReturnType<InstanceType<(typeof CVSS_CLASSES)['3.1']>['calculateScores']>;

export const isCvssError = (r: CvssResult | ParsedCvssVector): r is CvssError => 'error' in r;

/**
 * Qualitative severity. v3.x and v4.0 use the FIRST rating scale (0 none, 0.1–3.9
 * low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical). v2 has no scale of its own;
 * NVD's (0–3.9 low, 4.0–6.9 medium, 7.0–10 high) is what everyone shows for it.
 */
export function cvssSeverity(score: number, version: CvssVersion): CvssSeverity {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return score > 0 ? 'low' : 'none';
}

/** Score a checked vector with the library. Never throws. */
function compute(parsed: ParsedCvssVector): CvssResult {
  try {
    if (parsed.version === '4.0') {
      const v4: V4ScoreResult = new CVSS_CLASSES['4.0'](parsed.vector).calculateScores();
      const { baseMetricsOnly: base, threat, environmental, overall } = v4;
      if (!isScore(base)) return { error: `the CVSS library could not score ${parsed.vector}` };
      return Object.freeze({
        version: parsed.version,
        vector: parsed.vector,
        baseScore: base,
        severity: cvssSeverity(base, parsed.version),
        // The library reports threat/environmental only when such metrics are set;
        // its `overall` then includes every group that is set (CVSS-BTE).
        ...(isScore(threat) ? { threatScore: threat } : {}),
        ...(isScore(environmental) ? { environmentalScore: overall } : {}),
      });
    }
    const scores: MultiScoreResult = new CVSS_CLASSES[parsed.version](parsed.vector).calculateScores();
    const { base, temporal, environmental } = scores;
    if (!isScore(base)) return { error: `the CVSS library could not score ${parsed.vector}` };
    return Object.freeze({
      version: parsed.version,
      vector: parsed.vector,
      baseScore: base,
      severity: cvssSeverity(base, parsed.version),
      ...(isScore(temporal) ? { temporalScore: temporal } : {}),
      ...(isScore(environmental) ? { environmentalScore: environmental } : {}),
    });
  } catch (e) {
    return { error: `the CVSS library rejected ${parsed.vector}: ${(e as Error).message}` };
  }
}

const isScore = (n: number | undefined): n is number => typeof n === 'number' && n >= 0 && n <= 10;

/**
 * Score a vector, uncached. `version` is only used when the vector has no prefix
 * and its metrics do not tell the version (a v3 vector: 3.0 or 3.1).
 */
export function scoreCvss(vector: string, version?: CvssVersion): CvssResult {
  const parsed = parseCvssVector(vector, version);
  return isCvssError(parsed) ? parsed : compute(parsed);
}

export interface CvssScorer {
  /** As scoreCvss, cached: the same (vector, version) returns the same frozen object. */
  score(vector: string, version?: CvssVersion): CvssResult;
  /** As parseCvssVector, cached with the score. */
  parse(vector: string, version?: CvssVersion): ParsedCvssVector | CvssError;
  /** Number of cached vectors. */
  readonly size: number;
}

interface Cached {
  readonly parsed: ParsedCvssVector | CvssError;
  result?: CvssResult;
}

/**
 * A scorer with its own cache (so two runs, or two tests, never share state).
 * The cache is bounded: vectors come from scanner reports, and a report full of
 * distinct garbage must not grow memory without limit; when full it starts over.
 */
export function createCvssScorer(options: { maxEntries?: number } = {}): CvssScorer {
  const maxEntries = options.maxEntries ?? 50_000;
  // One map per version hint rather than a concatenated key: no string built per call.
  const byHint = new Map<CvssVersion | undefined, Map<string, Cached>>();
  let size = 0;

  function entry(vector: string, version: CvssVersion | undefined): Cached {
    let cache = byHint.get(version);
    if (cache === undefined) {
      cache = new Map();
      byHint.set(version, cache);
    }
    let hit = cache.get(vector);
    if (hit === undefined) {
      if (size >= maxEntries) {
        for (const m of byHint.values()) m.clear();
        size = 0;
      }
      hit = { parsed: parseCvssVector(vector, version) };
      cache.set(vector, hit);
      size++;
    }
    return hit;
  }

  return {
    score(vector, version) {
      const hit = entry(vector, version);
      if (hit.result === undefined) {
        hit.result = isCvssError(hit.parsed) ? Object.freeze(hit.parsed) : compute(hit.parsed);
      }
      return hit.result;
    },
    parse(vector, version) {
      return entry(vector, version).parsed;
    },
    get size() {
      return size;
    },
  };
}
