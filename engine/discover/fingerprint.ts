/**
 * Stable exposure identity. The fingerprint depends only on what makes two reports
 * the same exposure — the asset, what is wrong, and where — never on descriptions,
 * timestamps, severities, versions or the order of results. So it is the same across
 * runs of one scanner, and across scanners: Trivy, Grype, OSV-Scanner, SARIF and
 * Dependabot reporting one CVE in one package on one asset give one fingerprint.
 * The rules per kind are documented in docs/connectors.md and docs/finding-model.md.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;
import type { DiscoveredFinding } from '../model/finding.ts';

/** 20 hex characters (80 bits): collision odds at a million exposures are about 4e-13. */
const LENGTH = 20;

export function fingerprint(f: DiscoveredFinding, assetId: string): string {
  return digest(identityParts(f, assetId));
}

export function identityParts(f: DiscoveredFinding, assetId: string): string[] {
  const vuln = (f.vulnerabilityId ?? f.ruleId).toUpperCase();
  switch (f.kind) {
    case 'vulnerability':
      return ['vulnerability', assetId, vuln, packageKey(f.package?.name ?? f.location?.path ?? '')];
    case 'license':
      return ['license', assetId, f.ruleId, packageKey(f.package?.name ?? '')];
    case 'code':
      // A tool's own location-independent fingerprint survives code moving around the file.
      if (f.nativeFingerprint) return ['code', assetId, f.ruleId, f.nativeFingerprint];
      return ['code', assetId, f.ruleId, f.location?.path ?? '', String(f.location?.startLine ?? ''), f.location?.logical ?? ''];
    case 'secret':
      // Without a file location (a GitHub secret alert found in an issue or wiki), the
      // tool's own identity keeps two secrets of one type on one asset apart.
      if (f.location?.path === undefined && f.nativeFingerprint) return ['secret', assetId, f.ruleId, f.nativeFingerprint];
      return ['secret', assetId, f.ruleId, f.location?.path ?? '', String(f.location?.startLine ?? '')];
    case 'misconfiguration':
      return ['misconfiguration', assetId, f.ruleId, f.location?.path ?? f.target ?? '', f.location?.logical ?? ''];
    case 'exposure':
      return ['exposure', assetId, f.ruleId, f.location?.logical ?? f.location?.path ?? ''];
  }
}

/**
 * Tools name one package differently: Trivy `org.springframework:spring-beans`, Grype
 * `spring-beans`, a purl `pkg:maven/org.springframework/spring-beans`. The last
 * segment of the name, lower-cased, is what they agree on.
 */
export function packageKey(name: string): string {
  const parts = name.toLowerCase().split(/[:/]/);
  return parts[parts.length - 1] ?? '';
}

function digest(parts: string[]): string {
  // NUL cannot occur in the parts' meaning, so joining with it is unambiguous.
  // Hex of the first LENGTH/2 bytes: a flat string, not a slice that keeps the whole 64-character digest alive.
  // crypto.hash (Node 20.12+) is the one-shot form, without a Hash object per finding.
  const text = parts.join('\u0000');
  const bytes = oneShot !== undefined ? oneShot('sha256', text, 'buffer') : createHash('sha256').update(text).digest();
  return bytes.toString('hex', 0, LENGTH / 2);
}
