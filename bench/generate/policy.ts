/**
 * The generated policy: 300 rules of the shapes large organisations write
 * (KEV with exposure, EPSS and CVSS thresholds, severity by criticality, `in`
 * over tags, globs over package names, semver comparisons, nested and/or/!,
 * per-business-unit overrides), the routes they name, and exceptions with
 * expiries. Rules do not scale with --size: a policy's size does not depend on
 * the estate's.
 */
import YAML from 'yaml';
import { BUSINESS_UNITS } from './vocabulary.ts';
import type { Rng } from './prng.ts';

export const RULE_COUNT = 300;

export interface GenRule {
  id: string;
  description: string;
  when: unknown;
  set: { priority: 'P1' | 'P2' | 'P3' | 'P4'; sla_days?: number; labels?: string[]; route?: string };
}

export interface PolicyFile {
  name: string;
  doc: Record<string, unknown>;
}

const v = (path: string) => ({ var: path });
const eq = (path: string, value: unknown) => ({ '==': [v(path), value] });
const and = (...xs: unknown[]) => ({ and: xs });
const or = (...xs: unknown[]) => ({ or: xs });
const not = (x: unknown) => ({ '!': x });

const PACKAGE_GLOBS = ['openssl*', 'lib*ssl*', '*spring-*', 'log4j*', 'libc*', 'jackson-*', 'django', 'golang.org/x/*', '*curl*', 'nghttp2*', 'lodash*', 'netty-*'];
const SEMVER_PINS: readonly [string, string][] = [
  ['lodash', '4.17.21'], ['minimist', '1.2.6'], ['axios', '1.6.0'], ['jsonwebtoken', '9.0.0'], ['ws', '8.17.1'],
  ['django', '4.2.8'], ['requests', '2.31.0'], ['urllib3', '2.0.7'], ['pyyaml', '5.4.0'], ['cryptography', '41.0.6'],
  ['org.apache.logging.log4j:log4j-core', '2.17.1'], ['org.yaml:snakeyaml', '2.0.0'],
];

