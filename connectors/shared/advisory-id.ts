/**
 * Advisory ids and the canonical `vulnerabilityId`.
 *
 * Different scanners name the same exposure differently: Grype may report a GHSA
 * with the CVE only among its related vulnerabilities, OSV-Scanner reports RUSTSEC or
 * GO ids with CVE aliases, Trivy usually reports the CVE. The engine recognises one
 * exposure across tools by `vulnerabilityId`, so every connector picks it by the
 * same rule: a CVE if any known id is one, else a GHSA, else the tool's own id.
 *
 * Ids are upper-cased (aliases and vulnerabilityId alike) so that comparisons are
 * case-stable: GHSA ids are written lower-case after the prefix by GitHub and
 * upper-case by some tools.
 */

export type AdvisoryKind = 'cve' | 'ghsa' | 'other';

const CVE = /^CVE-(\d{4})-(\d{4,})$/;
const GHSA = /^GHSA(-[23456789CFGHJMPQRVWX]{4}){3}$/;

/** Upper-case and trim an id; the form used in `aliases` and `vulnerabilityId`. */
export const normaliseId = (id: string): string => id.trim().toUpperCase();

export function classifyAdvisoryId(id: string): AdvisoryKind {
  const n = normaliseId(id);
  if (CVE.test(n)) return 'cve';
  if (GHSA.test(n)) return 'ghsa';
  return 'other';
}

/** Upper-cased, sorted, unique, without empty strings. */
export function normaliseAliases(ids: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const id of ids) {
    const n = normaliseId(id);
    if (n !== '') set.add(n);
  }
  return [...set].sort();
}

/** Oldest CVE first (by year, then number), so that the choice never depends on input order. */
function compareCve(a: string, b: string): number {
  const ma = CVE.exec(a);
  const mb = CVE.exec(b);
  if (!ma || !mb) return a.localeCompare(b);
  return Number(ma[1]) - Number(mb[1]) || Number(ma[2]) - Number(mb[2]) || a.localeCompare(b);
}

/**
 * The canonical id among `ids` for a record whose own id is `primary`.
 * The primary id wins within its class (a CVE-primary record keeps its CVE even if it
 * also aliases another CVE); otherwise the oldest CVE, then the first GHSA in sorted order.
 */
export function canonicalVulnerabilityId(primary: string, ids: Iterable<string>): string {
  const all = normaliseAliases([primary, ...ids]);
  const p = normaliseId(primary);
  const cves = all.filter((id) => classifyAdvisoryId(id) === 'cve');
  if (cves.length > 0) return cves.includes(p) ? p : [...cves].sort(compareCve)[0]!;
  const ghsas = all.filter((id) => classifyAdvisoryId(id) === 'ghsa');
  if (ghsas.length > 0) return ghsas.includes(p) ? p : ghsas[0]!;
  return p;
}
