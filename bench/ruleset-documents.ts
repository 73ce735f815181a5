/**
 * Input documents for the rule benchmark, in the exact shape the engine builds
 * (engine/prioritise/input-document.ts, `RuleInput`), drawn from the generated
 * estate's organisation: its scopes (bench/generate/assets.ts buildScopes), an
 * inventory of assets (buildAssets), and findings with the mix a large estate
 * has: mostly medium and low vulnerabilities in OS and language packages, a
 * few per cent known-exploited, EPSS skewed towards zero, some
 * misconfigurations, code-scanning results, exposures and the odd secret.
 *
 * Under the generated policy (bench/generate/policy.ts) most documents are
 * decided by the late baseline rules, as in real estates: a first-match
 * evaluator has to get through most of the 300 rules for most findings.
 *
 * Deterministic: a slice's documents depend only on the seed, the slice's
 * index and its size.
 */
import { buildAssets, buildScopes, type GenAsset, type GenScope } from './generate/assets.ts';
import { ESTATE_NOW } from './generate/estate.ts';
import { createRng, type Rng } from './generate/prng.ts';
import { CLOUD_CHECKS, CODE_RULES, MISCONFIG_CHECKS, SECRET_RULES, WEAKNESSES } from './generate/vocabulary.ts';

const CRITICALITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const DAY = 86_400_000;
const SEMVER_PACKAGES = new Set(['lodash', 'minimist', 'axios', 'jsonwebtoken', 'ws', 'django', 'requests', 'urllib3', 'pyyaml', 'cryptography', 'org.apache.logging.log4j:log4j-core', 'org.yaml:snakeyaml']);
const EXPOSURE_RULES = ['open-admin-ssh', 'open-admin-rdp', 'tls-weak-cipher', 'tls-expired-certificate', 'http-no-hsts', 'open-database-port'];

export interface DocumentSource {
  /**
   * Documents [index × size, (index + 1) × size): freshly built on every call,
   * so that each engine of the benchmark gets its own copy, just built, as the
   * engine builds each document right before deciding it.
   */
  slice(index: number, size: number): Record<string, unknown>[];
}

/** Documents over an estate of `assets` assets (5,000 by default). */
export function documentSource(seed: number, assets = 5_000): DocumentSource {
  const scopes = buildScopes();
  const inventory = buildAssets(createRng(`ruleset-documents:${seed}:assets`), assets);
  const scopeOf = new Map<string, GenScope | null>(inventory.map((a) => [a.id, primaryScope(a, scopes)]));
  const now = Date.parse(ESTATE_NOW);
  return {
    slice(index, size) {
      const rng = createRng(`ruleset-documents:${seed}:${size}:${index}`);
      return Array.from({ length: size }, () => {
        const asset = inventory[rng.zipf(inventory.length, 0.5)] as GenAsset;
        return document(rng, asset, scopeOf.get(asset.id) ?? null, now);
      });
    },
  };
}

/** The most critical scope whose selector takes the asset (business unit, or a cross-cutting scope). */
function primaryScope(a: GenAsset, scopes: readonly GenScope[]): GenScope | null {
  let best: GenScope | null = null;
  for (const s of scopes) {
    const sel = s.selector as { tags?: string[]; types?: string[]; ids?: string[]; attributes?: Record<string, string> };
    if (sel.tags !== undefined && !sel.tags.every((t) => a.tags.includes(t))) continue;
    if (sel.types !== undefined && !sel.types.includes(a.type)) continue;
    if (sel.ids !== undefined && !sel.ids.some((g) => a.id.includes(g.replaceAll('*', '')))) continue;
    if (sel.attributes !== undefined && !Object.entries(sel.attributes).every(([k, v]) => a.attributes[k] === v)) continue;
    if (best === null || (CRITICALITY_RANK[s.criticality] as number) < (CRITICALITY_RANK[best.criticality] as number)) best = s;
  }
  return best;
}

function severityOf(score: number): string {
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'info';
}

function version(rng: Rng, semverLike: boolean): string {
  if (semverLike || rng.chance(0.5)) return `${rng.int(0, 9)}.${rng.int(0, 30)}.${rng.int(0, 20)}`;
  return `${rng.int(1, 3)}.${rng.int(0, 12)}.${rng.int(0, 9)}-${rng.int(0, 4)}ubuntu${rng.int(1, 9)}.${rng.int(1, 12)}`;
}

