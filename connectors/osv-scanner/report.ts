/**
 * Walking OSV-Scanner JSON output (`osv-scanner --format json`) into findings:
 * `results[]` (one per scanned source) → `packages[]` → one finding per group of
 * vulnerabilities (see groups.ts), in document order.
 *
 * Not read: `license_violations` (the experimental license scan) and
 * `experimentalAnalysis` (call analysis); see README.md. OSV-Scanner's JSON does not
 * state its own version, so findings carry none.
 *
 * Everything is mapped before anything is returned: a broken record rejects the report.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import type { ExtractContext } from '../types.ts';
import type { SourceBase } from '../shared/finding.ts';
import { asObject, objectsIn, optObject, optString, reqArray, reqObject, reqString } from '../shared/json-reader.ts';
import { groupFinding } from './finding.ts';
import { groupVulnerabilities } from './groups.ts';

export function extractOsvScanner(doc: unknown, ctx: ExtractContext): DiscoveredFinding[] {
  const report = asObject(doc, []);
  // A single OSV record (an advisory, not scanner output) has no `results` and is rejected here.
  reqArray(report, 'results', []);
  const source: SourceBase = { connector: 'osv-scanner', tool: 'OSV-Scanner', file: ctx.file };

  const findings: DiscoveredFinding[] = [];
  for (const { value: result, path: resultPath } of objectsIn(report, 'results', [])) {
    const scanned = optObject(result, 'source', resultPath);
    const target = scanned !== undefined ? optString(scanned, 'path', [...resultPath, 'source']) : undefined;
    reqArray(result, 'packages', resultPath);
    for (const { value: entry, path: entryPath } of objectsIn(result, 'packages', resultPath)) {
      const pkgPath = [...entryPath, 'package'];
      const pkgObject = reqObject(entry, 'package', entryPath);
      const pkg = {
        name: reqString(pkgObject, 'name', pkgPath),
        version: optString(pkgObject, 'version', pkgPath),
        ecosystem: optString(pkgObject, 'ecosystem', pkgPath),
      };
      for (const group of groupVulnerabilities(entry, entryPath)) {
        findings.push(groupFinding(group, { source, target, pkg }));
      }
    }
  }
  return findings;
}
