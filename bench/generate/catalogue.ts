/**
 * The vulnerabilities the generated estate suffers from, and the feeds that score
 * them.
 *
 * Real where real data is at hand: every CVE of the CISA KEV catalog (the test
 * fixture, with its real dates, names and descriptions) and every row of the
 * corpus EPSS excerpts (real scores), when the corpus is present. Synthetic for
 * the rest, and labelled so: the EPSS file's model version ends in `-synthetic`
 * and the estate's README says which rows are real.
 *
 * Pure: the KEV catalog and the real EPSS rows are passed in.
 */
import { createCvssScorer, isCvssError } from '../../engine/enrich/index.ts';
import type { Rng } from './prng.ts';
import { DISTROS, ECOSYSTEMS, WEAKNESSES } from './vocabulary.ts';

export interface KevVulnerability {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  shortDescription: string;
  dateAdded: string;
  cwes?: string[];
}

export interface EpssRow {
  cve: string;
  epss: number;
  percentile: number;
}

export interface EpssFile {
  /** `#model_version:…,score_date:…` */
  header: string;
  /** Sorted by CVE (year, then number), as FIRST's files are. */
  rows: EpssRow[];
  /** How many rows carry FIRST's real scores. */
  realRows: number;
}

/** One advisory affecting one package of one stack (a distro or an ecosystem). */
export interface VulnRecord {
  id: string;
  aliases: string[];
  pkg: string;
  installed: string;
  fixed: string | undefined;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  vector: string;
  score: number;
  cwe: string;
  title: string;
  description: string;
  published: string;
  references: string[];
  kev: boolean;
}

export interface Stack {
  /** `deb`, `apk`, `rpm`, or an ecosystem's Trivy type. */
  key: string;
  records: VulnRecord[];
}

export interface Catalogue {
  epss: EpssFile;
  /** Vulnerability records per stack; popular ones first (draw with zipf). */
  stacks: Map<string, Stack>;
  kevIds: string[];
}

export const EPSS_ROWS = 300_000;
export const EPSS_SCORE_DATE = '2026-11-27T12:55:00Z';
const EPSS_MODEL = 'v2026.06.15-synthetic';

/** Rough share of CVE ids per year (the count grows every year). */
const YEAR_WEIGHTS: readonly [number, number][] = [
  [2010, 1], [2011, 1], [2012, 1.2], [2013, 1.3], [2014, 1.8], [2015, 1.5], [2016, 1.8], [2017, 3.2], [2018, 3.3],
  [2019, 3.4], [2020, 3.7], [2021, 4.1], [2022, 5], [2023, 5.7], [2024, 7.5], [2025, 8], [2026, 6],
];

export function cveOrder(a: string, b: string): number {
  const [ya, na] = cveParts(a);
  const [yb, nb] = cveParts(b);
  return ya - yb || na - nb;
}

function cveParts(id: string): [number, number] {
  return [Number(id.slice(4, 8)), Number(id.slice(9))];
}

export function buildCatalogue(rng: Rng, kev: readonly KevVulnerability[], realEpss: readonly EpssRow[], epssRows = EPSS_ROWS): Catalogue {
  const epss = buildEpss(rng.fork('epss'), kev, realEpss, epssRows);
  const stacks = buildStacks(rng.fork('stacks'), kev, epss, realEpss);
  return { epss, stacks, kevIds: kev.map((k) => k.cveID) };
}

// ---- EPSS ---------------------------------------------------------------------

/** A synthetic EPSS probability: most tiny, a few high, like the real distribution. */
function syntheticScore(rng: Rng, floor = 0): number {
  const u = floor + (1 - floor) * rng.next();
  const s = Math.pow(10, -4.3 + 4.3 * Math.pow(u, 3.85));
  return Math.min(0.97, Math.round(s * 100_000) / 100_000) || 0.00005;
}

