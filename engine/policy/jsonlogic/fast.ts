/**
 * Specialised closures for the shapes policies are made of, so that a typical
 * condition costs one closure call and no allocation:
 * - `var` with a constant path: split once; a parent that compares it reads
 *   the path inline through {@link readVar} instead of calling a child closure;
 * - comparisons against a constant: a type check on the hot path before the
 *   general (coercing) comparison;
 * - `in` against a constant array: a Set; against a constant string: indexOf;
 * - `!`/`!!` on a boolean child: no truthiness check.
 *
 * Why the inline read: every closure made from one function literal shares
 * its machine code, so a call to a child closure (`l(d)`) sees many targets
 * and V8 cannot inline it. A call to a module-level function (`readVar`) has
 * one target and is inlined. For the same reason the per-operator variants
 * below are written out rather than parameterised with small functions.
 *
 * Each builder returns undefined when the shape does not apply; compile.ts
 * then uses the general closure. Every specialisation computes exactly what
 * the table in operators.ts does (the differential tests hold them to it).
 */
import { ge, gt, le, looseEq, lt, toStr, truthy } from './coerce.ts';
import { dynamic, type Node, type VarRef } from './node.ts';
import { ownProp, isWholeDataPath, splitPath } from './path.ts';
import { inOp } from './operators.ts';

/**
 * The value at a constant path, as json-logic-js's `var`: stop at
 * null/undefined, own properties only, undefined becomes the default.
 */
export function readVar(d: unknown, r: VarRef): unknown {
  if (d === null || d === undefined) return r.nf;
  const a = ownProp(d, r.k0);
  if (r.n === 1) return a === undefined ? r.nf : a;
  if (a === null || a === undefined) return r.nf;
  const b = ownProp(a, r.k1);
  if (r.n === 2) return b === undefined ? r.nf : b;
  if (b === null || b === undefined) return r.nf;
  let cur: unknown = b;
  for (let i = 2; i < r.n; i++) {
    cur = ownProp(cur, r.seg[i] as string);
    if (cur === undefined || (cur === null && i < r.n - 1)) return r.nf;
  }
  return cur;
}

/**
 * `{"var": [path, default]}` with a constant path and default; undefined when
 * the path cannot even be turned into a string (an object literal with its own
 * `toString` key): the general closure then throws when, and only if, reached.
 */
export function varNode(path: unknown, dflt: unknown): Node | undefined {
  const nf = dflt === undefined ? null : dflt;
  if (isWholeDataPath(path)) return dynamic((d) => d);
  let seg: string[];
  try {
    seg = splitPath(path);
  } catch {
    return undefined;
  }
  const ref: VarRef = { k0: seg[0] as string, k1: seg[1] ?? '', n: seg.length, seg, nf };
  return { ...dynamic((d) => readVar(d, ref)), ref };
}

/** `x == c` for a primitive constant c: same type is `===`, otherwise the full algorithm. */
function eqConst(v: unknown, c: unknown): boolean {
  return v === c || (typeof v !== typeof c && looseEq(v, c));
}

/** Binary comparisons (`==` … `>=`, and the two-argument `<`/`<=`). */
export function comparisonNode(op: string, left: Node, right: Node): Node | undefined {
  const l = left.fn;
  const r = right.fn;
  const B = { boolean: true };
  if (op === '===' || op === '!==' || op === '==' || op === '!=') {
    const strict = op === '===' || op === '!==';
    const neg = op === '!==' || op === '!=';
    const constSide = right.constant ? right : left.constant ? left : undefined;
    const other = constSide === right ? left : right;
    if (constSide !== undefined && (strict || typeof constSide.value !== 'object' || constSide.value === null)) {
      // The constant side has no effects, so evaluating only the other side is the same.
      const c = constSide.value;
      const o = other.fn;
      const ref = other.ref;
      if (strict) {
        if (ref !== undefined) return dynamic(neg ? (d) => readVar(d, ref) !== c : (d) => readVar(d, ref) === c, B);
        return dynamic(neg ? (d) => o(d) !== c : (d) => o(d) === c, B);
      }
      if (ref !== undefined) return dynamic(neg ? (d) => !eqConst(readVar(d, ref), c) : (d) => eqConst(readVar(d, ref), c), B);
      return dynamic(neg ? (d) => !eqConst(o(d), c) : (d) => eqConst(o(d), c), B);
    }
    if (strict) return dynamic(neg ? (d) => l(d) !== r(d) : (d) => l(d) === r(d), B);
    return dynamic(neg ? (d) => !looseEq(l(d), r(d)) : (d) => looseEq(l(d), r(d)), B);
  }
  if (op !== '<' && op !== '<=' && op !== '>' && op !== '>=') return undefined;
  // `v OP c` with c a constant number: numbers compare directly, anything else coerces.
  if (right.constant && typeof right.value === 'number') {
    const c = right.value;
    const ref = left.ref;
    if (ref !== undefined) {
      switch (op) {
        case '<':
          return dynamic((d) => {
            const v = readVar(d, ref);
            return typeof v === 'number' ? v < c : lt(v, c);
          }, B);
        case '<=':
          return dynamic((d) => {
            const v = readVar(d, ref);
            return typeof v === 'number' ? v <= c : le(v, c);
          }, B);
        case '>':
          return dynamic((d) => {
            const v = readVar(d, ref);
            return typeof v === 'number' ? v > c : gt(v, c);
          }, B);
        default:
          return dynamic((d) => {
            const v = readVar(d, ref);
            return typeof v === 'number' ? v >= c : ge(v, c);
          }, B);
      }
    }
    switch (op) {
      case '<':
        return dynamic((d) => {
          const v = l(d);
          return typeof v === 'number' ? v < c : lt(v, c);
        }, B);
      case '<=':
        return dynamic((d) => {
          const v = l(d);
          return typeof v === 'number' ? v <= c : le(v, c);
        }, B);
      case '>':
        return dynamic((d) => {
          const v = l(d);
          return typeof v === 'number' ? v > c : gt(v, c);
        }, B);
      default:
        return dynamic((d) => {
          const v = l(d);
          return typeof v === 'number' ? v >= c : ge(v, c);
        }, B);
    }
  }
  // `c OP v`: the mirror image.
  if (left.constant && typeof left.value === 'number') {
    const c = left.value;
    switch (op) {
      case '<':
        return dynamic((d) => {
          const v = r(d);
          return typeof v === 'number' ? c < v : lt(c, v);
        }, B);
      case '<=':
        return dynamic((d) => {
          const v = r(d);
          return typeof v === 'number' ? c <= v : le(c, v);
        }, B);
      case '>':
        return dynamic((d) => {
          const v = r(d);
          return typeof v === 'number' ? c > v : gt(c, v);
        }, B);
      default:
        return dynamic((d) => {
          const v = r(d);
          return typeof v === 'number' ? c >= v : ge(c, v);
        }, B);
    }
  }
  switch (op) {
    case '<':
      return dynamic((d) => lt(l(d), r(d)), B);
    case '<=':
      return dynamic((d) => le(l(d), r(d)), B);
    case '>':
      return dynamic((d) => gt(l(d), r(d)), B);
    default:
      return dynamic((d) => ge(l(d), r(d)), B);
  }
}

