/**
 * One `Results[].Misconfigurations[]` record (an IaC or config check) as a finding.
 *
 * Only `Status: "FAIL"` is a finding. Trivy writes `PASS` (the check succeeded) and
 * `EXCEPTION` (the failure was waived by an exception policy) only when run with
 * `--include-non-failures`; neither is an exposure, so both give no finding. Any other
 * status is not understood and rejects the report rather than being guessed at.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { dropUndefined } from '../shared/finding.ts';
import { fail, optLine, optObject, optString, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { toSeverity } from '../shared/severity.ts';
import { common, type ResultContext, type Suppression } from './context.ts';

const NOT_FINDINGS: ReadonlySet<string> = new Set(['PASS', 'EXCEPTION']);

export function misconfigurationFinding(
  record: JsonObject,
  path: JsonPath,
  ctx: ResultContext,
  suppressed?: Suppression,
): DiscoveredFinding | undefined {
  const status = reqString(record, 'Status', path);
  if (NOT_FINDINGS.has(status)) return undefined;
  if (status !== 'FAIL') fail([...path, 'Status'], `must be FAIL, PASS or EXCEPTION (got ${JSON.stringify(status)})`);

  // AVDID (`AVD-AWS-0089`) is the stable id in reports before Trivy 0.5x; newer reports only have ID (`AWS-0089`).
  const ruleId = optString(record, 'AVDID', path) ?? optString(record, 'ID', path);
  if (ruleId === undefined) fail([...path, 'ID'], 'is required (or AVDID)');

  const cause = optObject(record, 'CauseMetadata', path);
  const causePath = [...path, 'CauseMetadata'];
  const message = optString(record, 'Message', path);
  const ruleDescription = optString(record, 'Description', path);
  const resolution = optString(record, 'Resolution', path);
  // The specific failure first, then what the rule checks and how to fix it.
  const description = [message, ruleDescription, resolution !== undefined ? `Resolution: ${resolution}` : undefined]
    .filter((s) => s !== undefined)
    .map((s) => s.trim())
    .join('\n\n');

  return dropUndefined<DiscoveredFinding>({
    kind: 'misconfiguration',
    ruleId,
    aliases: [],
    cwe: [],
    title: optString(record, 'Title', path) ?? ruleId,
    description: description !== '' ? description : undefined,
    severity: toSeverity(optString(record, 'Severity', path)),
    // CauseMetadata.Code is deliberately not read: config lines can hold credentials.
    location: dropUndefined({
      path: ctx.target,
      startLine: cause !== undefined ? optLine(cause, 'StartLine', causePath) : undefined,
      endLine: cause !== undefined ? optLine(cause, 'EndLine', causePath) : undefined,
      logical: cause !== undefined ? optString(cause, 'Resource', causePath) : undefined,
    }),
    helpUri: optString(record, 'PrimaryURL', path),
    suppressed,
    ...common(ctx, path),
  });
}
