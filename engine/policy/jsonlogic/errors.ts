/**
 * Errors of the JSON Logic compiler. User mistakes found at load time are
 * reported as {@link RuleProblem}s by `checkRule`; `compile` throws a
 * {@link JsonLogicCompileError} carrying the same problems when a rule cannot
 * be compiled at all, so nothing user-caused surfaces as a bare stack trace.
 */

/** A located mistake in a rule. `path` is where it sits in the rule's JSON structure. */
export interface RuleProblem {
  code: 'unknown-operator' | 'unknown-variable' | 'bad-arity' | 'too-deep' | 'bad-argument';
  message: string;
  /** Object keys and array indices from the rule's root, e.g. `['and', 1, 'foo']`. */
  path: (string | number)[];
  /** A suggestion, e.g. "did you mean 'in'?". */
  hint?: string;
}

export class JsonLogicCompileError extends Error {
  readonly problems: RuleProblem[];
  constructor(problems: RuleProblem[]) {
    super(problems.map((p) => `${p.message} (at ${formatRulePath(p.path)})`).join('\n'));
    this.name = 'JsonLogicCompileError';
    this.problems = problems;
  }
}

/** Raised while evaluating, e.g. when data holds something other than JSON values. */
export class JsonLogicRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonLogicRuntimeError';
  }
}

/** `['and', 1, 'foo']` → `$.and[1].foo`, the JSON-path style used by engine/errors.ts. */
export function formatRulePath(path: readonly (string | number)[]): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
