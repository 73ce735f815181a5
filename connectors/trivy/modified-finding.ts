/**
 * `Results[].ModifiedFindings[]`: findings Trivy filtered out because a VEX document
 * or `.trivyignore` said so (written with `--show-suppressed`). They are still
 * exposures someone decided about, so they are ingested as suppressed findings: the
 * engine, not the scanner, decides what a suppression means for policy.
 *
 * The wrapped `Finding` has the shape of the record of its `Type`, and is mapped by
 * the same code as an unsuppressed one.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { fail, optString, reqObject, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import type { RecordMapper, ResultContext, Suppression } from './context.ts';
import { licenseFinding } from './license.ts';
import { misconfigurationFinding } from './misconfiguration.ts';
import { secretFinding } from './secret.ts';
import { vulnerabilityFinding } from './vulnerability.ts';

const MAPPERS: ReadonlyMap<string, RecordMapper> = new Map([
  ['vulnerability', vulnerabilityFinding],
  ['misconfiguration', misconfigurationFinding],
  ['secret', secretFinding],
  ['license', licenseFinding],
]);

export function modifiedFinding(record: JsonObject, path: JsonPath, ctx: ResultContext): DiscoveredFinding | undefined {
  const type = reqString(record, 'Type', path);
  const mapper = MAPPERS.get(type);
  if (mapper === undefined) fail([...path, 'Type'], `must be one of ${[...MAPPERS.keys()].join(', ')} (got ${JSON.stringify(type)})`);

  const status = optString(record, 'Status', path); // not_affected, fixed, ignored...
  const statement = optString(record, 'Statement', path);
  const by = optString(record, 'Source', path); // the VEX file or .trivyignore
  const justification = [
    status !== undefined ? `${status}${by !== undefined ? ` (${by})` : ''}` : by,
    statement,
  ]
    .filter((s) => s !== undefined)
    .join(': ');
  const suppressed: Suppression = justification !== '' ? { kind: 'external', justification } : { kind: 'external' };

  // The pointer names the wrapped record (`.../ModifiedFindings/1/Finding`); its parent holds Status and Source.
  return mapper(reqObject(record, 'Finding', path), [...path, 'Finding'], ctx, suppressed);
}
