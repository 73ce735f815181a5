/**
 * Exceptions: approved, expiring departures from policy. An exception applies up to
 * and including its `expires` day; from the next day it stops applying and is
 * reported as expired. Days are UTC calendar days: "today" is the run's ISO
 * timestamp (always UTC) cut to its date, so an exception expiring 2027-01-15 still
 * applies at 2027-01-15T23:59:59Z and no longer at 2027-01-16T00:00:00Z, wherever
 * the runner is.
 */
import type { LocatedException } from '../config/load.ts';
import type { ExceptionConfig } from '../config/schema/exception.ts';
import type { Problem } from '../errors.ts';
import type { Finding } from '../model/finding.ts';
import { buildExceptionIndex, type ExceptionIndex } from './exception-index.ts';
import { compileExposureSelector, type SelectorMatch } from './exposure-selector.ts';

export interface CompiledException {
  config: ExceptionConfig;
  file: string;
  /** Where its `expires` is written, for warnings. */
  line?: number;
  column?: number;
  matches: SelectorMatch;
}

export function compileExceptions(list: readonly LocatedException[]): CompiledException[] {
  return list.map((e) => {
    const at = e.locate(['exceptions', e.index, 'expires']);
    return { config: e.value, file: e.file, line: at.line, column: at.column, matches: compileExposureSelector(e.value.selector) };
  });
}

/** Is the exception in force on `today` (YYYY-MM-DD)? The expiry day itself is included. */
export const isActive = (e: ExceptionConfig, today: string): boolean => today <= e.expires;

// Built once per compiled list (compileExceptions' result is never changed afterwards).
const indexes = new WeakMap<readonly CompiledException[], ExceptionIndex>();
function indexOf(list: readonly CompiledException[]): ExceptionIndex {
  let index = indexes.get(list);
  if (index === undefined) indexes.set(list, (index = buildExceptionIndex(list.map((e) => e.config.selector))));
  return index;
}

/** The first active exception that matches, in file then list order (only the indexed candidates are tried). */
export function findException(
  list: readonly CompiledException[],
  f: Finding,
  scopeId: string | null,
  today: string,
): CompiledException | undefined {
  for (const i of indexOf(list).candidates(f)) {
    const e = list[i]!;
    if (isActive(e.config, today) && e.matches(f, scopeId)) return e;
  }
  return undefined;
}

/**
 * Expired exceptions that still match exposures: one warning per exception with the
 * number of exposures it no longer covers, so that an expiry nobody renewed is
 * noticed in the run's output and not only in a changed priority.
 */
export function expiredExceptionWarnings(
  list: readonly CompiledException[],
  exposures: readonly Finding[],
  scopeOf: (f: Finding) => string | null,
  today: string,
): Problem[] {
  const problems: Problem[] = [];
  const expired = list.filter((e) => !isActive(e.config, today));
  if (expired.length === 0) return problems;
  // One pass over the exposures, trying only each one's candidate exceptions.
  const index = buildExceptionIndex(expired.map((e) => e.config.selector));
  const counts = new Array<number>(expired.length).fill(0);
  for (const f of exposures) {
    const candidates = index.candidates(f);
    if (candidates.length === 0) continue;
    const scopeId = scopeOf(f);
    for (const i of candidates) if (expired[i]!.matches(f, scopeId)) counts[i]!++;
  }
  for (const [i, e] of expired.entries()) {
    const count = counts[i]!;
    if (count === 0) continue;
    problems.push({
      code: 'exception-expired-in-use',
      severity: 'warning',
      message: `exception '${e.config.id}' expired on ${e.config.expires}: it no longer covers ${count} exposure(s), which are prioritised by policy again`,
      file: e.file,
      line: e.line,
      column: e.column,
      hint: 'renew it (a new expiry, approved again) or remove it',
    });
  }
  return problems;
}

/** The configuration check's warning that an exception has expired (engine/config/check-references.ts). */
export const isExpiryWarning = (p: Problem): boolean => p.code === 'exception-expired';

/**
 * Of the configuration check's expiry warnings, those a run should still print once its
 * cycle has run: an exception the cycle found still matching exposures has its own
 * warning from `expiredExceptionWarnings`, at the same place (the `expires` field) and
 * saying more (how many exposures it no longer covers), so the two are not both printed.
 */
export function expiryWarningsNotInUse(config: readonly Problem[], cycle: readonly Problem[]): Problem[] {
  const place = (p: Problem) => `${p.file ?? ''}\0${p.line ?? ''}\0${p.column ?? ''}`;
  const inUse = new Set(cycle.filter((p) => p.code === 'exception-expired-in-use').map(place));
  return config.filter((p) => isExpiryWarning(p) && !inUse.has(place(p)));
}