function buildEpss(rng: Rng, kev: readonly KevVulnerability[], realEpss: readonly EpssRow[], target: number): EpssFile {
  const rows = new Map<string, EpssRow & { real: boolean }>();
  for (const r of realEpss) rows.set(r.cve, { ...r, real: true });
  // KEV CVEs are scored by FIRST too; without their real rows, a high synthetic one.
  for (const k of kev) if (!rows.has(k.cveID)) rows.set(k.cveID, { cve: k.cveID, epss: syntheticScore(rng, 0.85), percentile: 0, real: false });
  const years = YEAR_WEIGHTS.map(([y]) => y);
  const weights = YEAR_WEIGHTS.map(([, w]) => w);
  while (rows.size < target) {
    const year = years[rng.weighted(weights)]!;
    const max = year >= 2021 ? 52_000 : 20_000;
    const id = `CVE-${year}-${String(rng.int(1, max)).padStart(4, '0')}`;
    if (!rows.has(id)) rows.set(id, { cve: id, epss: syntheticScore(rng), percentile: 0, real: false });
  }
  // Synthetic percentiles are the row's rank by score among all rows, as FIRST computes them.
  const all = [...rows.values()];
  const byScore = all.map((r) => r.epss).sort((a, b) => a - b);
  for (const r of all) {
    if (r.real) continue;
    r.percentile = Math.round((upperBound(byScore, r.epss) / byScore.length) * 100_000) / 100_000;
  }
  all.sort((a, b) => cveOrder(a.cve, b.cve));
  return {
    header: `#model_version:${EPSS_MODEL},score_date:${EPSS_SCORE_DATE}`,
    rows: all.map(({ cve, epss, percentile }) => ({ cve, epss, percentile })),
    realRows: realEpss.length,
  };
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `CVE-2021-44228,0.94358,0.99955` lines; numbers as FIRST writes them (no trailing zeros). */
export function epssCsv(file: EpssFile): string {
  const out: string[] = [file.header, 'cve,epss,percentile'];
  for (const r of file.rows) out.push(`${r.cve},${r.epss},${r.percentile}`);
  return out.join('\n') + '\n';
}

// ---- vulnerability records ------------------------------------------------------

const STACK_SIZES: Record<string, number> = { deb: 6000, apk: 1500, rpm: 3000, npm: 2500, jar: 1800, 'python-pkg': 1400, gomod: 1200, nuget: 400, cargo: 300 };

const AV = [['N', 62], ['A', 4], ['L', 30], ['P', 4]] as const;
const AC = [['L', 82], ['H', 18]] as const;
const PR = [['N', 58], ['L', 32], ['H', 10]] as const;
const UI = [['N', 72], ['R', 28]] as const;
const S = [['U', 86], ['C', 14]] as const;
const CIA = [['H', 50], ['L', 30], ['N', 20]] as const;

function metric(rng: Rng, table: readonly (readonly [string, number])[]): string {
  return table[rng.weighted(table.map(([, w]) => w))]![0];
}

function buildStacks(rng: Rng, kev: readonly KevVulnerability[], epss: EpssFile, realEpss: readonly EpssRow[]): Map<string, Stack> {
  const scorer = createCvssScorer();
  const kevById = new Map(kev.map((k) => [k.cveID, k]));
  const realIds = realEpss.map((r) => r.cve).filter((id) => !kevById.has(id));
  const syntheticIds = epss.rows.map((r) => r.cve).filter((id) => !kevById.has(id));
  const used = new Set<string>();
  let unscored = 0;
  const drawId = (): string => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const x = rng.next();
      let id: string;
      if (x < 0.03) id = rng.pick(kev).cveID;
      else if (x < 0.1 && realIds.length > 0) id = rng.pick(realIds);
      else if (x < 0.125) id = `CVE-2026-${String(rng.int(60_000, 69_999))}`; // too new to be scored
      else id = rng.pick(syntheticIds);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
    // A small EPSS file (tests) runs out of ids: the rest are too new to be scored.
    return `CVE-2026-${String(70_000 + unscored++)}`;
  };

  const stacks = new Map<string, Stack>();
  const keys = [...new Set([...DISTROS.map((d) => d.purlType), ...ECOSYSTEMS.map((e) => e.type)])];
  for (const key of keys) {
    const distro = DISTROS.find((d) => d.purlType === key);
    const eco = ECOSYSTEMS.find((e) => e.type === key);
    const packages = distro?.packages ?? eco!.packages;
    const n = STACK_SIZES[key] ?? 500;
    const records: VulnRecord[] = [];
    for (let i = 0; i < n; i++) {
      const id = drawId();
      const k = kevById.get(id);
      // Popular packages collect most advisories (openssl, glibc, lodash...).
      const pkg = packages[rng.zipf(packages.length, 0.9)]!;
      const vector = `CVSS:3.1/AV:${metric(rng, AV)}/AC:${metric(rng, AC)}/PR:${metric(rng, PR)}/UI:${metric(rng, UI)}/S:${metric(rng, S)}/C:${metric(rng, CIA)}/I:${metric(rng, CIA)}/A:${metric(rng, CIA)}`;
      const scored = scorer.score(vector, '3.1');
      const score = isCvssError(scored) ? 5 : scored.baseScore;
      let severity: VulnRecord['severity'] = score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
      // Distributions often rate lower than NVD for their build.
      if (distro && rng.chance(0.2)) severity = severity === 'CRITICAL' ? 'HIGH' : severity === 'HIGH' ? 'MEDIUM' : 'LOW';
      const weakness = rng.pick(WEAKNESSES);
      const versions = versionPair(rng, key);
      const short = pkg.split(/[:/]/).pop()!;
      const ghsa = !distro && rng.chance(0.6) ? ghsaId(rng) : undefined;
      records.push({
        id,
        aliases: ghsa ? [ghsa] : [],
        pkg,
        installed: versions.installed,
        fixed: rng.chance(distro ? 0.62 : 0.8) ? versions.fixed : undefined,
        severity,
        vector,
        score,
        cwe: k?.cwes?.[0] ?? weakness.cwe,
        title: k ? k.vulnerabilityName : `${short}: ${weakness.what}`,
        description: k
          ? k.shortDescription
          : `A flaw was found in ${short} before ${versions.fixed}: ${weakness.what}. A remote attacker could use this flaw to ${weakness.impact}. ` +
            `The issue is in the ${rng.pick(['parser', 'request handler', 'decoder', 'session layer', 'configuration loader'])} and affects every release before the fix.`,
        published: `${id.slice(4, 8)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}T${String(rng.int(0, 23)).padStart(2, '0')}:15:00Z`,
        references: references(rng, id, key, ghsa),
        kev: k !== undefined,
      });
    }
    stacks.set(key, { key, records });
  }
  return stacks;
}

