/**
 * The one finding model every connector produces. Documented in docs/finding-model.md.
 * All string fields that come from a scanner are untrusted: they are carried as data
 * and escaped wherever they are rendered.
 */

export const FINDING_KINDS = ['vulnerability', 'misconfiguration', 'secret', 'code', 'exposure', 'license'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a finding came from: enough to find the raw record again. */
export interface FindingSource {
  /** Connector name, e.g. `sarif`, `trivy`. */
  connector: string;
  /** The scanning tool as it names itself, e.g. `CodeQL`, `Trivy`. */
  tool: string;
  toolVersion?: string;
  /** The input file (as configured) or API endpoint. */
  file?: string;
  /** RFC 6901 JSON pointer to the raw record (`/runs/0/results/3`), or `line:N` for line formats. */
  pointer: string;
  /** The tool's own identifier for this result, where it has one (SARIF guid, alert number). */
  nativeId?: string;
}

export interface PackageRef {
  name: string;
  /** purl type or ecosystem name: `npm`, `maven`, `apk`, `deb`, `golang`... */
  ecosystem?: string;
  purl?: string;
  installedVersion?: string;
  fixedVersions: string[];
  /** The affected versions as the advisory states them (`>= 2.0.0, < 2.0.2`), where the installed version is not known (Dependabot). */
  vulnerableRange?: string;
}

export interface CodeLocation {
  path?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  /** A logical location: a function, a resource address, a host:port. */
  logical?: string;
}

export interface CvssRef {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector?: string;
  score?: number;
}

export interface Finding {
  /** Stable identity of the exposure (see engine/discover/fingerprint.ts). */
  fingerprint: string;
  kind: FindingKind;
  /** The scanner's rule or advisory id, e.g. `CVE-2021-44228`, `js/sql-injection`, `AVD-AWS-0086`. */
  ruleId: string;
  /** Canonical vulnerability id: a CVE if one is known, else GHSA, else the advisory id. */
  vulnerabilityId?: string;
  /** Every advisory id known for it (CVE, GHSA, OSV...), upper-cased, sorted, unique. */
  aliases: string[];
  /** CWE ids, e.g. `CWE-79`. */
  cwe: string[];
  title: string;
  description?: string;
  severity: Severity;
  cvss?: CvssRef;
  package?: PackageRef;
  location?: CodeLocation;
  /** The asset id (after correlation), or the raw reference the scanner gave. */
  asset: string;
  /** What the scanner scanned, as it says: an image name, a lockfile path, a repository URL. */
  target?: string;
  /** Suppressed at the source (SARIF suppressions, `nosemgrep`, Trivy VEX). */
  suppressed?: { kind: string; justification?: string };
  /** SARIF baselineState, where given. */
  baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
  helpUri?: string;
  /** Fingerprint the tool computed itself (SARIF partialFingerprints), used for code findings. */
  nativeFingerprint?: string;
  firstSeen?: string;
  lastSeen?: string;
  sources: FindingSource[];
}

/**
 * What a connector yields: a finding before the engine has correlated its asset and
 * computed its fingerprint. `assetHint` is the scanner's own idea of what it scanned.
 */
export type DiscoveredFinding = Omit<Finding, 'fingerprint' | 'asset'> & { assetHint?: string };
