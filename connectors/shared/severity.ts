/**
 * One severity scale for every scanner. Tools use their own words (Grype's
 * `Negligible`, GHSA's `MODERATE`, Red Hat's `Important`, Debian's `unimportant`);
 * the engine's policies only ever see the six values of `Severity`.
 */
import type { Severity } from '../../engine/model/finding.ts';

// A Map, not an object literal: the word is scanner data and must not hit prototype keys.
const WORDS: ReadonlyMap<string, Severity> = new Map([
  ['critical', 'critical'],
  ['high', 'high'],
  ['important', 'high'], // Red Hat
  ['medium', 'medium'],
  ['moderate', 'medium'], // GHSA, Red Hat
  ['low', 'low'],
  ['minor', 'low'],
  ['negligible', 'info'], // Grype: below Low
  ['unimportant', 'info'], // Debian security tracker urgency
  ['info', 'info'],
  ['informational', 'info'],
  ['none', 'info'], // CVSS qualitative rating for 0.0
  ['unknown', 'unknown'],
]);

/** Map a tool's severity word (any case, surrounding spaces ignored); anything unrecognised is `unknown`. */
export function toSeverity(word: string | undefined): Severity {
  if (word === undefined) return 'unknown';
  return WORDS.get(word.trim().toLowerCase()) ?? 'unknown';
}

/** CVSS v3/v4 qualitative rating of a base score (also used for v2 scores, which have no official rating). */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score) || score < 0 || score > 10) return 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

// `unknown` ranks lowest: any stated severity is more informative than none.
const RANK: Record<Severity, number> = { unknown: 0, info: 1, low: 2, medium: 3, high: 4, critical: 5 };

export function maxSeverity(severities: Iterable<Severity>): Severity {
  let best: Severity = 'unknown';
  for (const s of severities) if (RANK[s] > RANK[best]) best = s;
  return best;
}
