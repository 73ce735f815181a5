/**
 * Static checks of a rule at load time. User mistakes come back as
 * {@link RuleProblem}s located by their path in the rule's JSON structure, so
 * the policy loader can point at the YAML line; nothing here throws.
 *
 * `compile` runs the structural subset (unknown operators, nesting too deep)
 * and refuses rules that fail it; the rest (arity, variables, constant
 * arguments of ctem's operators) are mistakes a rule can still be run with,
 * which the loader should report as errors all the same.
 */
import type { RuleProblem } from './errors.ts';
import { operatorNames, operatorSpec } from './operators.ts';
import { argumentPath, argumentsOf, isLogic, operatorOf } from './shape.ts';
import { didYouMean } from './suggest.ts';
import { compileGlob } from './glob.ts';
import { parseIsoDate, parseRange, parseVersion } from './custom.ts';

/**
 * Deepest nesting accepted. Each operation, literal array and literal object
 * is one level; an operation's own argument list is not. 64 is far beyond any
 * sensible policy and keeps compile and evaluation recursion shallow.
 */
export const MAX_RULE_DEPTH = 64;

export interface CheckOptions {
  /**
   * Allowed first segments of `var`/`missing` paths at the top level, e.g.
   * `['finding', 'asset', 'scope', 'epss', 'kev', 'cvss', 'ssvc', 'validation', 'now', 'sla']`.
   * Omitted: variables are not checked.
   */
  allowedVariables?: readonly string[];
  /**
   * Judges every constant `var`/`missing` path at the top level, whole, in place of
   * `allowedVariables`: undefined when the data has it, else the problem's message
   * and hint. For callers that know the data's full shape (ctem's input document).
   */
  variables?: VariableCheck;
  /** Defaults to {@link MAX_RULE_DEPTH}. */
  maxDepth?: number;
}

/** Why a variable path does not exist in the data, or undefined when it does. */
export type VariableCheck = (path: string) => { message: string; hint?: string } | undefined;

type Path = (string | number)[];
/** What the data is where a node sits: the document, an iterator's element, or reduce's `{current, accumulator}`. */
type Scope = 'root' | 'element' | 'reduce';

const REDUCE_VARIABLES = ['current', 'accumulator'] as const;
const ITERATORS = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

export function checkRule(rule: unknown, options: CheckOptions = {}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  walk(rule, [], 1, 'root', { ...options, structuralOnly: false }, problems);
  return problems;
}

/** The problems that make a rule impossible to compile (used by `compile`). */
export function structuralProblems(rule: unknown, maxDepth = MAX_RULE_DEPTH): RuleProblem[] {
  const problems: RuleProblem[] = [];
  walk(rule, [], 1, 'root', { maxDepth, structuralOnly: true }, problems);
  return problems;
}

interface WalkOptions extends CheckOptions {
  structuralOnly: boolean;
}

function walk(rule: unknown, path: Path, depth: number, scope: Scope, o: WalkOptions, out: RuleProblem[]): void {
  if (typeof rule !== 'object' || rule === null) return;
  const maxDepth = o.maxDepth ?? MAX_RULE_DEPTH;
  if (depth > maxDepth) {
    out.push({ code: 'too-deep', message: `rule is nested more than ${maxDepth} levels deep`, path });
    return;
  }
  if (Array.isArray(rule)) {
    rule.forEach((el, i) => walk(el, [...path, i], depth + 1, scope, o, out));
    return;
  }
  if (!isLogic(rule)) {
    // A literal object (json-logic-js returns it as is). Almost always a typo
    // for an operation, and always truthy, so a condition built on it is wrong.
    if (!o.structuralOnly) {
      const keys = Object.keys(rule);
      out.push({
        code: 'unknown-operator',
        message:
          keys.length === 0
            ? 'empty object is not an operation (it is a constant, and always true)'
            : `object with ${keys.length} keys (${keys.map((k) => `'${k}'`).join(', ')}) is not an operation: an operation has exactly one key`,
        path,
      });
    }
    // Its contents are data, never evaluated: only their depth matters.
    for (const [k, v] of Object.entries(rule)) literalDepth(v, [...path, k], depth + 1, maxDepth, out);
    return;
  }

  const op = operatorOf(rule);
  const { args, sugar } = argumentsOf(rule, op);
  const argPath = (i: number): Path => argumentPath(path, op, i, sugar);
  const spec = operatorSpec(op);
  if (spec === undefined) {
    const hint = didYouMean(op, operatorNames);
    out.push({ code: 'unknown-operator', message: `unknown operator '${op}'`, path: [...path, op], ...(hint !== undefined && { hint }) });
  } else if (!o.structuralOnly) {
    const [min, max] = spec.arity;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
      out.push({
        code: 'bad-arity',
        message: `'${op}' takes ${expected} argument${expected === '1' || expected === 'at least 1' ? '' : 's'}, got ${args.length}`,
        path: [...path, op],
      });
    }
    checkVariables(op, args, sugar, path, scope, o, out);
    checkConstantArguments(op, args, argPath, out);
  }

  args.forEach((arg, i) => {
    let argScope = scope;
    if (ITERATORS.has(op) && i === 1) argScope = op === 'reduce' ? 'reduce' : 'element';
    walk(arg, argPath(i), depth + 1, argScope, o, out);
  });
}

