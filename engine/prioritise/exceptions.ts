/**
 * Exceptions: approved, expiring departures from policy. An exception applies up to
 * and including its `expires` day; from the next day it stops applying and is
 * reported as expired. Days are UTC calendar days: "today" is the run's ISO
 * timestamp (always UTC) cut to its date, so an exception expiring 2027-01-15 still
 * applies at 2027-01-15T23:59:59Z and no longer at 2027-01-16T00:00:00Z, wherever
 * the runner is.
 */
import picomatch from 'picomatch';
import type { LocatedException } from '../config/load.ts';
import type { ExceptionConfig } from '../config/schema/exception.ts';
import type { Problem } from '../errors.ts';
import type { Finding } from '../model/finding.ts';
import { packageKey } from '../discover/fingerprint.ts';

export interface CompiledException {
  config: ExceptionConfig;
  file: string;
  /** Where its `expires` is written, for warnings. */
  line?: number;
  column?: number;
  matches: (f: Finding, scopeId: string | null) => boolean;
}

export function compileExceptions(list: readonly LocatedException[]): CompiledException[] {
  return list.map((e) => {
    const at = e.locate(['exceptions', e.index, 'expires']);
    return { config: e.value, file: e.file, line: at.line, column: at.column, matches: compileSelector(e.value.selector) };
  });
}

function compileSelector(sel: ExceptionConfig['selector']): CompiledException['matches'] {
  const checks: CompiledException['matches'][] = [];
  if (sel.fingerprint !== undefined) {
    const fp = sel.fingerprint;
    checks.push((f) => f.fingerprint === fp || (fp.length >= 8 && f.fingerprint.startsWith(fp)));
  }
  if (sel.vulnerability !== undefined) {
    const v = sel.vulnerability.toUpperCase();
    checks.push((f) => f.vulnerabilityId?.toUpperCase() === v || f.aliases.includes(v) || f.ruleId.toUpperCase() === v);
  }
  if (sel.assets !== undefined) {
    const m = picomatch(sel.assets);
    checks.push((f) => m(f.asset));
  }
  if (sel.package !== undefined) {
    const key = packageKey(sel.package);
    checks.push((f) => f.package !== undefined && packageKey(f.package.name) === key);
  }
  if (sel.scope !== undefined) {
    const s = sel.scope;
    checks.push((_f, scopeId) => scopeId === s);
  }
  return (f, scopeId) => checks.every((c) => c(f, scopeId));
}

/** Is the exception in force on `today` (YYYY-MM-DD)? The expiry day itself is included. */
export const isActive = (e: ExceptionConfig, today: string): boolean => today <= e.expires;

/** The first active exception that matches, in file then list order. */
export function findException(
  list: readonly CompiledException[],
  f: Finding,
  scopeId: string | null,
  today: string,
): CompiledException | undefined {
  return list.find((e) => isActive(e.config, today) && e.matches(f, scopeId));
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
  for (const e of list) {
    if (isActive(e.config, today)) continue;
    let count = 0;
    for (const f of exposures) if (e.matches(f, scopeOf(f))) count++;
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
