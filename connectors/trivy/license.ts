/**
 * One `Results[].Licenses[]` record (a package or file under a license that Trivy's
 * license policy classifies) as a finding. The rule is the license name; the package
 * or the file it was found in tells findings of the same license apart.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { normaliseEcosystem } from '../shared/ecosystem.ts';
import { dropUndefined } from '../shared/finding.ts';
import { optString, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { toSeverity } from '../shared/severity.ts';
import { common, type ResultContext, type Suppression } from './context.ts';

export function licenseFinding(
  record: JsonObject,
  path: JsonPath,
  ctx: ResultContext,
  suppressed?: Suppression,
): DiscoveredFinding {
  const name = reqString(record, 'Name', path);
  const category = optString(record, 'Category', path);
  // Trivy fills one of the two: PkgName for package licenses, FilePath for license files.
  const pkgName = optString(record, 'PkgName', path);
  const filePath = optString(record, 'FilePath', path);
  const subject = pkgName ?? filePath;

  return dropUndefined<DiscoveredFinding>({
    kind: 'license',
    ruleId: name,
    aliases: [],
    cwe: [],
    title: `${name} license${category !== undefined ? ` (${category})` : ''}${subject !== undefined ? ` in ${subject}` : ''}`,
    description: category !== undefined ? `Trivy license category: ${category}` : undefined,
    severity: toSeverity(optString(record, 'Severity', path)),
    package:
      pkgName !== undefined ? dropUndefined({ name: pkgName, ecosystem: normaliseEcosystem(ctx.type), fixedVersions: [] }) : undefined,
    location: filePath !== undefined ? { path: filePath } : undefined,
    helpUri: optString(record, 'Link', path),
    suppressed,
    ...common(ctx, path),
  });
}
