/**
 * A result's standing as the tool reports it: suppressed at the source, its state against
 * a baseline, and whether it is a finding at all.
 */
import type { Finding } from '../../engine/model/finding.ts';
import { arrayField, isObject, stringField, textField, type JsonObject } from './json.ts';

/**
 * SARIF §3.27.23: a result is suppressed if it has a suppression whose status is not
 * `rejected` (absent status and `underReview` count: the suppression exists and has not
 * been turned down). `suppressions: []` means "checked, none". The first such suppression
 * is reported; an empty justification (ESLint writes "") is no justification.
 */
export function suppressionOf(result: JsonObject): Finding['suppressed'] {
  for (const s of arrayField(result, 'suppressions') ?? []) {
    if (!isObject(s) || stringField(s, 'status') === 'rejected') continue;
    const suppressed: NonNullable<Finding['suppressed']> = { kind: textField(s, 'kind') ?? 'unknown' };
    const justification = textField(s, 'justification');
    if (justification !== undefined && justification.trim() !== '') suppressed.justification = justification;
    return suppressed;
  }
  return undefined;
}

const BASELINE_STATES: ReadonlySet<string> = new Set(['new', 'unchanged', 'updated', 'absent']);

export function baselineStateOf(result: JsonObject): Finding['baselineState'] {
  const state = stringField(result, 'baselineState');
  return state !== undefined && BASELINE_STATES.has(state) ? (state as Finding['baselineState']) : undefined;
}

/**
 * SARIF §3.27.9: `pass` (the rule was checked and holds) and `notApplicable` (it could not
 * apply) are records of absence, not exposures. Every other kind (`fail`, the default, and
 * `open`, `review`, `informational`) is a finding.
 */
export function isFinding(result: JsonObject): boolean {
  const kind = stringField(result, 'kind');
  return kind !== 'pass' && kind !== 'notApplicable';
}
