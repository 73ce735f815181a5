/**
 * One Dependabot alert (GET /repos/{owner}/{repo}/dependabot/alerts or the org
 * listing) as a vulnerability finding. Pure. Rules in docs/connectors.md.
 */
import type { CvssRef, DiscoveredFinding } from '../../engine/model/finding.ts';
import { canonicalVulnerabilityId, normaliseAliases } from '../shared/advisory-id.ts';
import { cvssRef, highestCvss } from '../shared/cvss.ts';
import { normaliseCwes } from '../shared/cwe.ts';
import { dropUndefined } from '../shared/finding.ts';
import { asObject, fail, objectsIn, optNumber, optObject, optString, reqObject, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { purlFromEcosystem } from '../shared/purl.ts';
import { toSeverity } from '../shared/severity.ts';
import type { AlertContext } from '../types.ts';
import { alertSource, justification } from '../github/alert.ts';
import { gitHubEcosystem } from '../github/ecosystem.ts';

export const DEPENDABOT_STATES = ['auto_dismissed', 'dismissed', 'fixed', 'open'] as const;

function cvssEntry(obj: JsonObject | undefined, path: JsonPath): CvssRef | undefined {
  if (obj === undefined) return undefined;
  // GitHub writes `{ vector_string: null, score: 0 }` for "no CVSS": only a vector counts.
  const vector = optString(obj, 'vector_string', path);
  return vector !== undefined ? cvssRef(vector, optNumber(obj, 'score', path)) : undefined;
}

function cvssOf(adv: JsonObject, path: JsonPath): CvssRef | undefined {
  const severities = optObject(adv, 'cvss_severities', path);
  const sp = [...path, 'cvss_severities'];
  return highestCvss([
    cvssEntry(severities && optObject(severities, 'cvss_v4', sp), [...sp, 'cvss_v4']),
    cvssEntry(severities && optObject(severities, 'cvss_v3', sp), [...sp, 'cvss_v3']),
    cvssEntry(optObject(adv, 'cvss', path), [...path, 'cvss']),
  ]);
}

export function mapDependabotAlert(alert: unknown, ctx: AlertContext): DiscoveredFinding | undefined {
  const a = asObject(alert, []);
  const state = reqString(a, 'state', []);
  if (state === 'fixed') return undefined; // no longer an exposure

  const advPath = ['security_advisory'];
  const adv = reqObject(a, 'security_advisory', []);
  const ghsa = reqString(adv, 'ghsa_id', advPath);
  const ids = [ghsa, optString(adv, 'cve_id', advPath) ?? ''];
  for (const { value, path } of objectsIn(adv, 'identifiers', advPath)) ids.push(optString(value, 'value', path) ?? '');
  const aliases = normaliseAliases(ids);
  const vulnerabilityId = canonicalVulnerabilityId(ghsa, aliases);

  const dep = optObject(a, 'dependency', []);
  const depPkg = dep && optObject(dep, 'package', ['dependency']);
  const vuln = optObject(a, 'security_vulnerability', []);
  const vulnPath = ['security_vulnerability'];
  const vulnPkg = vuln && optObject(vuln, 'package', vulnPath);
  const pkgName =
    (depPkg && optString(depPkg, 'name', ['dependency', 'package'])) ??
    (vulnPkg && optString(vulnPkg, 'name', [...vulnPath, 'package'])) ??
    fail(['dependency', 'package', 'name'], 'is required');
  const ecosystem = gitHubEcosystem((depPkg && optString(depPkg, 'ecosystem', ['dependency', 'package'])) ?? (vulnPkg && optString(vulnPkg, 'ecosystem', [...vulnPath, 'package'])));
  const patched = vuln && optObject(vuln, 'first_patched_version', vulnPath);
  const fixed = patched && optString(patched, 'identifier', [...vulnPath, 'first_patched_version']);
  const manifest = dep && optString(dep, 'manifest_path', ['dependency']);

  const cwes: string[] = [];
  for (const { value, path } of objectsIn(adv, 'cwes', advPath)) cwes.push(optString(value, 'cwe_id', path) ?? '');

  const reason = optString(a, 'dismissed_reason', []);
  const suppressed =
    state === 'dismissed'
      ? dropUndefined({ kind: 'dismissed', justification: justification(reason, optString(a, 'dismissed_comment', [])) })
      : state === 'auto_dismissed'
        ? dropUndefined({ kind: 'auto_dismissed', justification: reason })
        : undefined;

  return dropUndefined<DiscoveredFinding>({
    kind: 'vulnerability',
    ruleId: ghsa,
    vulnerabilityId,
    aliases,
    cwe: normaliseCwes(cwes),
    title: optString(adv, 'summary', advPath) ?? `${vulnerabilityId} in ${pkgName}`,
    description: optString(adv, 'description', advPath),
    severity: toSeverity((vuln && optString(vuln, 'severity', vulnPath)) ?? optString(adv, 'severity', advPath)),
    cvss: cvssOf(adv, advPath),
    package: dropUndefined({
      name: pkgName,
      ecosystem,
      purl: purlFromEcosystem(ecosystem, pkgName, undefined),
      fixedVersions: fixed !== undefined ? [fixed] : [],
      vulnerableRange: vuln && optString(vuln, 'vulnerable_version_range', vulnPath),
    }),
    location: manifest !== undefined ? { path: manifest } : undefined,
    assetHint: ctx.repository,
    target: manifest,
    suppressed,
    helpUri: optString(a, 'html_url', []),
    firstSeen: optString(a, 'created_at', []),
    sources: [alertSource(a, 'github-dependabot', 'Dependabot')],
  });
}
