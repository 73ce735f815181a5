/**
 * Scanner reports in the formats ctem reads, shaped like the real tools' output:
 * Trivy JSON (SchemaVersion 2, indented as Trivy writes it) for images and
 * repositories, Grype SARIF for images (the second opinion that overlaps Trivy),
 * CodeQL-style SARIF for repositories, and NDJSON lines in ctem's finding model
 * for hosts, cloud resources and services.
 *
 * Each returns the text and the number of findings ctem will count in it (only
 * failed misconfiguration checks are findings; passed ones are written too, as
 * Trivy does with --include-non-failures).
 */
import type { GenAsset } from './assets.ts';
import { ORG, REGISTRY } from './assets.ts';
import type { Catalogue, VulnRecord } from './catalogue.ts';
import type { Rng } from './prng.ts';
import { CLOUD_CHECKS, CODE_RULES, MISCONFIG_CHECKS, SECRET_RULES, type Distro, type Ecosystem } from './vocabulary.ts';

export interface Report {
  text: string;
  findings: number;
}

export interface Pick {
  record: VulnRecord;
  /** Trivy's Result.Type for the stack (`debian`, `npm`, `jar`...). */
  type: string;
  purlType: string;
  grypeType: string;
  target: string;
  distro?: Distro;
}

/** When the generated scans ran: fixed, so estates are reproducible. */
export const SCANNED_AT = '2026-11-27T02:00:00Z';

const SEVERITY_NUMBER: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** `k` distinct records from a stack, popular ones most often. */
function drawRecords(rng: Rng, catalogue: Catalogue, stackKey: string, k: number): VulnRecord[] {
  const records = catalogue.stacks.get(stackKey)?.records ?? [];
  const want = Math.min(k, Math.floor(records.length * 0.6));
  const seen = new Set<number>();
  const out: VulnRecord[] = [];
  let attempts = 0;
  while (out.length < want && attempts < want * 30) {
    attempts++;
    const i = rng.zipf(records.length, 0.75);
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(records[i]!);
  }
  return out;
}

/** The vulnerabilities one image carries: mostly OS packages, the rest from its language stacks. */
export function imageVulnerabilities(rng: Rng, asset: GenAsset, catalogue: Catalogue, count: number): Pick[] {
  const distro = asset.distro!;
  const ref = `${REGISTRY}/${asset.repository}:${asset.imageTag}`;
  const osCount = asset.ecosystems.length === 0 ? count : Math.round(count * 0.65);
  const picks: Pick[] = drawRecords(rng, catalogue, distro.purlType, osCount).map((record) => ({
    record, type: distro.type, purlType: distro.purlType, grypeType: distro.purlType === 'apk' ? 'apk' : distro.purlType, target: `${ref} ${distro.label}`, distro,
  }));
  const rest = count - picks.length;
  const per = Math.floor(rest / Math.max(1, asset.ecosystems.length));
  asset.ecosystems.forEach((eco, i) => {
    const n = i === asset.ecosystems.length - 1 ? rest - per * i : per;
    for (const record of drawRecords(rng, catalogue, eco.type, n)) {
      picks.push({ record, type: eco.type, purlType: eco.purlType, grypeType: eco.grypeType, target: appTarget(eco) });
    }
  });
  return picks;
}

function appTarget(eco: Ecosystem): string {
  return eco.type === 'jar' ? 'app/lib/app.jar' : `app/${eco.lockfile}`;
}

function purl(p: Pick): string {
  const r = p.record;
  switch (p.purlType) {
    case 'deb':
    case 'rpm':
    case 'apk':
      return `pkg:${p.purlType}/${p.distro!.name}/${r.pkg}@${r.installed}?arch=amd64&distro=${p.distro!.name}-${p.distro!.version}`;
    case 'maven': {
      const [group, artifact] = r.pkg.split(':');
      return `pkg:maven/${group}/${artifact}@${r.installed}`;
    }
    default:
      return `pkg:${p.purlType}/${r.pkg}@${r.installed}`;
  }
}

