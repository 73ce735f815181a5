/**
 * Operators ctem adds for policy authors. All are pure, never throw on odd
 * input (they answer false or null instead), never read the clock, and never
 * call anything found in data.
 *
 * There is deliberately no `regex_match`: a regular expression written in a
 * policy pull request and run by V8's backtracking engine against scanner text
 * can take exponential time (ReDoS), stalling every evaluation. `glob`,
 * `starts_with`, `ends_with`, `in` and `lower`/`upper` cover the matching
 * policies need, in linear time.
 */
import semver from 'semver';
import { compileGlob, type GlobMatcher } from './glob.ts';
import { BoundedCache } from './cache.ts';

const MS_PER_DAY = 86_400_000;
/** semver refuses longer versions itself; ranges get the same bound. */
const MAX_RANGE_LENGTH = 256;

// ---- glob -------------------------------------------------------------------

const globCache = new BoundedCache<string, GlobMatcher | null>(512);

/** A matcher for a pattern, or null when the pattern is refused (see glob.ts). */
export function globMatcher(pattern: string): GlobMatcher | null {
  let m = globCache.get(pattern);
  if (m === undefined) {
    const r = compileGlob(pattern);
    m = r.ok ? r.match : null;
    globCache.set(pattern, m);
  }
  return m;
}

/** `{"glob": [value, pattern]}`: false unless both are strings and the value matches. */
export function glob(value: unknown, pattern: unknown): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  const m = globMatcher(pattern);
  return m !== null && m(value);
}

// ---- semver -----------------------------------------------------------------

const versionCache = new BoundedCache<string, semver.SemVer | null>(4096);
const rangeCache = new BoundedCache<string, semver.Range | null>(512);

/** Strict semver (a leading `v` or `=` is allowed, as semver does); null when invalid. */
export function parseVersion(v: unknown): semver.SemVer | null {
  if (typeof v !== 'string') return null;
  let parsed = versionCache.get(v);
  if (parsed === undefined) {
    parsed = semver.parse(v); // returns null, never throws, for bad or over-long input
    versionCache.set(v, parsed);
  }
  return parsed;
}

/**
 * A range; null when invalid. Prereleases are included (`2.17.1-rc1` satisfies
 * `<2.17.1`): for "is this version in the vulnerable range" that is the safe answer.
 */
export function parseRange(r: unknown): semver.Range | null {
  if (typeof r !== 'string' || r.length > MAX_RANGE_LENGTH) return null;
  let parsed = rangeCache.get(r);
  if (parsed === undefined) {
    try {
      parsed = new semver.Range(r, { includePrerelease: true });
    } catch {
      parsed = null;
    }
    rangeCache.set(r, parsed);
  }
  return parsed;
}

/** -1/0/1, or undefined when either side is not a valid version. */
export function compareVersions(a: unknown, b: unknown): number | undefined {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  return va === null || vb === null ? undefined : va.compare(vb);
}

export function satisfies(version: unknown, range: unknown): boolean {
  const v = parseVersion(version);
  const r = parseRange(range);
  return v !== null && r !== null && r.test(v);
}

// ---- dates ------------------------------------------------------------------

/** ISO 8601 calendar date, optionally with a time and an offset. */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch for an ISO 8601 string, or undefined. Only ISO
 * is accepted (Date.parse's other formats are engine-specific); a date-time
 * without an offset is taken as UTC, so results never depend on the machine's
 * time zone.
 */
export function parseIsoDate(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined;
  const m = ISO_DATE.exec(v);
  if (m === null) return undefined;
  const [, date, time, offset] = m;
  let text = date as string;
  if (time !== undefined) {
    // Date.parse takes at most millisecond precision reliably.
    const t = time.replace(/(\.\d{3})\d+$/, '$1');
    const off = offset === undefined ? 'Z' : offset.toUpperCase() === 'Z' ? 'Z' : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
    text = `${date}T${t}${off}`;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A `now` given as an ISO string, epoch milliseconds or a Date; undefined when unusable. */
export function toEpochMs(now: unknown): number | undefined {
  if (typeof now === 'number') return Number.isFinite(now) ? now : undefined;
  if (now instanceof Date) {
    const t = now.getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  return parseIsoDate(now);
}

/**
 * Whole days from `date` to `now`, rounded down (so "at least 30 days old" is
 * `>= 30`); negative for a date after `now`. null when either is missing or
 * not an ISO date.
 */
export function daysSince(date: unknown, nowMs: number | undefined): number | null {
  const then = parseIsoDate(date);
  if (then === undefined || nowMs === undefined) return null;
  return Math.floor((nowMs - then) / MS_PER_DAY);
}

// ---- strings ----------------------------------------------------------------

export function startsWith(s: unknown, prefix: unknown): boolean {
  return typeof s === 'string' && typeof prefix === 'string' && s.startsWith(prefix);
}

export function endsWith(s: unknown, suffix: unknown): boolean {
  return typeof s === 'string' && typeof suffix === 'string' && s.endsWith(suffix);
}

/** Locale-independent lower case; null for anything but a string. */
export function lower(s: unknown): string | null {
  return typeof s === 'string' ? s.toLowerCase() : null;
}

export function upper(s: unknown): string | null {
  return typeof s === 'string' ? s.toUpperCase() : null;
}
