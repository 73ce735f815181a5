/**
 * One Grype match (a package matched to a vulnerability) as a finding.
 *
 * Grype's primary id is whatever record matched: often a GHSA or distribution
 * advisory, with the CVE only in `relatedVulnerabilities`. All those ids become
 * aliases and the canonical `vulnerabilityId` is chosen from them (a CVE first), so
 * the engine sees that Trivy's CVE finding and Grype's GHSA finding are one exposure.
 * Where the primary record has no CVSS, description or severity, the related
 * records (the same vulnerability from another database) supply them.
 */
import type { DiscoveredFinding, PackageRef, Severity } from '../../engine/model/finding.ts';
import { canonicalVulnerabilityId, normaliseAliases } from '../shared/advisory-id.ts';
import { highestCvss } from '../shared/cvss.ts';
import { normaliseEcosystem, purlType } from '../shared/ecosystem.ts';
import { dropUndefined, findingSource, type SourceBase } from '../shared/finding.ts';
import {
  objectsIn,
  optObject,
  optString,
  optStringArray,
  reqObject,
  reqString,
  type JsonObject,
  type JsonPath,
} from '../shared/json-reader.ts';
import { maxSeverity, toSeverity } from '../shared/severity.ts';
import { pickGrypeCvss } from './cvss.ts';

export interface ReportContext {
  source: SourceBase;
  /** `source.target.userInput` (image) or the scanned path. */
  assetHint?: string;
}

export type Suppression = NonNullable<DiscoveredFinding['suppressed']>;

interface Related {
  id: string;
  record: JsonObject;
  path: JsonPath;
}

/** Grype's `fix`: versions that fix it; `state` (fixed, not-fixed, wont-fix, unknown) is checked but the model has no field for it. */
function readFixedVersions(vuln: JsonObject, vulnPath: JsonPath): string[] {
  const fix = optObject(vuln, 'fix', vulnPath);
  if (fix === undefined) return [];
  optString(fix, 'state', [...vulnPath, 'fix']);
  return optStringArray(fix, 'versions', [...vulnPath, 'fix']);
}

function readArtifact(match: JsonObject, path: JsonPath, fixedVersions: string[]): { pkg: PackageRef; location?: string } {
  const artifactPath = [...path, 'artifact'];
  const artifact = reqObject(match, 'artifact', path);
  const purl = optString(artifact, 'purl', artifactPath);
  // Syft may find a package in several files; the first is enough to locate it.
  const [firstLocation] = objectsIn(artifact, 'locations', artifactPath);
  return {
    pkg: dropUndefined({
      name: reqString(artifact, 'name', artifactPath),
      // The purl type is the ecosystem; Syft's package type (`java-archive`) is the fallback.
      ecosystem: purlType(purl) ?? normaliseEcosystem(optString(artifact, 'type', artifactPath)),
      purl,
      installedVersion: optString(artifact, 'version', artifactPath),
      fixedVersions,
    }),
    location: firstLocation !== undefined ? optString(firstLocation.value, 'path', firstLocation.path) : undefined,
  };
}

export function matchFinding(match: JsonObject, path: JsonPath, ctx: ReportContext, suppressed?: Suppression): DiscoveredFinding {
  const vulnPath = [...path, 'vulnerability'];
  const vuln = reqObject(match, 'vulnerability', path);
  const id = reqString(vuln, 'id', vulnPath);
  const related: Related[] = objectsIn(match, 'relatedVulnerabilities', path).map(({ value, path: p }) => ({
    id: reqString(value, 'id', p),
    record: value,
    path: p,
  }));
  const aliases = normaliseAliases([id, ...related.map((r) => r.id)]);
  const { pkg, location } = readArtifact(match, path, readFixedVersions(vuln, vulnPath));

  const ownSeverity = toSeverity(optString(vuln, 'severity', vulnPath));
  const severity: Severity =
    ownSeverity !== 'unknown' ? ownSeverity : maxSeverity(related.map((r) => toSeverity(optString(r.record, 'severity', r.path))));
  const cvss = pickGrypeCvss(vuln, vulnPath) ?? highestCvss(related.map((r) => pickGrypeCvss(r.record, r.path)));
  const description =
    optString(vuln, 'description', vulnPath) ??
    related.map((r) => optString(r.record, 'description', r.path)).find((d) => d !== undefined);

  return dropUndefined<DiscoveredFinding>({
    kind: 'vulnerability',
    ruleId: id,
    vulnerabilityId: canonicalVulnerabilityId(id, aliases),
    aliases,
    cwe: [], // Grype's JSON carries no CWE ids
    // Grype records have no title; name what matched.
    title: `${id} in ${pkg.name}${pkg.installedVersion !== undefined ? ` ${pkg.installedVersion}` : ''}`,
    description,
    severity,
    cvss,
    package: pkg,
    location: location !== undefined ? { path: location } : undefined,
    helpUri: optString(vuln, 'dataSource', vulnPath),
    suppressed,
    assetHint: ctx.assetHint,
    target: ctx.assetHint,
    sources: [findingSource(ctx.source, path)],
  });
}
