/**
 * How json-logic-js reads a rule's shape: an operation is a non-array object
 * with exactly one own enumerable key (the operator); anything else is a
 * value. A non-array operand is sugar for a one-element argument list
 * (`{"var": "x"}` is `{"var": ["x"]}`).
 */

export function isLogic(rule: unknown): rule is Record<string, unknown> {
  return typeof rule === 'object' && rule !== null && !Array.isArray(rule) && Object.keys(rule).length === 1;
}

export function operatorOf(rule: Record<string, unknown>): string {
  return Object.keys(rule)[0] as string;
}

/** The operation's arguments and, for each, its path segments below the operator key. */
export function argumentsOf(rule: Record<string, unknown>, op: string): { args: readonly unknown[]; sugar: boolean } {
  const values = rule[op];
  return Array.isArray(values) ? { args: values, sugar: false } : { args: [values], sugar: true };
}

/** Path of argument `i` of the operation at `path`: `[...path, op, i]`, or `[...path, op]` for sugar. */
export function argumentPath(path: readonly (string | number)[], op: string, i: number, sugar: boolean): (string | number)[] {
  return sugar ? [...path, op] : [...path, op, i];
}
