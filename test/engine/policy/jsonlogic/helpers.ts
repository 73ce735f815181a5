/**
 * Runs a rule through both our compiler and json-logic-js (the reference),
 * capturing throws, so tests can demand identical outcomes.
 */
import { isDeepStrictEqual } from 'node:util';
import jsonLogic from 'json-logic-js';
import { compile } from '../../../../engine/policy/jsonlogic/index.ts';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** json-logic-js's apply, typed for arbitrary input. Its `log` prints: tests silence console.log. */
export const reference = jsonLogic.apply as unknown as (rule: unknown, data?: unknown) => unknown;

export function referenceOutcome(rule: unknown, data: unknown): Outcome {
  try {
    return { ok: true, value: reference(rule, data) };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

export function ourOutcome(rule: unknown, data: unknown): Outcome {
  try {
    return { ok: true, value: compile(rule)(data) };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

/** Same value (Object.is on primitives, so -0 ≠ 0 and NaN = NaN), or both threw. */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.ok !== b.ok) return false;
  return a.ok && b.ok ? isDeepStrictEqual(a.value, b.value) : true;
}

export function show(o: Outcome): string {
  if (!o.ok) return `throws ${o.error}`;
  if (o.value === undefined) return 'undefined';
  if (typeof o.value === 'number' && Object.is(o.value, -0)) return '-0';
  return JSON.stringify(o.value) ?? String(o.value);
}
