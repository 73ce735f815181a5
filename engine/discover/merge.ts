/**
 * Merge findings that share a fingerprint into one exposure that keeps every
 * source. The result does not depend on input order: sources are sorted, and each
 * field is taken from the first source (in that order) that has it.
 */
import type { Finding, Severity } from '../model/finding.ts';
import { internList } from './intern.ts';
import { byFingerprint } from '../model/fingerprint-order.ts';

const SEVERITY_RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1, unknown: 0 };

const sourceKey = (f: Finding) => {
  const s = f.sources[0];
  return s ? `${s.connector}\u0000${s.file ?? ''}\u0000${s.pointer}` : '';
};

export function mergeFindings(findings: Iterable<Finding>): Finding[] {
  const list = Array.isArray(findings) ? (findings as readonly Finding[]) : [...findings];
  // Already exposures (strictly increasing fingerprints: prepareRun merges, runCycle merges again): nothing to do.
  if (isStrictlyIncreasing(list)) return list.slice();
  // A group is its one finding until a second one shares its fingerprint: most findings are alone, and an
  // array each is a million arrays at full scale (docs/scale.md).
  const groups = new Map<string, Finding | Finding[]>();
  for (const f of list) {
    const g = groups.get(f.fingerprint);
    if (g === undefined) groups.set(f.fingerprint, f);
    else if (Array.isArray(g)) g.push(f);
    else groups.set(f.fingerprint, [g, f]);
  }
  const out: Finding[] = [];
  for (const g of groups.values()) out.push(Array.isArray(g) ? mergeGroup(g) : g);
  return out.sort(byFingerprint);
}

function isStrictlyIncreasing(list: readonly Finding[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]!.fingerprint < list[i]!.fingerprint)) return false;
  return true;
}

function mergeGroup(group: Finding[]): Finding {
  const sorted = [...group].sort((a, b) => sourceKey(a).localeCompare(sourceKey(b)));
  const first = sorted[0]!;
  const pick = <K extends keyof Finding>(k: K): Finding[K] => sorted.find((f) => f[k] !== undefined)?.[k] ?? first[k];
  const union = (xs: string[][]) => internList([...new Set(xs.flat())].sort());
  const severity = sorted
    .map((f) => f.severity)
    .reduce((best, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[best] ? s : best), 'unknown' as Severity);
  const pkg = pick('package');
  // Object.assign, not `{ ...first, ... }`: that gives every merged exposure its own hidden class in Node 20 (docs/scale.md).
  return Object.assign({}, first, {
    vulnerabilityId: pick('vulnerabilityId'),
    aliases: union(sorted.map((f) => f.aliases)),
    cwe: union(sorted.map((f) => f.cwe)),
    description: pick('description'),
    severity,
    cvss: pick('cvss'),
    package: pkg && {
      ...pkg,
      fixedVersions: union(sorted.map((f) => f.package?.fixedVersions ?? [])),
    },
    location: pick('location'),
    helpUri: pick('helpUri'),
    // Suppressed only if every tool says so: one tool's `nosemgrep` does not silence another's report.
    suppressed: sorted.every((f) => f.suppressed) ? first.suppressed : undefined,
    sources: sorted.flatMap((f) => f.sources),
  });
}