function trivyVulnerability(rng: Rng, p: Pick, layers: readonly string[]): Record<string, unknown> {
  const r = p.record;
  const source = p.distro
    ? { ID: p.distro.name, Name: `${p.distro.name[0]!.toUpperCase()}${p.distro.name.slice(1)} Security Tracker`, URL: `https://security-tracker.${p.distro.name}.example/tracker` }
    : { ID: 'ghsa', Name: 'GitHub Security Advisory', URL: 'https://github.com/advisories' };
  const v: Record<string, unknown> = {
    VulnerabilityID: r.id,
    VendorIDs: r.aliases.length ? r.aliases : undefined,
    PkgID: `${r.pkg}@${r.installed}`,
    PkgName: r.pkg,
    PkgIdentifier: { PURL: purl(p), UID: rng.hex(16) },
    InstalledVersion: r.installed,
    FixedVersion: r.fixed,
    Status: r.fixed ? 'fixed' : 'affected',
    Layer: { DiffID: `sha256:${rng.pick(layers)}` },
    SeveritySource: p.distro ? p.distro.name : 'ghsa',
    PrimaryURL: `https://avd.aquasec.com/nvd/${r.id.toLowerCase()}`,
    DataSource: source,
    Title: r.title,
    Description: r.description,
    Severity: r.severity,
    CweIDs: [r.cwe],
    VendorSeverity: { nvd: SEVERITY_NUMBER[r.severity], [source.ID]: SEVERITY_NUMBER[r.severity] },
    CVSS: { nvd: { V3Vector: r.vector, V3Score: r.score } },
    References: r.references,
    PublishedDate: r.published,
    LastModifiedDate: '2026-10-02T15:15:00Z',
  };
  if (!r.fixed) delete v.FixedVersion;
  if (!r.aliases.length) delete v.VendorIDs;
  return v;
}

function groupByTarget(picks: readonly Pick[]): Map<string, Pick[]> {
  const m = new Map<string, Pick[]>();
  for (const p of picks) {
    const g = m.get(p.target);
    if (g) g.push(p);
    else m.set(p.target, [p]);
  }
  return m;
}

export function trivyImageReport(rng: Rng, asset: GenAsset, picks: readonly Pick[]): Report {
  const ref = `${REGISTRY}/${asset.repository}:${asset.imageTag}`;
  const layers = Array.from({ length: rng.int(3, 7) }, () => rng.hex(64));
  const results = [...groupByTarget(picks)].map(([target, ps]) => ({
    Target: target,
    Class: ps[0]!.distro ? 'os-pkgs' : 'lang-pkgs',
    Type: ps[0]!.type,
    Vulnerabilities: ps.map((p) => trivyVulnerability(rng, p, layers)),
  }));
  const report = {
    SchemaVersion: 2,
    CreatedAt: SCANNED_AT,
    ArtifactName: ref,
    ArtifactType: 'container_image',
    Metadata: {
      Size: rng.int(20, 900) * 1_048_576,
      OS: { Family: asset.distro!.name, Name: asset.distro!.version },
      ImageID: `sha256:${rng.hex(64)}`,
      DiffIDs: layers.map((l) => `sha256:${l}`),
      RepoTags: [ref],
      RepoDigests: [`${REGISTRY}/${asset.repository}@sha256:${rng.hex(64)}`],
    },
    Results: results,
  };
  return { text: JSON.stringify(report, null, 2) + '\n', findings: picks.length };
}

/**
 * Grype's SARIF for the same image: most of Trivy's (CVE, package) pairs again,
 * plus a few only Grype matched. The run names the repository the image is built
 * from, which is how ctem attaches it to the image asset.
 */
