/**
 * One `Results[].Secrets[]` record as a finding.
 *
 * A secret finding must never carry the secret. Trivy's record holds it (masked or
 * not, depending on the rule and version) in `Match` and in `Code.Lines[].Content`
 * and `Highlighted`, which also include neighbouring lines that may hold other
 * secrets. This mapper reads an allow-list of fields: rule, category, severity,
 * title and line numbers; the file is the result's Target. Nothing else is read, so
 * no future field can leak either.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { dropUndefined } from '../shared/finding.ts';
import { optLine, optString, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { toSeverity } from '../shared/severity.ts';
import { common, type ResultContext, type Suppression } from './context.ts';

export function secretFinding(
  record: JsonObject,
  path: JsonPath,
  ctx: ResultContext,
  suppressed?: Suppression,
): DiscoveredFinding {
  const ruleId = reqString(record, 'RuleID', path);
  const category = optString(record, 'Category', path);
  return dropUndefined<DiscoveredFinding>({
    kind: 'secret',
    ruleId,
    aliases: [],
    cwe: [],
    title: optString(record, 'Title', path) ?? ruleId,
    description: category !== undefined ? `Secret category: ${category}` : undefined,
    severity: toSeverity(optString(record, 'Severity', path)),
    location: dropUndefined({
      path: ctx.target,
      startLine: optLine(record, 'StartLine', path),
      endLine: optLine(record, 'EndLine', path),
    }),
    suppressed,
    ...common(ctx, path),
  });
}
