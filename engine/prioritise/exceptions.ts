/**
 * Exceptions: approved, expiring departures from policy. An exception applies up to
 * and including its `expires` day; from the next day it stops applying and is
 * reported as expired.
 */
import picomatch from 'picomatch';
import type { LocatedException } from '../config/load.ts';
import type { ExceptionConfig } from '../config/schema/exception.ts';
import type { Finding } from '../model/finding.ts';
import { packageKey } from '../discover/fingerprint.ts';

export interface CompiledException {
  config: ExceptionConfig;
  file: string;
  matches: (f: Finding, scopeId: string | null) => boolean;
}

export function compileExceptions(list: readonly LocatedException[]): CompiledException[] {
  return list.map((e) => ({ config: e.value, file: e.file, matches: compileSelector(e.value.selector) }));
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
