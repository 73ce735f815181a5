/**
 * Specialised closures for the shapes policies are made of, so that a typical
 * condition costs one or two closure calls and no allocation:
 * - `var` with a constant path: split once, unrolled for 1–3 segments;
 * - comparisons against a constant: a type check on the hot path before the
 *   general (coercing) comparison;
 * - `in` against a constant array: a Set; against a constant string: indexOf;
 * - `!`/`!!` on a boolean child: no truthiness check.
 * Each returns undefined when the shape does not apply; compile.ts then uses
 * the general closure. Every specialisation computes exactly what the table
 * in operators.ts does.
 */
import { ge, gt, le, looseEq, lt, toStr, truthy } from './coerce.ts';
import { dynamic, type Fn, type Node } from './node.ts';
import { ownProp, isWholeDataPath, splitPath } from './path.ts';
import { inOp } from './operators.ts';

/** `{"var": [path, default]}` with a constant path and default. */
export function varNode(path: unknown, dflt: unknown): Node {
  const nf = dflt === undefined ? null : dflt;
  if (isWholeDataPath(path)) return dynamic((d) => d);
  const seg = splitPath(path);
  const [k0, k1, k2] = seg as [string, string, string];
  // Each step: stop at null/undefined, read an own property, undefined → default.
  if (seg.length === 1) {
    return dynamic((d) => {
      if (d === null || d === undefined) return nf;
      const v = ownProp(d, k0);
      return v === undefined ? nf : v;
    });
  }
  if (seg.length === 2) {
    return dynamic((d) => {
      if (d === null || d === undefined) return nf;
      const a = ownProp(d, k0);
      if (a === null || a === undefined) return nf;
      const v = ownProp(a, k1);
      return v === undefined ? nf : v;
    });
  }
  if (seg.length === 3) {
    return dynamic((d) => {
      if (d === null || d === undefined) return nf;
      const a = ownProp(d, k0);
      if (a === null || a === undefined) return nf;
      const b = ownProp(a, k1);
      if (b === null || b === undefined) return nf;
      const v = ownProp(b, k2);
      return v === undefined ? nf : v;
    });
  }
  return dynamic((d) => {
    let cur = d;
    for (let i = 0; i < seg.length; i++) {
      if (cur === null || cur === undefined) return nf;
      cur = ownProp(cur, seg[i] as string);
      if (cur === undefined) return nf;
    }
    return cur;
  });
}

type Binary = (a: unknown, b: unknown) => boolean;

const COMPARISONS: Record<string, { general: Binary; number: (a: number, b: number) => boolean; string: (a: string, b: string) => boolean }> = {
  '<': { general: lt, number: (a, b) => a < b, string: (a, b) => a < b },
  '<=': { general: le, number: (a, b) => a <= b, string: (a, b) => a <= b },
  '>': { general: gt, number: (a, b) => a > b, string: (a, b) => a > b },
  '>=': { general: ge, number: (a, b) => a >= b, string: (a, b) => a >= b },
};

/** Binary comparisons (`==` … `>=`, and the two-argument `<`/`<=`). */
export function comparisonNode(op: string, left: Node, right: Node): Node | undefined {
  const l = left.fn;
  const r = right.fn;
  if (op === '===' || op === '!==') {
    const neg = op === '!==';
    if (right.constant) {
      const c = right.value;
      return dynamic(neg ? (d) => l(d) !== c : (d) => l(d) === c, { boolean: true });
    }
    if (left.constant) {
      const c = left.value;
      return dynamic(neg ? (d) => c !== r(d) : (d) => c === r(d), { boolean: true });
    }
    return dynamic(neg ? (d) => l(d) !== r(d) : (d) => l(d) === r(d), { boolean: true });
  }
  if (op === '==' || op === '!=') {
    const neg = op === '!=';
    const constSide = right.constant ? right : left.constant ? left : undefined;
    if (constSide !== undefined && (typeof constSide.value !== 'object' || constSide.value === null)) {
      const c = constSide.value;
      const other = constSide === right ? l : r;
      const tc = typeof c;
      // Same primitive type: `==` is `===`. Otherwise the full algorithm.
      const eq = (v: unknown): boolean => v === c || (typeof v !== tc && looseEq(v, c));
      // Argument order only matters for which side is evaluated first; the constant side has no effects.
      return dynamic(neg ? (d) => !eq(other(d)) : (d) => eq(other(d)), { boolean: true });
    }
    return dynamic(neg ? (d) => !looseEq(l(d), r(d)) : (d) => looseEq(l(d), r(d)), { boolean: true });
  }
  const cmp = COMPARISONS[op];
  if (cmp === undefined) return undefined;
  const { general, number, string } = cmp;
  if (right.constant && (typeof right.value === 'number' || typeof right.value === 'string')) {
    const c = right.value;
    if (typeof c === 'number') {
      return dynamic(
        (d) => {
          const v = l(d);
          return typeof v === 'number' ? number(v, c) : general(v, c);
        },
        { boolean: true },
      );
    }
    return dynamic(
      (d) => {
        const v = l(d);
        return typeof v === 'string' ? string(v, c) : general(v, c);
      },
      { boolean: true },
    );
  }
  if (left.constant && typeof left.value === 'number') {
    const c = left.value;
    return dynamic(
      (d) => {
        const v = r(d);
        return typeof v === 'number' ? number(c, v) : general(c, v);
      },
      { boolean: true },
    );
  }
  return dynamic((d) => general(l(d), r(d)), { boolean: true });
}

/** `{"in": [x, constant]}`. */
export function inNode(needle: Node, haystack: Node): Node | undefined {
  if (!haystack.constant) return undefined;
  const h = haystack.value;
  const f = needle.fn;
  if (typeof h === 'string' && h !== '') return dynamic((d) => h.indexOf(toStr(f(d))) !== -1, { boolean: true });
  if (!Array.isArray(h)) return undefined;
  // indexOf compares with ===: NaN is never found (a Set would find it), so it is left out.
  const set = new Set(h.filter((x) => !Number.isNaN(x)));
  if (set.size === 0) return dynamic((d) => (f(d), false), { boolean: true });
  if (set.size === 1) {
    const only = set.values().next().value;
    return dynamic((d) => f(d) === only, { boolean: true });
  }
  return dynamic((d) => set.has(f(d)), { boolean: true });
}

/** `{"in": [x, y]}` in general. */
export function inGeneral(needle: Fn, haystack: Fn): Node {
  return dynamic((d) => {
    const a = needle(d);
    return inOp(a, haystack(d));
  }, { boolean: true });
}

export function notNode(child: Node, double: boolean): Node {
  const f = child.fn;
  if (child.boolean) return double ? child : dynamic((d) => !f(d), { boolean: true });
  return dynamic(double ? (d) => truthy(f(d)) : (d) => !truthy(f(d)), { boolean: true });
}

/** `{"<": [lo, x, hi]}` / `{"<=": …}` ("between") with constant numeric bounds. */
export function betweenNode(op: string, lo: Node, mid: Node, hi: Node): Node | undefined {
  if (!lo.constant || !hi.constant || typeof lo.value !== 'number' || typeof hi.value !== 'number') return undefined;
  const a = lo.value;
  const c = hi.value;
  const f = mid.fn;
  if (op === '<') {
    return dynamic(
      (d) => {
        const v = f(d);
        return typeof v === 'number' ? a < v && v < c : lt(a, v) && lt(v, c);
      },
      { boolean: true },
    );
  }
  return dynamic(
    (d) => {
      const v = f(d);
      return typeof v === 'number' ? a <= v && v <= c : le(a, v) && le(v, c);
    },
    { boolean: true },
  );
}