export function buildPolicies(rng: Rng): { files: PolicyFile[]; ruleCount: number } {
  const files: PolicyFile[] = [];
  files.push({
    name: '00-routes.yaml',
    doc: {
      id: 'routes',
      description: 'Where issues go.',
      rules: [],
      routes: [
        { id: 'owner-repo', target: 'asset-repository', group_by: 'asset-package', template: 'issue', labels: ['security', 'ctem'] },
        { id: 'central-triage', target: 'central', group_by: 'finding', template: 'issue', labels: ['security', 'ctem', 'triage'] },
        { id: 'misconfig-by-owner', target: 'central', group_by: 'owner-rule', template: 'issue', labels: ['security', 'ctem', 'misconfiguration'] },
        { id: 'host-patching', target: 'central', group_by: 'asset', template: 'issue', labels: ['security', 'ctem', 'patching'] },
      ],
      default_route: 'owner-repo',
      max_exception_days: 400,
    },
  });

  const exploitation: GenRule[] = [
    { id: 'kev-internet-facing', description: 'Known exploited, reachable from the internet.', when: and(v('kev.listed'), v('validation.internet_exposed')), set: { priority: 'P1', sla_days: 3, labels: ['known-exploited'] } },
    { id: 'kev-ransomware', description: 'Known exploited by ransomware crews.', when: and(v('kev.listed'), eq('kev.ransomware', true)), set: { priority: 'P1', labels: ['known-exploited', 'ransomware'] } },
    { id: 'kev-crown-jewel', description: 'Known exploited on a crown jewel.', when: and(v('kev.listed'), v('validation.crown_jewel')), set: { priority: 'P1', labels: ['known-exploited'] } },
    { id: 'kev-critical-scope', description: 'Known exploited in a critical scope.', when: and(v('kev.listed'), { in: [v('scope.criticality'), ['critical', 'high']] }), set: { priority: 'P1', sla_days: 10, labels: ['known-exploited'] } },
    { id: 'kev-anywhere', description: 'Any other known-exploited vulnerability.', when: v('kev.listed'), set: { priority: 'P2', labels: ['known-exploited'] } },
    { id: 'leaked-secret', description: 'A secret in code.', when: eq('finding.kind', 'secret'), set: { priority: 'P1', sla_days: 2, labels: ['secret'], route: 'central-triage' } },
    { id: 'ssvc-act', description: 'CISA SSVC says Act.', when: eq('ssvc.decision', 'Act'), set: { priority: 'P1', labels: ['ssvc-act'] } },
    { id: 'epss-top-internet', description: 'Top 1% EPSS on an internet-facing asset.', when: and({ '>=': [v('epss.percentile'), 0.99] }, v('validation.internet_exposed')), set: { priority: 'P1', labels: ['likely-exploited'] } },
    { id: 'epss-high-exposed', description: 'EPSS 10% or more, exposed or crown jewel.', when: and({ '>=': [v('epss.score'), 0.1] }, or(v('validation.internet_exposed'), v('validation.crown_jewel'))), set: { priority: 'P2', labels: ['likely-exploited'] } },
    { id: 'ssvc-attend-critical', description: 'SSVC Attend in a critical scope.', when: and(eq('ssvc.decision', 'Attend'), eq('scope.criticality', 'critical')), set: { priority: 'P2' } },
    { id: 'epss-high-anywhere', description: 'EPSS 30% or more anywhere.', when: { '>=': [v('epss.score'), 0.3] }, set: { priority: 'P2', labels: ['likely-exploited'] } },
    { id: 'cvss-critical-internet-fixable', description: 'CVSS 9+ on the internet edge, fix available.', when: and({ '>=': [v('cvss.score'), 9] }, v('validation.internet_exposed'), v('finding.package.fixable')), set: { priority: 'P2' } },
    { id: 'exposure-admin-port', description: 'Admin ports open to the internet.', when: and(eq('finding.kind', 'exposure'), { starts_with: [v('finding.rule_id'), 'open-admin'] }, v('validation.internet_exposed')), set: { priority: 'P1', route: 'central-triage' } },
    { id: 'exposure-tls', description: 'TLS weaknesses on exposed services.', when: and(eq('finding.kind', 'exposure'), { glob: [v('finding.rule_id'), 'tls-*'] }), set: { priority: 'P3', route: 'central-triage' } },
    { id: 'epss-rising-pci', description: 'EPSS above the 90th percentile in PCI scope.', when: and({ '>=': [v('epss.percentile'), 0.9] }, { in: ['pci', v('scope.data_classification')] }), set: { priority: 'P2', labels: ['pci'] } },
    { id: 'code-injection-prod', description: 'Injection flaws in production code.', when: and(eq('finding.kind', 'code'), { in: ['CWE-89', v('finding.cwe')] }, eq('asset.attributes.env', 'prod')), set: { priority: 'P2', route: 'central-triage' } },
  ];
  files.push({ name: '10-exploitation.yaml', doc: { id: 'exploitation', description: 'Known and likely exploitation first.', rules: exploitation } });

  const buRules: GenRule[][] = BUSINESS_UNITS.map((bu) => businessUnitRules(rng, bu));
  BUSINESS_UNITS.forEach((bu, i) => {
    files.push({ name: `20-bu-${bu}.yaml`, doc: { id: `bu-${bu}`, description: `Overrides agreed with the ${bu} business unit.`, rules: buRules[i] } });
  });

  const misconfig: GenRule[] = [
    { id: 'misconfig-public-data', description: 'Public storage or databases.', when: and(eq('finding.kind', 'misconfiguration'), { in: [v('finding.rule_id'), ['aws-s3-public-read', 'aws-rds-public', 'AVD-AWS-0086', 'AVD-AWS-0107']] }), set: { priority: 'P1', route: 'misconfig-by-owner', labels: ['misconfiguration'] } },
    { id: 'misconfig-root-keys', description: 'Root access keys.', when: eq('finding.rule_id', 'aws-iam-root-access-key'), set: { priority: 'P1', route: 'misconfig-by-owner' } },
    { id: 'misconfig-critical', description: 'Critical misconfigurations.', when: and(eq('finding.kind', 'misconfiguration'), eq('finding.severity', 'critical')), set: { priority: 'P2', route: 'misconfig-by-owner' } },
    { id: 'misconfig-high-prod', description: 'High misconfigurations in production.', when: and(eq('finding.kind', 'misconfiguration'), eq('finding.severity', 'high'), { in: ['prod', v('asset.tags')] }), set: { priority: 'P2', route: 'misconfig-by-owner' } },
    { id: 'misconfig-k8s-privileged', description: 'Privileged containers.', when: and(eq('finding.kind', 'misconfiguration'), { glob: [v('finding.rule_id'), 'AVD-KSV-*'] }, eq('finding.severity', 'high')), set: { priority: 'P3', route: 'misconfig-by-owner' } },
    { id: 'misconfig-high', description: 'Other high misconfigurations.', when: and(eq('finding.kind', 'misconfiguration'), { in: [v('finding.severity'), ['high', 'critical']] }), set: { priority: 'P3', route: 'misconfig-by-owner' } },
    { id: 'misconfig-medium-crown', description: 'Medium misconfigurations on crown jewels.', when: and(eq('finding.kind', 'misconfiguration'), eq('finding.severity', 'medium'), v('validation.crown_jewel')), set: { priority: 'P3', route: 'misconfig-by-owner' } },
    { id: 'misconfig-rest', description: 'The rest go to the dashboard.', when: eq('finding.kind', 'misconfiguration'), set: { priority: 'P4', route: 'none' } },
    { id: 'secrets-in-tests', description: 'Never reached: secrets decided above; kept as a guard.', when: and(eq('finding.kind', 'secret'), { glob: [v('finding.path'), '**/test/**'] }), set: { priority: 'P3' } },
    { id: 'code-high', description: 'High-severity code findings.', when: and(eq('finding.kind', 'code'), { in: [v('finding.severity'), ['critical', 'high']] }), set: { priority: 'P3' } },
    { id: 'code-notes', description: 'Code-quality notes are not security work.', when: and(eq('finding.kind', 'code'), { in: [v('finding.severity'), ['info', 'low', 'unknown']] }), set: { priority: 'P4', route: 'none' } },
    { id: 'host-kernel-prod', description: 'Production hosts: patch by host.', when: and(eq('asset.type', 'host'), eq('asset.attributes.env', 'prod'), { in: [v('finding.severity'), ['critical', 'high']] }), set: { priority: 'P3', route: 'host-patching' } },
  ];
  files.push({ name: '80-misconfiguration.yaml', doc: { id: 'misconfiguration', description: 'Configuration and code.', rules: misconfig } });

  const used = exploitation.length + buRules.reduce((n, r) => n + r.length, 0) + misconfig.length;
  files.push({ name: '90-baseline.yaml', doc: { id: 'baseline', description: 'Severity weighted by business impact; the catch-alls.', rules: baselineRules(RULE_COUNT - used) } });
  return { files, ruleCount: RULE_COUNT };
}

