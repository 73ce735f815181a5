/**
 * `ignoredMatches[]`: matches that a Grype ignore rule (from .grype.yaml, or a VEX
 * document) took out of `matches`. They are ingested as suppressed findings, with the
 * rules that applied as justification, so that the decision stays visible to the
 * engine instead of the exposure silently disappearing.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { looseObject, looseString, objectsIn, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { matchFinding, type ReportContext, type Suppression } from './match.ts';

/** One rule in words: its reason or VEX statement if it has one, else what it matched. */
function describeRule(rule: JsonObject): string {
  const said = [
    looseString(rule, 'reason'),
    looseString(rule, 'vex-status'),
    looseString(rule, 'vex-justification'),
  ].filter((s) => s !== undefined);
  if (said.length > 0) return said.join(', ');
  const matched = [
    looseString(rule, 'vulnerability'),
    looseString(looseObject(rule, 'package'), 'name'),
    looseString(rule, 'fix-state') !== undefined ? `fix-state ${looseString(rule, 'fix-state')}` : undefined,
  ].filter((s) => s !== undefined);
  return matched.length > 0 ? `rule for ${matched.join(' ')}` : 'ignore rule';
}

export function ignoredMatchFinding(record: JsonObject, path: JsonPath, ctx: ReportContext): DiscoveredFinding {
  const rules = objectsIn(record, 'appliedIgnoreRules', path).map(({ value }) => describeRule(value));
  const suppressed: Suppression = {
    kind: 'external',
    justification: `ignored by Grype: ${rules.length > 0 ? rules.join('; ') : 'ignore rule'}`,
  };
  return matchFinding(record, path, ctx, suppressed);
}
