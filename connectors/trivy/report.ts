/**
 * Walking a Trivy JSON report (SchemaVersion 2) into findings.
 *
 * One finding per record of: `Vulnerabilities`, `Misconfigurations` with Status FAIL,
 * `Secrets`, `Licenses`, and `ModifiedFindings` (as suppressed; same FAIL rule for
 * misconfigurations), in document order. `Packages` and `CustomResources` are
 * inventory, not findings. A report without `Results` is a clean scan.
 *
 * The whole report is mapped before anything is returned, so a broken record
 * anywhere rejects the report instead of letting half of it through.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import type { ExtractContext } from '../types.ts';
import { asObject, fail, objectsIn, optObject, optString, own, type JsonObject } from '../shared/json-reader.ts';
import type { SourceBase } from '../shared/finding.ts';
import type { RecordMapper, ResultContext } from './context.ts';
import { licenseFinding } from './license.ts';
import { misconfigurationFinding } from './misconfiguration.ts';
import { modifiedFinding } from './modified-finding.ts';
import { secretFinding } from './secret.ts';
import { vulnerabilityFinding } from './vulnerability.ts';

export const SUPPORTED_SCHEMA_VERSION = 2;

/** The finding-bearing arrays of a result, in the order their findings are emitted. */
const SECTIONS: ReadonlyArray<readonly [string, RecordMapper]> = [
  ['Vulnerabilities', vulnerabilityFinding],
  ['Misconfigurations', misconfigurationFinding],
  ['Secrets', secretFinding],
  ['Licenses', licenseFinding],
  ['ModifiedFindings', modifiedFinding],
];

function checkSchemaVersion(report: JsonObject): void {
  const version = own(report, 'SchemaVersion');
  if (version === undefined || version === null) fail(['SchemaVersion'], 'is required (Trivy JSON reports state SchemaVersion 2)');
  if (version !== SUPPORTED_SCHEMA_VERSION) {
    fail(['SchemaVersion'], `unsupported Trivy JSON SchemaVersion ${JSON.stringify(version)}: only SchemaVersion 2 is read`);
  }
}

export function extractTrivy(doc: unknown, ctx: ExtractContext): DiscoveredFinding[] {
  const report = asObject(doc, []);
  checkSchemaVersion(report);

  const trivy = optObject(report, 'Trivy', []);
  const source: SourceBase = {
    connector: 'trivy',
    tool: 'Trivy',
    toolVersion: trivy !== undefined ? optString(trivy, 'Version', ['Trivy']) : undefined,
    file: ctx.file,
  };
  const assetHint = optString(report, 'ArtifactName', []);

  const findings: DiscoveredFinding[] = [];
  for (const { value: result, path: resultPath } of objectsIn(report, 'Results', [])) {
    const resultCtx: ResultContext = {
      source,
      assetHint,
      target: optString(result, 'Target', resultPath),
      type: optString(result, 'Type', resultPath),
    };
    for (const [section, mapper] of SECTIONS) {
      for (const { value: record, path } of objectsIn(result, section, resultPath)) {
        const finding = mapper(record, path, resultCtx);
        if (finding !== undefined) findings.push(finding);
      }
    }
  }
  return findings;
}