function document(rng: Rng, asset: GenAsset, scope: GenScope | null, now: number): Record<string, unknown> {
  const kindRoll = rng.next();
  const kind = kindRoll < 0.82 ? 'vulnerability' : kindRoll < 0.9 ? 'misconfiguration' : kindRoll < 0.965 ? 'code' : kindRoll < 0.978 ? 'exposure' : kindRoll < 0.985 ? 'secret' : 'vulnerability';
  const firstSeen = new Date(now - rng.int(0, 420) * DAY - rng.int(0, 86_399) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const exposure = asset.exposure ?? scope?.exposure ?? null;

  let ruleId: string;
  let vulnerabilityId: string | null = null;
  let severity: string;
  let cwe: string[] = [];
  let pkg: Record<string, unknown> | null = null;
  let path: string | null = null;
  let tools: string[];
  let epss: { score: number; percentile: number } | null = null;
  let kev: Record<string, unknown> = { listed: false };
  let cvss: Record<string, unknown> | null = null;
  let ssvc: Record<string, unknown> | null = null;

  switch (kind) {
    case 'vulnerability': {
      const year = 2014 + Math.min(12, Math.floor(rng.next() ** 0.6 * 13));
      vulnerabilityId = `CVE-${year}-${rng.int(1000, 49999)}`;
      ruleId = vulnerabilityId;
      const listed = rng.chance(0.025);
      const percentile = listed ? 0.9 + rng.next() * 0.1 : rng.next();
      epss = { score: Math.round(0.0004 * Math.exp(percentile ** 4 * 7.8) * 1e5) / 1e5, percentile: Math.round(percentile * 1e5) / 1e5 };
      if (listed) kev = { listed: true, date_added: new Date(now - rng.int(30, 1500) * DAY).toISOString().slice(0, 10), due_date: new Date(now - rng.int(0, 1400) * DAY).toISOString().slice(0, 10), ransomware: rng.chance(0.25) };
      const score = Math.round(Math.min(10, Math.max(1.5, 3 + rng.next() * 4.5 + (rng.chance(0.3) ? rng.next() * 3 : 0))) * 10) / 10;
      if (rng.chance(0.88)) cvss = { version: '3.1', score, severity: severityOf(score).toUpperCase(), vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
      severity = severityOf(score);
      cwe = [(rng.pick(WEAKNESSES)).cwe];
      const language = asset.ecosystems.length > 0 && (asset.distro === undefined || rng.chance(0.35));
      const name = language ? rng.pick(rng.pick(asset.ecosystems).packages) : rng.pick(asset.distro?.packages ?? ['openssl', 'libc6', 'zlib1g']);
      const fixed = rng.chance(0.7) ? [version(rng, true)] : [];
      pkg = { name, ecosystem: language ? rng.pick(asset.ecosystems).purlType : (asset.distro?.type ?? null), installed_version: version(rng, language || SEMVER_PACKAGES.has(name)), fixed_versions: fixed, fixable: fixed.length > 0 };
      tools = asset.type === 'image' ? (rng.chance(0.6) ? ['grype', 'trivy'] : ['trivy']) : ['trivy'];
      const exploitation = listed ? 'active' : percentile > 0.95 ? 'poc' : 'none';
      const decision = listed && exposure === 'internet' ? 'Act' : listed || (percentile > 0.97 && exposure === 'internet') ? 'Attend' : percentile > 0.9 ? 'Track*' : 'Track';
      ssvc = { decision, exploitation, automatable: exposure === 'internet' ? 'yes' : 'no', technical_impact: score >= 9 ? 'total' : 'partial', mission_wellbeing: scope?.criticality === 'critical' ? 'high' : 'medium' };
      break;
    }
    case 'misconfiguration': {
      if (asset.type === 'cloud-resource') {
        const c = rng.pick(CLOUD_CHECKS);
        ruleId = c.id;
        severity = c.severity;
        tools = ['cloud-posture'];
      } else {
        const c = rng.pick(MISCONFIG_CHECKS);
        ruleId = c.id;
        severity = c.severity.toLowerCase();
        path = c.file;
        tools = ['trivy'];
      }
      break;
    }
    case 'code': {
      const c = rng.pick(CODE_RULES);
      ruleId = c.id;
      severity = c.level === 'error' ? (Number(c.securitySeverity) >= 9 ? 'critical' : 'high') : c.level === 'warning' ? 'medium' : 'info';
      cwe = c.cwe === '' ? [] : [c.cwe];
      path = `src/${rng.pick(['api', 'web', 'lib', 'internal'])}/${rng.pick(['handler', 'db', 'util', 'auth'])}.${rng.pick(['js', 'py', 'go', 'java'])}`;
      tools = ['codeql'];
      break;
    }
    case 'exposure':
      ruleId = rng.pick(EXPOSURE_RULES);
      severity = ruleId.startsWith('open-admin') ? 'high' : 'medium';
      tools = ['attack-surface'];
      break;
    default: {
      const c = rng.pick(SECRET_RULES);
      ruleId = c.id;
      severity = c.severity.toLowerCase();
      path = rng.chance(0.2) ? `services/api/test/fixtures/${rng.hex(6)}.env` : `deploy/${rng.hex(6)}.yaml`;
      tools = ['trivy'];
    }
  }

  return {
    finding: {
      kind,
      rule_id: ruleId,
      vulnerability_id: vulnerabilityId,
      aliases: [],
      cwe,
      title: `${ruleId} in ${asset.name}`,
      severity,
      tools,
      package: pkg,
      path,
      suppressed: rng.chance(0.02),
      first_seen: firstSeen,
      age_days: Math.floor((now - Date.parse(firstSeen)) / DAY),
    },
    asset: {
      id: asset.id,
      type: asset.type,
      name: asset.name,
      tags: asset.tags,
      repository: asset.repository ?? null,
      exposure,
      attributes: asset.attributes,
      known: true,
    },
    scope: {
      id: scope?.id ?? null,
      criticality: scope?.criticality ?? null,
      exposure: scope?.exposure ?? null,
      crown_jewel: scope?.crown_jewel ?? false,
      data_classification: scope?.data_classification ?? [],
    },
    epss,
    kev,
    cvss,
    ssvc,
    validation: { internet_exposed: exposure === 'internet', crown_jewel: scope?.crown_jewel ?? false },
    sla: { previous_priority: null, previous_due_date: null, overdue: false },
    now: new Date(now).toISOString(),
  };
}
