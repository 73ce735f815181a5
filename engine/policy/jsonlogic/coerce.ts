/**
 * JavaScript value semantics, as json-logic-js gets them from the language
 * (truthiness, `==`, `<`, `+` on strings...), re-stated so that no function
 * found in data is ever called.
 *
 * Why not just use the JS operators? On primitives we do: they cannot call
 * anything. On objects the language calls `valueOf`/`toString`/
 * `Symbol.toPrimitive`, which for a crafted object are arbitrary functions.
 * Policy data is JSON (plain objects, arrays, primitives), for which the
 * conversions below give exactly the language's answer; any other object
 * (a class instance, a function, an object carrying its own `toString`
 * function) is refused with a {@link JsonLogicRuntimeError} instead of being
 * called.
 */
import { JsonLogicRuntimeError } from './errors.ts';

/** Arrays nested deeper than this inside data cannot be stringified (JSON data never needs it). */
const MAX_STRINGIFY_DEPTH = 256;

export type Primitive = string | number | boolean | null | undefined | bigint | symbol;

export function isObjectLike(v: unknown): v is object {
  return v !== null && (typeof v === 'object' || typeof v === 'function');
}

/**
 * JSON Logic truthiness (https://jsonlogic.com/truthy): JS truthiness, except
 * that an empty array is falsy.
 */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length !== 0;
  return !!v;
}

/**
 * The language's ToPrimitive for the object shapes JSON produces. Arrays become
 * `Array.prototype.join` text; plain objects `"[object Object]"`. The answer is
 * a string whatever the hint, as it is natively for these shapes.
 */
export function toPrimitive(o: object, depth = 0): string {
  if (Array.isArray(o)) return joinArray(o, ',', depth);
  if (typeof o === 'function') {
    throw new JsonLogicRuntimeError('refusing to convert a function found in data');
  }
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) {
    throw new JsonLogicRuntimeError('unsupported value in data: only JSON values (plain objects, arrays, primitives) can be converted');
  }
  const own = o as Record<PropertyKey, unknown>;
  for (const key of ['valueOf', 'toString', Symbol.toPrimitive] as const) {
    if (Object.hasOwn(o, key) && typeof own[key] === 'function') {
      throw new JsonLogicRuntimeError('refusing to call a function found in data');
    }
  }
  // Natively: an own non-callable `toString` (or no prototype at all) leaves
  // nothing that yields a primitive, which is a TypeError.
  if (proto === null || Object.hasOwn(o, 'toString') || Object.hasOwn(o, Symbol.toPrimitive)) {
    throw new TypeError('Cannot convert object to primitive value');
  }
  return '[object Object]';
}

/** `Array.prototype.join`: null and undefined elements become "", the rest ToString. */
export function joinArray(a: readonly unknown[], sep: string, depth = 0): string {
  if (depth > MAX_STRINGIFY_DEPTH) throw new JsonLogicRuntimeError('array nested too deeply to convert to a string');
  let out = '';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out += sep;
    const v = a[i];
    if (v === null || v === undefined) continue;
    out += isObjectLike(v) ? toPrimitive(v, depth + 1) : String(v);
  }
  return out;
}

/** The language's ToString, without calling into data. */
export function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return isObjectLike(v) ? toPrimitive(v) : String(v);
}

/** Objects to their primitive; primitives unchanged (the language then coerces them itself). */
export function prim(v: unknown): Primitive {
  return isObjectLike(v) ? toPrimitive(v) : (v as Primitive);
}

/** The language's `a == b`. */
export function looseEq(a: unknown, b: unknown): boolean {
  const ao = isObjectLike(a);
  const bo = isObjectLike(b);
  // eslint's eqeqeq is not enabled; loose equality is the point here.
  if (!ao && !bo) return a == b;
  if (ao && bo) return a === b;
  if (ao) return b === null || b === undefined ? false : toPrimitive(a) == b;
  return a === null || a === undefined ? false : a == toPrimitive(b as object);
}

/**
 * `a < b` and friends. Relational operators on two primitives are safe as they
 * are; the casts only tell the type checker what the language allows anyway.
 */
export function lt(a: unknown, b: unknown): boolean {
  return (prim(a) as number) < (prim(b) as number);
}
export function le(a: unknown, b: unknown): boolean {
  return (prim(a) as number) <= (prim(b) as number);
}
export function gt(a: unknown, b: unknown): boolean {
  return (prim(a) as number) > (prim(b) as number);
}
export function ge(a: unknown, b: unknown): boolean {
  return (prim(a) as number) >= (prim(b) as number);
}

/**
 * `parseFloat(x)` as json-logic-js's `+` and `*` use it. For a number this is
 * `parseFloat(String(n))`, which is `n` itself except that -0 becomes 0.
 */
export function pf(v: unknown): number {
  if (typeof v === 'number') return v === 0 ? 0 : v;
  return parseFloat(toStr(v));
}