/** `{"<": [lo, x, hi]}` / `{"<=": …}` ("between") with constant numeric bounds. */
export function betweenNode(op: string, lo: Node, mid: Node, hi: Node): Node | undefined {
  if (!lo.constant || !hi.constant || typeof lo.value !== 'number' || typeof hi.value !== 'number') return undefined;
  const a = lo.value;
  const c = hi.value;
  const f = mid.fn;
  const ref = mid.ref;
  const B = { boolean: true };
  if (op === '<') {
    if (ref !== undefined) {
      return dynamic((d) => {
        const v = readVar(d, ref);
        return typeof v === 'number' ? a < v && v < c : lt(a, v) && lt(v, c);
      }, B);
    }
    return dynamic((d) => {
      const v = f(d);
      return typeof v === 'number' ? a < v && v < c : lt(a, v) && lt(v, c);
    }, B);
  }
  if (ref !== undefined) {
    return dynamic((d) => {
      const v = readVar(d, ref);
      return typeof v === 'number' ? a <= v && v <= c : le(a, v) && le(v, c);
    }, B);
  }
  return dynamic((d) => {
    const v = f(d);
    return typeof v === 'number' ? a <= v && v <= c : le(a, v) && le(v, c);
  }, B);
}

/** `{"in": [x, constant]}`. */
export function inNode(needle: Node, haystack: Node): Node | undefined {
  if (!haystack.constant) return undefined;
  const h = haystack.value;
  const f = needle.fn;
  const ref = needle.ref;
  const B = { boolean: true };
  if (typeof h === 'string' && h !== '') return dynamic((d) => h.indexOf(toStr(f(d))) !== -1, B);
  if (!Array.isArray(h)) return undefined;
  // indexOf compares with ===: NaN is never found (a Set would find it), so it is left out.
  const set = new Set(h.filter((x) => !Number.isNaN(x)));
  if (set.size === 0) return dynamic((d) => (f(d), false), B);
  if (set.size === 1) {
    const only = set.values().next().value;
    if (ref !== undefined) return dynamic((d) => readVar(d, ref) === only, B);
    return dynamic((d) => f(d) === only, B);
  }
  if (ref !== undefined) return dynamic((d) => set.has(readVar(d, ref)), B);
  return dynamic((d) => set.has(f(d)), B);
}

/** `{"in": [x, y]}` in general; a constant needle (`{"in": ["pci", {"var": "asset.tags"}]}`) read inline. */
export function inGeneral(needle: Node, haystack: Node): Node {
  const B = { boolean: true };
  const ref = haystack.ref;
  if (needle.constant && ref !== undefined) {
    const a = needle.value;
    return dynamic((d) => inOp(a, readVar(d, ref)), B);
  }
  const n = needle.fn;
  const h = haystack.fn;
  return dynamic((d) => {
    const a = n(d);
    return inOp(a, h(d));
  }, B);
}

export function notNode(child: Node, double: boolean): Node {
  const f = child.fn;
  const ref = child.ref;
  const B = { boolean: true };
  if (child.boolean) return double ? child : dynamic((d) => !f(d), B);
  if (ref !== undefined) return dynamic(double ? (d) => truthy(readVar(d, ref)) : (d) => !truthy(readVar(d, ref)), B);
  return dynamic(double ? (d) => truthy(f(d)) : (d) => !truthy(f(d)), B);
}

/** `{"glob": [x, constant pattern]}` with the pattern's matcher (or null when refused). */
export function globNode(value: Node, match: ((s: string) => boolean) | null): Node {
  const f = value.fn;
  const ref = value.ref;
  const B = { boolean: true };
  if (match === null) return dynamic((d) => (f(d), false), B);
  if (ref !== undefined) {
    return dynamic((d) => {
      const v = readVar(d, ref);
      return typeof v === 'string' && match(v);
    }, B);
  }
  return dynamic((d) => {
    const v = f(d);
    return typeof v === 'string' && match(v);
  }, B);
}
