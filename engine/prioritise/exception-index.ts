/**
 * An index over compiled exceptions, so that finding the exception for an exposure
 * does not try every exception on every exposure (300 exceptions × a million
 * exposures). Each exception is filed under the one selector field that narrows it
 * most — fingerprint, else vulnerability, else package — or, with none of those, on
 * a short list tried for every exposure. An exposure's candidates are those filed
 * under its own values; each candidate's full selector is still checked, and the
 * first in list order wins, so the answer is exactly that of trying them all. Pure.
 */
import { packageKey } from '../discover/fingerprint.ts';
import type { Finding } from '../model/finding.ts';

/** Fingerprint selectors of 8 or more characters also match as prefixes: filed under their first 8. */
const PREFIX = 8;

export interface ExceptionIndex {
  /** Positions (ascending) of the exceptions that may match `f`: a superset of those that do. Read-only. */
  candidates(f: Finding): number[];
}

interface Selector {
  fingerprint?: string;
  vulnerability?: string;
  package?: string;
}

export function buildExceptionIndex(selectors: readonly Selector[]): ExceptionIndex {
  const byPrefix = new Map<string, number[]>();
  const byFingerprint = new Map<string, number[]>();
  const byVulnerability = new Map<string, number[]>();
  const byPackage = new Map<string, number[]>();
  const always: number[] = [];
  const file = (m: Map<string, number[]>, k: string, i: number) => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  selectors.forEach((s, i) => {
    if (s.fingerprint !== undefined) {
      if (s.fingerprint.length >= PREFIX) file(byPrefix, s.fingerprint.slice(0, PREFIX), i);
      else file(byFingerprint, s.fingerprint, i);
    } else if (s.vulnerability !== undefined) file(byVulnerability, s.vulnerability.toUpperCase(), i);
    else if (s.package !== undefined) file(byPackage, packageKey(s.package), i);
    else always.push(i);
  });
  const hasVulnerabilities = byVulnerability.size > 0;
  const hasPackages = byPackage.size > 0;
  const hasFingerprints = byPrefix.size > 0 || byFingerprint.size > 0;
  // Called once or twice per exposure: no closures, no arrays unless two lists must be merged.
  return {
    candidates(f) {
      const hits: number[][] = [];
      if (always.length > 0) hits.push(always);
      if (hasFingerprints) {
        const a = byPrefix.get(f.fingerprint.slice(0, PREFIX));
        if (a !== undefined) hits.push(a);
        const b = byFingerprint.get(f.fingerprint);
        if (b !== undefined) hits.push(b);
      }
      if (hasVulnerabilities) {
        // The selector matches the vulnerability id or the rule id (both compared upper-cased), or an alias as written.
        const v = f.vulnerabilityId?.toUpperCase();
        const r = f.ruleId.toUpperCase();
        if (v !== undefined) pushHit(hits, byVulnerability.get(v));
        if (r !== v) pushHit(hits, byVulnerability.get(r));
        for (const alias of f.aliases) if (alias !== v && alias !== r) pushHit(hits, byVulnerability.get(alias));
      }
      if (hasPackages && f.package !== undefined) pushHit(hits, byPackage.get(keyOfPackage(f.package.name)));
      if (hits.length === 0) return NONE;
      if (hits.length === 1) return hits[0]!;
      return [...new Set(hits.flat())].sort((x, y) => x - y);
    },
  };
}

const NONE: number[] = [];

function pushHit(hits: number[][], l: number[] | undefined): void {
  if (l !== undefined) hits.push(l);
}

// packageKey lower-cases and splits: remembered per name, as the same packages recur across the estate.
const packageKeys = new Map<string, string>();
function keyOfPackage(name: string): string {
  let k = packageKeys.get(name);
  if (k === undefined) {
    if (packageKeys.size >= 100_000) packageKeys.clear();
    packageKeys.set(name, (k = packageKey(name)));
  }
  return k;
}