function businessUnitRules(rng: Rng, bu: string): GenRule[] {
  const inScope = eq('scope.id', bu);
  const glob = rng.pick(PACKAGE_GLOBS);
  const [pkg, fixedAt] = rng.pick(SEMVER_PINS);
  const pct = rng.pick([0.8, 0.85, 0.9, 0.95]);
  const cvss = rng.pick([7.5, 8, 8.5, 8.8]);
  const days = rng.pick([60, 90, 120, 180]);
  return [
    { id: `${bu}-critical-fixable`, description: 'Critical with a fix: upgrade now.', when: and(inScope, { in: [v('finding.severity'), ['critical']] }, v('finding.package.fixable')), set: { priority: 'P2' } },
    { id: `${bu}-epss`, description: `EPSS percentile ${pct} or more.`, when: and(inScope, { '>=': [v('epss.percentile'), pct] }), set: { priority: 'P2', labels: ['likely-exploited'] } },
    { id: `${bu}-cvss-internet`, description: `CVSS ${cvss}+ on internet-facing assets.`, when: and({ '>=': [v('cvss.score'), cvss] }, v('validation.internet_exposed'), inScope), set: { priority: 'P2' } },
    { id: `${bu}-package-watch`, description: `Packages matching ${glob}.`, when: and({ glob: [v('finding.package.name'), glob] }, inScope, not(v('finding.suppressed'))), set: { priority: 'P3', labels: ['package-watch'] } },
    { id: `${bu}-semver-pin`, description: `${pkg} before ${fixedAt}.`, when: and(eq('finding.package.name', pkg), { semver_lt: [v('finding.package.installed_version'), fixedAt] }, { in: [v('scope.id'), [bu]] }), set: { priority: 'P3' } },
    { id: `${bu}-legacy`, description: 'Legacy systems: tracked, not filed.', when: and({ in: ['legacy', v('asset.tags')] }, inScope, not({ in: [v('finding.severity'), ['critical']] })), set: { priority: 'P4', route: 'none' } },
    { id: `${bu}-prod-high`, description: 'High or critical in production.', when: and(inScope, eq('asset.attributes.env', 'prod'), or({ in: [v('finding.severity'), ['high', 'critical']] }, { '>=': [v('cvss.score'), 7] })), set: { priority: 'P3' } },
    { id: `${bu}-stale`, description: `Open more than ${days} days.`, when: and(inScope, { '>': [{ days_since: [v('finding.first_seen')] }, days] }, or(eq('finding.severity', 'high'), { '>=': [v('epss.score'), 0.05] })), set: { priority: 'P3', labels: ['stale'] } },
  ];
}

