/**
 * Merge findings that share a fingerprint into one exposure that keeps every
 * source. The result does not depend on input order: sources are sorted, and each
 * field is taken from the first source (in that order) that has it.
 */
import type { Finding, Severity } from '../model/finding.ts';
import { internList } from './intern.ts';
import { sortByFingerprint } from '../model/fingerprint-order.ts';

const SEVERITY_RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1, unknown: 0 };

const sourceKey = (f: Finding) => {
  const s = f.sources[0];
  return s ? `${s.connector}\u0000${s.file ?? ''}\u0000${s.pointer}` : '';
};

export function mergeFindings(findings: Iterable<Finding>): Finding[] {
  const list = Array.isArray(findings) ? (findings as readonly Finding[]) : [...findings];
  // Already exposures (strictly increasing fingerprints: prepareRun merges, runCycle merges again): nothing to do.
  if (strictlyIncreasing(list, (f) => f.fingerprint)) return list.slice();
  // Sorted, then each run of equal fingerprints merged: no map of a million fingerprints, and a finding
  // alone (most are) stays as it is, with no array of its own (docs/scale.md).
  const sorted = sortByFingerprint(list);
  const out: Finding[] = [];
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i]!;
    let end = i + 1;
    while (end < sorted.length && sorted[end]!.fingerprint === first.fingerprint) end++;
    out.push(end - i === 1 ? first : mergeGroup(sorted.slice(i, end)));
    i = end;
  }
  return out;
}

function mergeGroup(group: Finding[]): Finding {
  const sorted = bySourceKey(group);
  const first = sorted[0]!;
  let severity: Severity = 'unknown';
  let suppressedByAll = true;
  const sources: Finding['sources'] = [];
  for (const f of sorted) {
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[severity]) severity = f.severity;
    if (!f.suppressed) suppressedByAll = false;
    for (const source of f.sources) sources.push(source);
  }
  const pkg = firstDefined(sorted, 'package');
  // Object.assign, not `{ ...first, ... }`: that gives every merged exposure its own hidden class in Node 20 (docs/scale.md).
  return Object.assign({}, first, {
    vulnerabilityId: firstDefined(sorted, 'vulnerabilityId'),
    aliases: union(sorted.map((f) => f.aliases)),
    cwe: union(sorted.map((f) => f.cwe)),
    description: firstDefined(sorted, 'description'),
    severity,
    cvss: firstDefined(sorted, 'cvss'),
    package: pkg && {
      ...pkg,
      fixedVersions: union(sorted.map((f) => f.package?.fixedVersions ?? [])),
    },
    location: firstDefined(sorted, 'location'),
    helpUri: firstDefined(sorted, 'helpUri'),
    // Suppressed only if every tool says so: one tool's `nosemgrep` does not silence another's report.
    suppressed: suppressedByAll ? first.suppressed : undefined,
    sources,
  });
}

/** The group in the order of its first sources (each key made once, not at every comparison). */
function bySourceKey(group: readonly Finding[]): Finding[] {
  const keyed = group.map((f) => ({ f, key: sourceKey(f) }));
  keyed.sort((a, b) => a.key.localeCompare(b.key));
  return keyed.map((k) => k.f);
}

/** `k` of the first finding that has it (the first finding's when none has). */
function firstDefined<K extends keyof Finding>(sorted: readonly Finding[], k: K): Finding[K] {
  for (const f of sorted) if (f[k] !== undefined) return f[k] ?? sorted[0]![k];
  return sorted[0]![k];
}

/** Every string of the lists, once each, sorted, shared. */
function union(lists: readonly (readonly string[])[]): string[] {
  // Usually every tool gave the same advisory's ids: one shared list, sorted, without repeats already.
  const one = lists[0]!;
  let same = true;
  for (const l of lists) if (l !== one) same = false;
  if (same && strictlyIncreasing(one, (x) => x)) return internList(one);
  return internList([...new Set(lists.flat())].sort());
}

/** Each key greater than the one before, as code units compare: sorted, and no two alike. */
function strictlyIncreasing<T>(xs: readonly T[], key: (x: T) => string): boolean {
  for (let i = 1; i < xs.length; i++) if (!(key(xs[i - 1]!) < key(xs[i]!))) return false;
  return true;
}