export function grypeSarifReport(rng: Rng, asset: GenAsset, trivyPicks: readonly Pick[], extra: readonly Pick[], max = Infinity): Report {
  const ref = `${REGISTRY}/${asset.repository}:${asset.imageTag}`;
  const picks = [...trivyPicks.filter(() => rng.chance(0.85)), ...extra].slice(0, Math.max(1, max));
  const rules: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  for (const p of picks) {
    const r = p.record;
    const short = r.pkg.split(/[:/]/).pop()!;
    const sev = r.severity.toLowerCase();
    const location = p.distro ? '/var/lib/dpkg/status' : `/${p.target}`;
    rules.push({
      id: `${r.id}-${short}`,
      name: p.distro ? 'DpkgMatcherExactDirectMatch' : 'JavaMatcherExactDirectMatch',
      shortDescription: { text: `${r.id} ${sev} vulnerability for ${short} package` },
      fullDescription: { text: r.fixed ? `Version ${r.installed} is affected with an available fix in versions ${r.fixed}` : `Version ${r.installed} is affected with no fixes reported yet.` },
      helpUri: 'https://github.com/anchore/grype',
      help: {
        text: `Vulnerability ${r.id}\nSeverity: ${sev}\nPackage: ${short}\nVersion: ${r.installed}\nFix Version: ${r.fixed ?? ''}\nType: ${p.grypeType}\nLocation: ${location}\nData Namespace: ${p.distro ? `${p.distro.name}:distro:${p.distro.name}:${p.distro.version}` : `github:language:${p.purlType}`}\nLink: https://nvd.nist.gov/vuln/detail/${r.id}`,
        markdown: `**Vulnerability ${r.id}**\n| Severity | Package | Version | Fix Version | Type | Location | Data Namespace | Link |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n| ${sev}  | ${short}  | ${r.installed}  | ${r.fixed ?? ''}  | ${p.grypeType}  | ${location}  |   | ${r.id}  |\n`,
      },
      properties: { 'security-severity': r.score.toFixed(1) },
    });
    results.push({
      ruleId: `${r.id}-${short}`,
      level: r.severity === 'LOW' ? 'note' : r.severity === 'MEDIUM' ? 'warning' : 'error',
      message: { text: `A ${sev} vulnerability in ${p.grypeType} package: ${short}, version ${r.installed} was found in image ${ref} at: ${location}` },
      locations: [{
        physicalLocation: { artifactLocation: { uri: `image/${location.replace(/^\//, '')}` }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } },
        logicalLocations: [{ name: location, fullyQualifiedName: `${ref}:${location}` }],
      }],
      partialFingerprints: { primaryLocationLineHash: `${rng.hex(64)}:1` },
    });
  }
  const log = {
    version: '2.1.0',
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'grype', version: '0.79.3', informationUri: 'https://github.com/anchore/grype', rules } },
      versionControlProvenance: [{ repositoryUri: `https://github.com/${asset.repository}` }],
      results,
    }],
  };
  return { text: JSON.stringify(log, null, 2) + '\n', findings: results.length };
}

/** CodeQL-style code scanning results for a repository. */
export function codeSarifReport(rng: Rng, asset: GenAsset, count: number): Report {
  const lang = asset.ecosystems[0]?.purlType === 'maven' ? 'java' : asset.ecosystems[0]?.purlType === 'pypi' ? 'py' : asset.ecosystems[0]?.purlType === 'golang' ? 'go' : 'js';
  const pool = CODE_RULES.filter((r) => r.id.startsWith(`${lang}/`) || r.id.startsWith('js/'));
  const used = new Map<string, number>();
  const results: Record<string, unknown>[] = [];
  const ext = { java: 'java', py: 'py', go: 'go', js: 'ts' }[lang];
  for (let i = 0; i < count; i++) {
    const rule = pool[rng.zipf(pool.length, 0.8)]!;
    if (!used.has(rule.id)) used.set(rule.id, used.size);
    const file = `src/${rng.pick(['api', 'handlers', 'models', 'util', 'services', 'db'])}/${rng.pick(['user', 'order', 'payment', 'session', 'report', 'search'])}${rng.int(1, 40)}.${ext}`;
    const line = rng.int(5, 900);
    results.push({
      ruleId: rule.id,
      ruleIndex: used.get(rule.id),
      level: rule.level,
      message: { text: `${rule.name}: this value depends on a [user-provided value](1) and reaches a sensitive sink.` },
      locations: [{ physicalLocation: { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' }, region: { startLine: line, startColumn: rng.int(1, 40), endColumn: rng.int(41, 90) } } }],
      partialFingerprints: { primaryLocationLineHash: `${rng.hex(16)}:1`, primaryLocationStartColumnFingerprint: String(rng.int(0, 40)) },
    });
  }
  const rules = [...used.keys()].map((id) => {
    const r = CODE_RULES.find((x) => x.id === id)!;
    const tags = ['security', ...(r.cwe ? [`external/cwe/${r.cwe.toLowerCase()}`] : [])];
    return {
      id: r.id,
      name: r.id.replace('/', '-'),
      shortDescription: { text: r.name },
      fullDescription: { text: `${r.name}. Building this from user-controlled sources is vulnerable to attack.` },
      defaultConfiguration: { level: r.level },
      properties: { tags, precision: 'high', 'security-severity': r.securitySeverity || undefined },
    };
  });
  const log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'CodeQL', semanticVersion: '2.19.3', rules } },
      versionControlProvenance: [{ repositoryUri: `https://github.com/${asset.repository}`, revisionId: rng.hex(40), branch: 'refs/heads/main' }],
      results,
      automationDetails: { id: `.github/workflows/codeql.yml:analyze/language:${lang}/` },
    }],
  };
  return { text: JSON.stringify(log) + '\n', findings: results.length };
}

