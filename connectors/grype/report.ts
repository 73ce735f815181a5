/**
 * Walking a Grype JSON document (`grype -o json`) into findings: one per entry of
 * `matches`, then one suppressed finding per entry of `ignoredMatches`, in document
 * order. Grype can report the same package and vulnerability twice under different
 * ids (a CVE via CPE and a GHSA via the package); both are kept as Grype wrote them,
 * and their shared canonical `vulnerabilityId` lets the engine merge them.
 *
 * Everything is mapped before anything is returned: a broken match rejects the report.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import type { ExtractContext } from '../types.ts';
import { asObject, objectsIn, optObject, optString, own, reqArray, type JsonObject } from '../shared/json-reader.ts';
import { ignoredMatchFinding } from './ignored.ts';
import { matchFinding, type ReportContext } from './match.ts';

// What Grype writes when it was built without version information (its test snapshots).
const NO_VERSION = '[not provided]';

function toolVersion(report: JsonObject): string | undefined {
  const descriptor = optObject(report, 'descriptor', []);
  const version = descriptor !== undefined ? optString(descriptor, 'version', ['descriptor']) : undefined;
  return version === NO_VERSION ? undefined : version;
}

/**
 * What was scanned, as the user named it: `source.target.userInput` for images, the
 * target string itself for directories, files, SBOMs, purls and CPEs. Grype writes the
 * literal `unknown` when it had no source information.
 */
function assetHint(report: JsonObject): string | undefined {
  const source = optObject(report, 'source', []);
  if (source === undefined) return undefined;
  const target = own(source, 'target');
  if (typeof target === 'string') return target === '' || optString(source, 'type', ['source']) === 'unknown' ? undefined : target;
  if (target === undefined || target === null) return undefined;
  return optString(asObject(target, ['source', 'target']), 'userInput', ['source', 'target']);
}

export function extractGrype(doc: unknown, ctx: ExtractContext): DiscoveredFinding[] {
  const report = asObject(doc, []);
  reqArray(report, 'matches', []); // a clean scan still writes `matches: []`
  const context: ReportContext = {
    source: { connector: 'grype', tool: 'Grype', toolVersion: toolVersion(report), file: ctx.file },
    assetHint: assetHint(report),
  };
  return [
    ...objectsIn(report, 'matches', []).map(({ value, path }) => matchFinding(value, path, context)),
    ...objectsIn(report, 'ignoredMatches', []).map(({ value, path }) => ignoredMatchFinding(value, path, context)),
  ];
}
