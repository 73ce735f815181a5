/**
 * What the compiler produces for each part of a rule: a closure over the data,
 * plus what is known about it at compile time (a constant value, a boolean
 * result) so that parents can fold and specialise.
 */
import { isObjectLike } from './coerce.ts';

export type Fn = (data: unknown) => unknown;

export interface Node {
  readonly fn: Fn;
  /** The node ignores the data: `value` is its result. */
  readonly constant: boolean;
  readonly value?: unknown;
  /** The result is always `true` or `false`. */
  readonly boolean: boolean;
  /** Reads the runtime's `now` (days_since somewhere inside). */
  readonly usesNow: boolean;
  /** Set when the node is `{"var": constant-path}`: parents read the path inline (fast.ts). */
  readonly ref?: VarRef;
}

/** A constant `var` path, split once. */
export interface VarRef {
  readonly k0: string;
  readonly k1: string;
  /** Number of segments; `seg` holds them all. */
  readonly n: number;
  readonly seg: readonly string[];
  /** The default (null when none was given). */
  readonly nf: unknown;
}

export function konst(value: unknown): Node {
  return { fn: () => value, constant: true, value, boolean: typeof value === 'boolean', usesNow: false };
}

export function dynamic(fn: Fn, opts: { boolean?: boolean; usesNow?: boolean } = {}): Node {
  return { fn, constant: false, boolean: opts.boolean ?? false, usesNow: opts.usesNow ?? false };
}

/**
 * Constants are shared by every evaluation, so they are frozen: a caller that
 * mutated a result would otherwise change what the rule returns next time.
 * Only plain objects and arrays are frozen (and nothing the caller passed in:
 * literals are copied first, see copyLiteral).
 */
export function deepFreeze<T>(v: T): T {
  if (!isObjectLike(v) || Object.isFrozen(v) || !isPlainContainer(v)) return v;
  Object.freeze(v);
  for (const child of Object.values(v)) deepFreeze(child);
  return v;
}

export function isPlainContainer(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A frozen copy of a literal (non-operation) object from the rule, so the
 * compiled rule does not change if the caller later mutates the rule. Copies
 * use data properties only (Object.fromEntries), so a `__proto__` key stays an
 * ordinary key.
 */
export function copyLiteral(v: unknown): unknown {
  if (!isObjectLike(v) || !isPlainContainer(v)) return v;
  if (Array.isArray(v)) return Object.freeze(v.map(copyLiteral));
  const copy = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyLiteral(x)]));
  if (Object.getPrototypeOf(v) === null) Object.setPrototypeOf(copy, null);
  return Object.freeze(copy);
}
