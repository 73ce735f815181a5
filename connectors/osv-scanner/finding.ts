/**
 * One group of OSV records for one scanned package, as one finding.
 *
 * The representative record is the group's first id (OSV-Scanner sorts them, so
 * the choice is stable between runs): it gives `ruleId` and the source pointer.
 * Everything else is the union over the group: aliases (every id and alias),
 * CWE ids, fixed versions; the highest CVSS version; the highest stated severity.
 */
import type { DiscoveredFinding, Severity } from '../../engine/model/finding.ts';
import { canonicalVulnerabilityId, normaliseAliases } from '../shared/advisory-id.ts';
import { highestCvss } from '../shared/cvss.ts';
import { normaliseCwes } from '../shared/cwe.ts';
import { normaliseEcosystem } from '../shared/ecosystem.ts';
import { dropUndefined, findingSource, unique, type SourceBase } from '../shared/finding.ts';
import { purlFromEcosystem } from '../shared/purl.ts';
import { maxSeverity, severityFromScore } from '../shared/severity.ts';
import type { VulnerabilityGroup } from './groups.ts';
import { readOsvRecord, type ScannedPackage } from './record.ts';

export interface PackageContext {
  source: SourceBase;
  /** `results[].source.path`: the lockfile, SBOM or directory scanned. */
  target?: string;
  pkg: ScannedPackage;
}

const SCORE = /^\d{1,2}(\.\d+)?$/;

/**
 * Severity, by the most specific statement available: the databases' own words
 * (GHSA, Ubuntu), then the group's CVSS-based `max_severity`, then Debian's urgency.
 */
function groupSeverity(stated: Severity, maxSeverityScore: string | undefined, urgency: Severity): Severity {
  if (stated !== 'unknown') return stated;
  if (maxSeverityScore !== undefined && SCORE.test(maxSeverityScore)) {
    const fromScore = severityFromScore(Number(maxSeverityScore));
    if (fromScore !== 'unknown') return fromScore;
  }
  return urgency;
}

export function groupFinding(group: VulnerabilityGroup, ctx: PackageContext): DiscoveredFinding {
  const records = group.members.map((m) => readOsvRecord(m.record, m.path, ctx.pkg));
  const representative = records[0]!;
  const representativePath = group.members[0]!.path;
  const aliases = normaliseAliases([...records.flatMap((r) => [r.id, ...r.aliases]), ...group.aliases]);
  const { pkg } = ctx;

  return dropUndefined<DiscoveredFinding>({
    kind: 'vulnerability',
    ruleId: representative.id,
    vulnerabilityId: canonicalVulnerabilityId(representative.id, aliases),
    aliases,
    cwe: normaliseCwes(records.flatMap((r) => r.cwe)),
    title: records.map((r) => r.summary).find((s) => s !== undefined) ?? `${representative.id} in ${pkg.name}`,
    description: records.map((r) => r.details).find((d) => d !== undefined),
    severity: groupSeverity(
      maxSeverity(records.map((r) => r.statedSeverity)),
      group.maxSeverity,
      maxSeverity(records.map((r) => r.urgency)),
    ),
    cvss: highestCvss(records.map((r) => r.cvss)),
    package: dropUndefined({
      name: pkg.name,
      ecosystem: normaliseEcosystem(pkg.ecosystem),
      purl: purlFromEcosystem(pkg.ecosystem, pkg.name, pkg.version),
      installedVersion: pkg.version,
      fixedVersions: unique(records.flatMap((r) => r.fixedVersions)),
    }),
    helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(representative.id)}`,
    target: ctx.target,
    // nativeId: the group as OSV-Scanner identifies it (its ids, comma-joined).
    sources: [findingSource(ctx.source, representativePath, records.map((r) => r.id).join(','))],
  });
}
