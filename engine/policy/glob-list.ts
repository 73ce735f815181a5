/**
 * Glob lists in selectors (scope `ids`/`repositories`, exception and validation
 * `assets`): a value matches when any pattern does. Patterns come from pull
 * requests, so they go through the same linear-time matcher as the `glob` policy
 * operator (jsonlogic/glob.ts explains why not picomatch's backtracking RegExps).
 * A refused pattern matches nothing here; `ctem validate` reports it, located, via
 * {@link globListProblems}. Pure.
 */
import { compileGlob, type GlobMatcher } from './jsonlogic/glob.ts';

export interface GlobListOptions {
  /** Compare case-insensitively (repository names: GitHub treats `Acme/API` and `acme/api` alike). */
  nocase?: boolean;
}

export function compileGlobList(patterns: readonly string[], options: GlobListOptions = {}): GlobMatcher {
  const fold = options.nocase === true ? (s: string) => s.toLowerCase() : (s: string) => s;
  const exact = new Set<string>();
  const matchers: GlobMatcher[] = [];
  for (const p of patterns) {
    const folded = fold(p);
    // Most selector entries are plain ids: a set lookup, not a matcher each.
    if (!/[*?[\]{}\\()!@+]/.test(folded)) exact.add(folded);
    else {
      const r = compileGlob(folded);
      if (r.ok) matchers.push(r.match);
    }
  }
  return (value) => {
    const v = fold(value);
    if (exact.has(v)) return true;
    for (const m of matchers) if (m(v)) return true;
    return false;
  };
}

/** Each refused pattern of the list, with its index and the reason. */
export function globListProblems(patterns: readonly string[]): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  patterns.forEach((p, index) => {
    const r = compileGlob(p);
    if (!r.ok) out.push({ index, message: `glob pattern '${p}' is refused: ${r.reason}` });
  });
  return out;
}