function ghsaId(rng: Rng): string {
  const alphabet = '23456789cfghjmpqrvwx';
  const part = () => Array.from({ length: 4 }, () => alphabet[rng.int(0, alphabet.length - 1)]).join('');
  return `GHSA-${part()}-${part()}-${part()}`;
}

function versionPair(rng: Rng, key: string): { installed: string; fixed: string } {
  const major = rng.int(0, 9);
  const minor = rng.int(0, 30);
  const patch = rng.int(0, 20);
  switch (key) {
    case 'deb':
      return { installed: `${major}.${minor}.${patch}-${rng.int(1, 9)}+deb12u${rng.int(1, 5)}`, fixed: `${major}.${minor}.${patch}-${rng.int(1, 9)}+deb12u${rng.int(6, 9)}` };
    case 'apk':
      return { installed: `${major}.${minor}.${patch}-r${rng.int(0, 3)}`, fixed: `${major}.${minor}.${patch + 1}-r0` };
    case 'rpm':
      return { installed: `${major}.${minor}.${patch}-${rng.int(1, 40)}.el8`, fixed: `${major}.${minor}.${patch}-${rng.int(41, 60)}.el8_9` };
    case 'gomod':
      return { installed: `v${major}.${minor}.${patch}`, fixed: `v${major}.${minor}.${patch + rng.int(1, 3)}` };
    default:
      return { installed: `${major}.${minor}.${patch}`, fixed: rng.chance(0.7) ? `${major}.${minor}.${patch + rng.int(1, 4)}` : `${major}.${minor + 1}.0` };
  }
}

function references(rng: Rng, id: string, key: string, ghsa: string | undefined): string[] {
  const refs = [`https://nvd.nist.gov/vuln/detail/${id}`, `https://www.cve.org/CVERecord?id=${id}`];
  if (key === 'deb') refs.push(`https://security-tracker.debian.org/tracker/${id}`, `https://ubuntu.com/security/${id}`);
  if (key === 'rpm') refs.push(`https://access.redhat.com/security/cve/${id}`, `https://errata.example-vendor.com/RHSA-${id.slice(4, 8)}:${rng.int(1000, 9999)}`);
  if (key === 'apk') refs.push(`https://security.alpinelinux.org/vuln/${id}`);
  if (ghsa) refs.push(`https://github.com/advisories/${ghsa}`);
  for (let i = rng.int(0, 3); i > 0; i--) refs.push(`https://lists.example-project.org/archives/security/${id.slice(4, 8)}/msg${String(rng.int(1, 999)).padStart(5, '0')}.html`);
  return refs;
}