/** Trivy's filesystem scan of a repository: lockfile vulnerabilities, IaC checks, now and then a secret. */
export function trivyRepoReport(rng: Rng, asset: GenAsset, catalogue: Catalogue, count: number): Report {
  const eco = asset.ecosystems[0]!;
  const vulnCount = Math.round(count * 0.7);
  const records = drawRecords(rng, catalogue, eco.type, vulnCount);
  const picks: Pick[] = records.map((record) => ({ record, type: eco.type, purlType: eco.purlType, grypeType: eco.grypeType, target: eco.lockfile }));
  let findings = picks.length;
  const results: Record<string, unknown>[] = [];
  if (picks.length) results.push({ Target: eco.lockfile, Class: 'lang-pkgs', Type: eco.type, Vulnerabilities: picks.map((p) => trivyVulnerability(rng, p, [rng.hex(64)])) });
  const misconfigs = new Map<string, Record<string, unknown>[]>();
  const wantMisconfig = count - findings - (rng.chance(0.05) ? 1 : 0);
  for (let i = 0; i < wantMisconfig; i++) {
    const c = rng.pick(MISCONFIG_CHECKS);
    const file = c.type === 'terraform' ? `infra/${rng.pick(['network', 'storage', 'db', 'iam'])}-${rng.int(1, 20)}/${c.file}` : c.file;
    const list = misconfigs.get(file) ?? [];
    misconfigs.set(file, list);
    list.push(misconfigRecord(rng, c, 'FAIL'));
    findings++;
    if (rng.chance(0.3)) list.push(misconfigRecord(rng, rng.pick(MISCONFIG_CHECKS), 'PASS'));
  }
  for (const [file, records2] of misconfigs) {
    results.push({
      Target: file,
      Class: 'config',
      Type: MISCONFIG_CHECKS.find((c) => file.endsWith(c.file))?.type ?? 'terraform',
      MisconfSummary: { Successes: records2.filter((r) => r.Status === 'PASS').length, Failures: records2.filter((r) => r.Status === 'FAIL').length },
      Misconfigurations: records2,
    });
  }
  if (findings < count) {
    const s = rng.pick(SECRET_RULES);
    const line = rng.int(1, 200);
    results.push({
      Target: rng.pick(['deploy/config.env', 'scripts/release.sh', 'config/settings.yaml']),
      Class: 'secret',
      Secrets: [{ RuleID: s.id, Category: 'general', Severity: s.severity, Title: s.title, StartLine: line, EndLine: line, Match: `token = ${'*'.repeat(20)}` }],
    });
    findings++;
  }
  const report = {
    SchemaVersion: 2,
    CreatedAt: SCANNED_AT,
    ArtifactName: `https://github.com/${asset.repository}`,
    ArtifactType: 'repository',
    Metadata: { RepoURL: `https://github.com/${asset.repository}`, Branch: 'main', Commit: rng.hex(40) },
    Results: results,
  };
  return { text: JSON.stringify(report, null, 2) + '\n', findings };
}

