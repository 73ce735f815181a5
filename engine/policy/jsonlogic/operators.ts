/**
 * The operator table: every operator's arity (for `checkRule`), how its
 * arguments are evaluated, and, for the eager ones, what it computes. The
 * definitions restate json-logic-js 2.0.5's `operations` line by line (see the
 * comments for its quirks, which are kept on purpose: results must be equal),
 * with conversions routed through coerce.ts so data is never called.
 *
 * Lazy operators (if, and, or, the iterators) are compiled structurally in
 * compile.ts; they appear here for their arity and names only.
 */
import { ge, isObjectLike, joinArray, looseEq, lt, le, gt, pf, prim, toStr, truthy } from './coerce.ts';
import { missingKeys, ownProp, varLookup } from './path.ts';
import * as custom from './custom.ts';

/** State shared by the closures of one compiled rule. */
export interface Runtime {
  /** Epoch ms that `days_since` measures from, for the evaluation under way. */
  now: number | undefined;
}

export type EagerImpl = (args: readonly unknown[], data: unknown, rt: Runtime) => unknown;

export interface OperatorSpec {
  /** Least and most arguments that make sense; `checkRule` reports others. */
  readonly arity: readonly [number, number];
  /** `lazy`: compile.ts evaluates arguments itself (short-circuit or per element). */
  readonly kind: 'eager' | 'lazy';
  /** Reads the data (not foldable even when every argument is constant). */
  readonly usesData?: boolean;
  /** Reads `rt.now`. */
  readonly usesNow?: boolean;
  /** Result is always a boolean (lets and/or/! skip truthiness checks). */
  readonly boolean?: boolean;
  /** ctem's own, not in json-logic-js. */
  readonly custom?: boolean;
  readonly impl?: EagerImpl;
  /**
   * Given the arguments known at compile time (`undefined` entries are not
   * constant), an implementation specialised to them, e.g. a glob pattern
   * compiled once. Returning undefined keeps `impl`.
   */
  readonly prepare?: (constants: readonly (ConstArg | undefined)[]) => EagerImpl | undefined;
}

/** A compile-time constant argument (boxed so that `undefined` can be a constant too). */
export interface ConstArg {
  readonly value: unknown;
}

const ANY = Number.POSITIVE_INFINITY;

const eager = (arity: [number, number], impl: EagerImpl, extra: Partial<OperatorSpec> = {}): OperatorSpec => ({
  arity,
  kind: 'eager',
  impl,
  ...extra,
});
const lazy = (arity: [number, number]): OperatorSpec => ({ arity, kind: 'lazy' });
const bool = { boolean: true } as const;

/** `missing_some`: `options.length - missing.length >= need`, with options.length as json-logic-js reads it. */
function missingSome(data: unknown, need: unknown, options: unknown): unknown[] {
  const missing = missingKeys(data, Array.isArray(options) ? options : [options]);
  if (options === null || options === undefined) throw new TypeError("Cannot read properties of null (reading 'length')");
  const length = typeof options === 'string' || Array.isArray(options) ? options.length : isObjectLike(options) ? ownProp(options, 'length') : undefined;
  return ge((prim(length) as number) - missing.length, need) ? [] : missing;
}

/** `in`: substring of a string, or strict membership of an array. */
export function inOp(a: unknown, b: unknown): boolean {
  if (!b) return false;
  if (typeof b === 'string') return b.indexOf(toStr(a)) !== -1;
  if (Array.isArray(b)) {
    for (let i = 0; i < b.length; i++) if (b[i] === a) return true;
    return false;
  }
  // json-logic-js calls `b.indexOf(a)` on anything that has an `indexOf`: on
  // data, that is a function found in data (or a TypeError when it is not a
  // function). Plain JSON objects with an own `indexOf` key keep the
  // TypeError; nothing is ever called.
  if (isObjectLike(b) && ownProp(b, 'indexOf') !== undefined) throw new TypeError('b.indexOf is not a function');
  return false;
}

function substr(source: unknown, startArg: unknown, endArg: unknown): string {
  const s = toStr(source);
  const start = prim(startArg) as number;
  const end = prim(endArg) as number;
  if (end < 0) {
    // JavaScript has no negative length; json-logic-js emulates PHP. (`+` may
    // concatenate when `end` is a string, exactly as there.)
    const temp = s.substr(start);
    return temp.substr(0, temp.length + end);
  }
  return s.substr(start, end);
}

function plus(args: readonly unknown[]): number {
  let sum = 0;
  for (let i = 0; i < args.length; i++) sum += pf(args[i]);
  return sum;
}

function times(args: readonly unknown[]): unknown {
  // Array.prototype.reduce without an initial value: throws on no arguments,
  // and returns a single argument untouched (not even parsed).
  if (args.length === 0) throw new TypeError('Reduce of empty array with no initial value');
  let acc: unknown = args[0];
  for (let i = 1; i < args.length; i++) acc = pf(acc) * pf(args[i]);
  return acc;
}

function merge(args: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const a of args) {
    if (Array.isArray(a)) for (let i = 0; i < a.length; i++) out.push(a[i]);
    else out.push(a);
  }
  return out;
}

function minus(a: unknown, b: unknown): number {
  return b === undefined ? -(prim(a) as number) : (prim(a) as number) - (prim(b) as number);
}

