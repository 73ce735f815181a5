/**
 * What the connector knows about particular tools' SARIF, recognised by driver name.
 *
 * SARIF has no field for "this result is about a package" or "this is a secret", so the
 * finding kind, and for some tools the severity and advisory ids, depend on the tool.
 * Everything here reads a format the tool's own SARIF writer produces (checked against
 * real output in the test corpus); nothing is inferred from prose.
 */
import type { FindingKind, Severity } from '../../engine/model/finding.ts';
import { objectField, textField, type JsonObject } from './json.ts';
import { tagsOf } from './identifiers.ts';

export type ToolFamily =
  /** Trivy: one SARIF for vulnerabilities, misconfigurations, secrets and licences. */
  | 'trivy'
  | 'grype'
  /** Snyk Open Source and Snyk Container. */
  | 'snyk'
  | 'osv-scanner'
  /** Other dependency scanners: every result is about a vulnerable package. */
  | 'sca'
  /** Infrastructure-as-code scanners: every result is a misconfiguration. */
  | 'iac'
  /** Secret scanners: every result is an exposed credential. */
  | 'secrets'
  | 'other';

const FAMILIES: ReadonlyArray<[RegExp, ToolFamily]> = [
  [/^trivy\b/i, 'trivy'],
  // Early Grype releases named their SARIF driver after the Anchore report.
  [/^(?:grype|anchore container vulnerability report)\b/i, 'grype'],
  [/^snyk\s*(?:open\s*source|container)\b/i, 'snyk'],
  [/^osv-scanner\b/i, 'osv-scanner'],
  [/^(?:dependency-check|owasp dependency-check|govulncheck)\b/i, 'sca'],
  [/^(?:checkov|tfsec|kics|terrascan|defsec|cfn[-_]nag|snyk\s*iac)\b/i, 'iac'],
  [/^(?:gitleaks|trufflehog|detect-secrets|ggshield|gitguardian|credscan|secretlint|nosey\s*parker)\b/i, 'secrets'],
];

export function toolFamily(driverName: string): ToolFamily {
  for (const [pattern, family] of FAMILIES) if (pattern.test(driverName.trim())) return family;
  return 'other';
}

export interface ToolHints {
  kind?: FindingKind;
  /** A severity the tool states in a fixed format, used when there is no security-severity. */
  severity?: Severity;
  /** Tool texts known to be lists of advisory ids (see identifiers.ts). */
  advisoryTexts: string[];
  /**
   * The rule id is itself an advisory id, whatever its shape: Snyk's legacy advisories
   * are `npm:ms:20170412`, osv-scanner and Trivy use any OSV or distribution id
   * (`DLA-3482-1`, `ALAS2-2023-2050`), which no pattern here would recognise.
   */
  ruleIsAdvisory: boolean;
}

// Trivy names each rule after the scanner class that produced it, and repeats the class
// as the first tag (pkg/report/sarif.go: toSarifRuleName, toProperties).
const TRIVY_KINDS: ReadonlyMap<string, FindingKind> = new Map([
  ['OsPackageVulnerability', 'vulnerability'],
  ['LanguageSpecificPackageVulnerability', 'vulnerability'],
  ['Misconfiguration', 'misconfiguration'],
  ['Secret', 'secret'],
  ['License', 'license'],
  ['vulnerability', 'vulnerability'],
  ['misconfiguration', 'misconfiguration'],
  ['secret', 'secret'],
  ['license', 'license'],
]);

const FAMILY_KINDS: ReadonlyMap<ToolFamily, FindingKind> = new Map([
  ['grype', 'vulnerability'],
  ['snyk', 'vulnerability'],
  ['osv-scanner', 'vulnerability'],
  ['sca', 'vulnerability'],
  ['iac', 'misconfiguration'],
  ['secrets', 'secret'],
]);

const SNYK_SEVERITY: ReadonlyMap<string, Severity> = new Map([
  ['critical', 'critical'],
  ['high', 'high'],
  ['medium', 'medium'],
  ['low', 'low'],
]);

export function toolHints(family: ToolFamily, rule: JsonObject | undefined, message: string | undefined): ToolHints {
  const hints: ToolHints = { advisoryTexts: [], ruleIsAdvisory: family === 'snyk' || family === 'osv-scanner' };
  const kind = FAMILY_KINDS.get(family);
  if (kind !== undefined) hints.kind = kind;

  if (family === 'trivy') {
    const byName = TRIVY_KINDS.get(textField(rule, 'name') ?? '');
    const byTag = TRIVY_KINDS.get(tagsOf(rule)[0] ?? '');
    const trivyKind = byName ?? byTag;
    if (trivyKind !== undefined) hints.kind = trivyKind;
    // Trivy names a vulnerability rule after the advisory (writer: `AddRule(vulnerabilityId)`).
    hints.ruleIsAdvisory = trivyKind === 'vulnerability';
  }

  if (family === 'snyk') {
    // shortDescription: "High severity - Remote Memory Exposure vulnerability in bl"
    const short = textField(objectField(rule, 'shortDescription'), 'text') ?? '';
    const stated = SNYK_SEVERITY.get(/^(\w+) severity - /.exec(short)?.[1]?.toLowerCase() ?? '');
    if (stated !== undefined) hints.severity = stated;
    // fullDescription: "(CVE-2020-8244) bl@1.1.2"; the parenthesis lists the advisory's ids.
    const full = textField(objectField(rule, 'fullDescription'), 'text') ?? '';
    const ids = /^\(([^)]*)\)/.exec(full)?.[1];
    if (ids !== undefined) hints.advisoryTexts.push(ids);
  }

  if (family === 'osv-scanner' && message !== undefined) {
    // "Package 'regex@1.5.1' is vulnerable to 'CVE-2022-24713' (also known as 'RUSTSEC-...', 'GHSA-...')."
    const ids = /' is vulnerable to ('[^']*'(?: \(also known as (?:'[^']*'(?:, )?)*\))?)/.exec(message)?.[1];
    if (ids !== undefined) hints.advisoryTexts.push(ids);
  }
  return hints;
}