function misconfigRecord(rng: Rng, c: (typeof MISCONFIG_CHECKS)[number], status: 'FAIL' | 'PASS'): Record<string, unknown> {
  const start = rng.int(1, 120);
  return {
    Type: c.type === 'terraform' ? 'Terraform Security Check' : c.type === 'kubernetes' ? 'Kubernetes Security Check' : 'Dockerfile Security Check',
    ID: c.avd,
    AVDID: c.id,
    Title: c.title,
    Description: `${c.title}. Misconfigured resources are a common entry point for attackers.`,
    Message: status === 'FAIL' ? `${c.title} (resource ${rng.pick(['aws_s3_bucket', 'aws_security_group', 'aws_db_instance', 'Deployment'])}.${rng.pick(['main', 'logs', 'web', 'api'])}${rng.int(1, 9)})` : 'No issues found',
    Namespace: `builtin.${c.type}.${c.avd.toLowerCase()}`,
    Resolution: 'Apply the recommended configuration.',
    Severity: c.severity,
    PrimaryURL: `https://avd.aquasec.com/misconfig/${c.avd.toLowerCase()}`,
    Status: status,
    CauseMetadata: status === 'FAIL' ? { Resource: `resource.${rng.int(1, 500)}`, Provider: 'AWS', Service: 's3', StartLine: start, EndLine: start + rng.int(1, 12) } : { Provider: 'AWS', Service: 's3' },
  };
}

/**
 * One finding as a line of ctem's finding model (what the NDJSON connector reads
 * by default): vulnerabilities on hosts, posture checks on cloud resources,
 * externally visible weaknesses on services.
 */
export function ndjsonLine(rng: Rng, asset: GenAsset, catalogue: Catalogue, tool: string, serial: number): string {
  // The exporting system's own record id travels as a carried source, as `ctem discover --format ndjson` writes it.
  const base = {
    firstSeen: `2026-${String(rng.int(1, 11)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}T00:00:00Z`,
    lastSeen: SCANNED_AT,
    sources: [{ connector: 'export', tool, pointer: `/${tool}/findings/${serial}` }],
  };
  const assetRef = asset.aliases[0] ?? asset.id;
  if (asset.type === 'host') {
    const distro = asset.distro!;
    const records = catalogue.stacks.get(distro.purlType)!.records;
    const r = records[rng.zipf(records.length, 0.75)]!;
    return JSON.stringify({
      kind: 'vulnerability',
      ruleId: r.id,
      vulnerabilityId: r.id,
      aliases: [r.id, ...r.aliases],
      cwe: [r.cwe],
      title: r.title,
      severity: r.severity.toLowerCase(),
      cvss: { version: '3.1', vector: r.vector, score: r.score },
      package: { name: r.pkg, ecosystem: distro.purlType, installedVersion: r.installed, fixedVersions: r.fixed ? [r.fixed] : [] },
      asset: assetRef,
      target: `${assetRef} (${distro.name} ${distro.version})`,
      ...base,
    });
  }
  if (asset.type === 'cloud-resource') {
    const c = rng.pick(CLOUD_CHECKS);
    return JSON.stringify({
      kind: 'misconfiguration',
      ruleId: c.id,
      aliases: [],
      cwe: [],
      title: c.title,
      severity: c.severity,
      location: { logical: assetRef },
      asset: assetRef,
      ...base,
    });
  }
  const port = rng.pick([22, 80, 443, 3306, 5432, 6379, 8080, 9200]);
  const check = rng.pick(['tls-weak-cipher', 'tls-expired-certificate', 'http-missing-hsts', 'open-admin-port', 'outdated-server-banner']);
  return JSON.stringify({
    kind: 'exposure',
    ruleId: check,
    aliases: [],
    cwe: [],
    title: `${check.replace(/-/g, ' ')} on port ${port}`,
    severity: rng.pick(['low', 'medium', 'medium', 'high']),
    location: { logical: `${assetRef}:${port}` },
    asset: assetRef,
    ...base,
  });
}

export const NDJSON_TOOLS = ['host-scanner', 'cloud-posture', 'attack-surface'];

export const repoUrl = (asset: GenAsset): string => `https://github.com/${asset.repository ?? `${ORG}/${asset.id}`}`;