function baselineRules(count: number): GenRule[] {
  const rules: GenRule[] = [];
  const severities = ['critical', 'high', 'medium'] as const;
  const criticalities = ['critical', 'high', 'medium', 'low'] as const;
  const matrix: Record<string, 'P2' | 'P3' | 'P4'> = {
    'critical/critical': 'P2', 'critical/high': 'P2', 'critical/medium': 'P3', 'critical/low': 'P3',
    // High severity is filed where the business is critical; medium is tracked on the dashboard, not filed.
    'high/critical': 'P3', 'high/high': 'P3', 'high/medium': 'P4', 'high/low': 'P4',
    'medium/critical': 'P4', 'medium/high': 'P4', 'medium/medium': 'P4', 'medium/low': 'P4',
  };
  for (const s of severities) {
    for (const c of criticalities) {
      const p = matrix[`${s}/${c}`]!;
      rules.push({ id: `sev-${s}-crit-${c}`, description: `${s} severity in a ${c} scope.`, when: and(eq('finding.severity', s), eq('scope.criticality', c)), set: p === 'P4' ? { priority: p, route: 'none' } : { priority: p } });
    }
  }
  const thresholds = [9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6];
  for (const t of thresholds) {
    if (rules.length >= count - 4) break;
    rules.push({ id: `cvss-${String(t).replace('.', '-')}-fixable`, description: `CVSS ${t}+ with a fix.`, when: and({ '>=': [v('cvss.score'), t] }, v('finding.package.fixable'), not(eq('asset.attributes.env', 'dev'))), set: { priority: t >= 8 ? 'P3' : 'P4', ...(t >= 8 ? {} : { route: 'none' }) } });
  }
  while (rules.length < count - 4) {
    const i = rules.length;
    rules.push({ id: `unscoped-${i}`, description: 'Assets no scope covers: triage centrally.', when: and({ '==': [v('scope.id'), null] }, { in: [v('finding.severity'), ['critical', 'high']] }, { '>=': [v('cvss.score'), 5 + (i % 5)] }), set: { priority: 'P3', route: 'central-triage' } });
  }
  rules.push(
    { id: 'high-anywhere', description: 'High severity anywhere else: the dashboard.', when: { in: [v('finding.severity'), ['critical', 'high']] }, set: { priority: 'P4', route: 'none' } },
    { id: 'medium-dashboard', description: 'Medium: dashboard.', when: eq('finding.severity', 'medium'), set: { priority: 'P4', route: 'none' } },
    { id: 'low-dashboard', description: 'Low and informational: dashboard.', when: { in: [v('finding.severity'), ['low', 'info', 'unknown']] }, set: { priority: 'P4', route: 'none' } },
    { id: 'anything-else', description: 'Never filed.', when: true, set: { priority: 'P4', route: 'none' } },
  );
  return rules;
}

export function policyYaml(file: PolicyFile): string {
  return '# yaml-language-server: $schema=../schemas/policy.schema.json\n# Generated by bench/generate (synthetic).\n' + YAML.stringify(file.doc, { lineWidth: 0 });
}

/** Every rule's `when`, in evaluation order (for the rule benchmark). */
export function allRules(files: readonly PolicyFile[]): unknown[] {
  return files.flatMap((f) => (f.doc.rules as GenRule[]).map((r) => r.when));
}