/** Math.max/min over ToNumber'd arguments (objects converted without calling data). */
function extreme(args: readonly unknown[], max: boolean): number {
  const nums = args.map((a) => prim(a) as number);
  return max ? Math.max(...nums) : Math.min(...nums);
}

const semverCompare = (test: (c: number) => boolean): OperatorSpec =>
  eager(
    [2, 2],
    (a) => {
      const c = custom.compareVersions(a[0], a[1]);
      return c !== undefined && test(c);
    },
    { ...bool, custom: true },
  );

const table: Record<string, OperatorSpec> = {
  // Data access.
  var: eager([0, 2], (a, data) => varLookup(data, a[0], a[1]), { usesData: true }),
  missing: eager([1, ANY], (a, data) => missingKeys(data, a), { usesData: true }),
  missing_some: eager([2, 2], (a, data) => missingSome(data, a[0], a[1]), { usesData: true }),

  // Control (lazy).
  if: lazy([1, ANY]),
  '?:': lazy([3, 3]),
  and: lazy([1, ANY]),
  or: lazy([1, ANY]),

  // Comparison. `<` and `<=` take a third argument: "between".
  '==': eager([2, 2], (a) => looseEq(a[0], a[1]), bool),
  '===': eager([2, 2], (a) => a[0] === a[1], bool),
  '!=': eager([2, 2], (a) => !looseEq(a[0], a[1]), bool),
  '!==': eager([2, 2], (a) => a[0] !== a[1], bool),
  '>': eager([2, 2], (a) => gt(a[0], a[1]), bool),
  '>=': eager([2, 2], (a) => ge(a[0], a[1]), bool),
  '<': eager([2, 3], (a) => (a[2] === undefined ? lt(a[0], a[1]) : lt(a[0], a[1]) && lt(a[1], a[2])), bool),
  '<=': eager([2, 3], (a) => (a[2] === undefined ? le(a[0], a[1]) : le(a[0], a[1]) && le(a[1], a[2])), bool),

  // Logic.
  '!': eager([1, 1], (a) => !truthy(a[0]), bool),
  '!!': eager([1, 1], (a) => truthy(a[0]), bool),

  // Arithmetic.
  max: eager([1, ANY], (a) => extreme(a, true)),
  min: eager([1, ANY], (a) => extreme(a, false)),
  '+': eager([1, ANY], plus),
  '-': eager([1, 2], (a) => minus(a[0], a[1])),
  '*': eager([1, ANY], times),
  '/': eager([2, 2], (a) => (prim(a[0]) as number) / (prim(a[1]) as number)),
  '%': eager([2, 2], (a) => (prim(a[0]) as number) % (prim(a[1]) as number)),

  // Strings and arrays.
  cat: eager([1, ANY], (a) => joinArray(a, '')),
  substr: eager([2, 3], (a) => substr(a[0], a[1], a[2])),
  in: eager([2, 2], (a) => inOp(a[0], a[1]), bool),
  merge: eager([0, ANY], merge),

  // Iterators (lazy: the second argument runs once per element).
  map: lazy([2, 2]),
  filter: lazy([2, 2]),
  reduce: lazy([2, 3]),
  all: lazy([2, 2]),
  none: lazy([2, 2]),
  some: lazy([2, 2]),

  // json-logic-js prints to the console; policies must not, so this is the identity.
  log: eager([1, 1], (a) => a[0]),

  // ctem's own (custom.ts).
  glob: eager([2, 2], (a) => custom.glob(a[0], a[1]), {
    ...bool,
    custom: true,
    prepare: (c) => {
      const pattern = c[1];
      if (pattern === undefined) return undefined;
      const m = typeof pattern.value === 'string' ? custom.globMatcher(pattern.value) : null;
      if (m === null) return () => false;
      return (a) => typeof a[0] === 'string' && m(a[0]);
    },
  }),
  semver_lt: semverCompare((c) => c < 0),
  semver_lte: semverCompare((c) => c <= 0),
  semver_gt: semverCompare((c) => c > 0),
  semver_gte: semverCompare((c) => c >= 0),
  semver_satisfies: eager([2, 2], (a) => custom.satisfies(a[0], a[1]), {
    ...bool,
    custom: true,
    prepare: (c) => {
      const range = c[1];
      if (range === undefined) return undefined;
      const r = custom.parseRange(range.value);
      if (r === null) return () => false;
      return (a) => {
        const v = custom.parseVersion(a[0]);
        return v !== null && r.test(v);
      };
    },
  }),
  days_since: eager([1, 1], (a, _data, rt) => custom.daysSince(a[0], rt.now), { custom: true, usesNow: true }),
  starts_with: eager([2, 2], (a) => custom.startsWith(a[0], a[1]), { ...bool, custom: true }),
  ends_with: eager([2, 2], (a) => custom.endsWith(a[0], a[1]), { ...bool, custom: true }),
  lower: eager([1, 1], (a) => custom.lower(a[0]), { custom: true }),
  upper: eager([1, 1], (a) => custom.upper(a[0]), { custom: true }),
};

/** Looked up with a Map so that names like `constructor` or `__proto__` are never operators. */
const operators: ReadonlyMap<string, OperatorSpec> = new Map(Object.entries(table));

export function operatorSpec(name: string): OperatorSpec | undefined {
  return operators.get(name);
}

/** Every supported operator, standard first, then ctem's own (for docs and hints). */
export const operatorNames: readonly string[] = Object.freeze([...operators.keys()]);