function literalDepth(v: unknown, path: Path, depth: number, maxDepth: number, out: RuleProblem[]): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > maxDepth) {
    out.push({ code: 'too-deep', message: `rule is nested more than ${maxDepth} levels deep`, path });
    return;
  }
  for (const [k, x] of Object.entries(v)) literalDepth(x, [...path, Array.isArray(v) ? Number(k) : k], depth + 1, maxDepth, out);
}

/** `var`, `missing` and `missing_some` with constant paths, checked against what the scope's data holds. */
function checkVariables(op: string, args: readonly unknown[], sugar: boolean, path: Path, scope: Scope, o: WalkOptions, out: RuleProblem[]): void {
  const judge = scope === 'reduce' ? REDUCE_CHECK : scope === 'root' ? (o.variables ?? rootsCheck(o.allowedVariables)) : undefined;
  if (judge === undefined) return;
  const check = (name: unknown, at: Path): void => {
    if (typeof name !== 'string' && typeof name !== 'number') return; // dynamic, or the whole document
    if (name === '') return;
    const problem = judge(String(name));
    if (problem !== undefined) out.push({ code: 'unknown-variable', message: problem.message, path: at, ...(problem.hint !== undefined && { hint: problem.hint }) });
  };
  const at = (i: number): Path => argumentPath(path, op, i, sugar);
  const checkKeys = (keys: unknown, keysPath: Path): void => {
    if (!Array.isArray(keys) || isLogic(keys)) return;
    keys.forEach((k, j) => check(Array.isArray(k) ? k[0] : k, [...keysPath, j]));
  };
  if (op === 'var') check(args[0], at(0));
  else if (op === 'missing') {
    if (Array.isArray(args[0])) checkKeys(args[0], at(0));
    else args.forEach((k, i) => check(k, at(i)));
  } else if (op === 'missing_some') checkKeys(args[1], at(1));
}

/** Only the first segment is checked: what lies below it is not known here. */
function rootsCheck(allowed: readonly string[] | undefined): VariableCheck | undefined {
  if (allowed === undefined) return undefined;
  return (name) => {
    const root = name.split('.')[0] as string;
    if (allowed.includes(root)) return undefined;
    const hint = didYouMean(root, allowed);
    return { message: `unknown variable '${name}': '${root}' is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`, ...(hint !== undefined && { hint }) };
  };
}

const REDUCE_CHECK: VariableCheck = (name) => {
  const root = name.split('.')[0] as string;
  if ((REDUCE_VARIABLES as readonly string[]).includes(root)) return undefined;
  const hint = didYouMean(root, REDUCE_VARIABLES);
  return { message: `unknown variable '${name}': inside 'reduce' only 'current' and 'accumulator' exist`, ...(hint !== undefined && { hint }) };
};

/** Constant arguments of ctem's operators that can never work. */
function checkConstantArguments(op: string, args: readonly unknown[], argPath: (i: number) => Path, out: RuleProblem[]): void {
  const bad = (i: number, message: string): void => {
    out.push({ code: 'bad-argument', message, path: argPath(i) });
  };
  const constantString = (i: number): string | undefined => (typeof args[i] === 'string' ? (args[i] as string) : undefined);
  if (op === 'glob') {
    const pattern = constantString(1);
    if (pattern !== undefined) {
      const r = compileGlob(pattern);
      if (!r.ok) bad(1, `glob pattern '${pattern}' is refused: ${r.reason}`);
    } else if (args[1] !== undefined && !isLogic(args[1])) bad(1, "glob's pattern must be a string");
  } else if (op.startsWith('semver_')) {
    const last = op === 'semver_satisfies' ? 0 : 1;
    for (let i = 0; i <= last; i++) {
      const v = constantString(i);
      if (v !== undefined && parseVersion(v) === null) bad(i, `'${v}' is not a valid semantic version`);
    }
    if (op === 'semver_satisfies') {
      const r = constantString(1);
      if (r !== undefined && parseRange(r) === null) bad(1, `'${r}' is not a valid semver range`);
    }
  } else if (op === 'days_since') {
    const d = constantString(0);
    if (d !== undefined && parseIsoDate(d) === undefined) bad(0, `'${d}' is not an ISO 8601 date`);
  }
}
