/**
 * A result's severity, in this order:
 *   1. the `security-severity` property (a CVSS-like 0-10 score, as a string or a number),
 *      on the result's property bag, then on its rule's, banded the way GitHub code
 *      scanning does: >= 9 critical, >= 7 high, >= 4 medium, > 0 low. A score of 0 is
 *      skipped, not read as "info": Trivy writes "0.0" when it has no severity at all.
 *   2. a severity the tool states in a fixed format of its own (see tools.ts: Snyk);
 *   3. the SARIF level: the result's, else its rule's defaultConfiguration.level, else
 *      `warning` (the SARIF default, §3.27.10), mapped error->high, warning->medium,
 *      note->low, none->info. Results whose `kind` is not `fail` default to `none`
 *      (§3.27.9). An unrecognised level string is treated as absent.
 */
import type { Severity } from '../../engine/model/finding.ts';
import { field, objectField, stringField, type JsonObject } from './json.ts';

export type Level = 'error' | 'warning' | 'note' | 'none';

const LEVEL_SEVERITY: ReadonlyMap<Level, Severity> = new Map<Level, Severity>([
  ['error', 'high'],
  ['warning', 'medium'],
  ['note', 'low'],
  ['none', 'info'],
]);

export function severityOf(result: JsonObject, rule: JsonObject | undefined, stated: Severity | undefined): Severity {
  const score = securitySeverity(objectField(result, 'properties')) ?? securitySeverity(objectField(rule, 'properties'));
  if (score !== undefined) return band(score);
  if (stated !== undefined) return stated;
  return LEVEL_SEVERITY.get(levelOf(result, rule)) ?? 'medium';
}

export function levelOf(result: JsonObject, rule: JsonObject | undefined): Level {
  const own = asLevel(stringField(result, 'level'));
  if (own !== undefined) return own;
  const kind = stringField(result, 'kind');
  if (kind !== undefined && kind !== 'fail') return 'none';
  return asLevel(stringField(objectField(rule, 'defaultConfiguration'), 'level')) ?? 'warning';
}

function asLevel(value: string | undefined): Level | undefined {
  return value === 'error' || value === 'warning' || value === 'note' || value === 'none' ? value : undefined;
}

/** The score in (0, 10], or undefined when absent, zero or not a number in range. */
export function securitySeverity(properties: JsonObject | undefined): number | undefined {
  const raw = field(properties, 'security-severity');
  const score = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(score) && score > 0 && score <= 10 ? score : undefined;
}

function band(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
