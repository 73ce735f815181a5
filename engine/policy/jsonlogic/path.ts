/**
 * `var` lookups. Same walk as json-logic-js (`String(path).split('.')`, stop at
 * null/undefined, return the default for undefined, numeric segments index
 * arrays, `length` of arrays and strings is visible), with one deliberate
 * difference: only OWN properties are read (`Object.hasOwn`). json-logic-js
 * reads `data[key]`, so `{"var": "constructor"}` returns `Object`,
 * `{"var": "x.toString"}` a function, and `{"var": "__proto__"}` the
 * prototype: a policy could observe (and, through other engines' operators,
 * call) things that are not data. Here those paths give the default (or null).
 * On JSON data the results are otherwise identical.
 */
import { toStr } from './coerce.ts';

/** One step of the walk: the own property `key` of `v`, or undefined. `v` must not be null/undefined. */
export function ownProp(v: unknown, key: string): unknown {
  // Object.hasOwn boxes primitives, so "abc".length and "abc"[0] are found like natively.
  return Object.hasOwn(v as object, key) ? (v as Record<string, unknown>)[key] : undefined;
}

/** True when `path` means "the whole data" (json-logic-js: undefined, "" or null). */
export function isWholeDataPath(path: unknown): boolean {
  return path === undefined || path === '' || path === null;
}

/** Splits a path once, at compile time when it is constant. */
export function splitPath(path: unknown): string[] {
  return toStr(path).split('.');
}

/** Follows pre-split `segments` from `data`; `notFound` for a missing link. */
export function walk(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  let cur = data;
  for (let i = 0; i < segments.length; i++) {
    if (cur === null || cur === undefined) return notFound;
    cur = ownProp(cur, segments[i] as string);
    if (cur === undefined) return notFound;
  }
  return cur;
}

/** `{"var": [path, dflt]}` with both already evaluated, as json-logic-js's `var` operation. */
export function varLookup(data: unknown, path: unknown, dflt: unknown): unknown {
  const notFound = dflt === undefined ? null : dflt;
  if (isWholeDataPath(path)) return data;
  return walk(data, splitPath(path), notFound);
}

/**
 * `missing`: the keys whose value is null or "". A key may be `[path, default]`
 * (json-logic-js builds `{"var": key}` from it). json-logic-js evaluates such
 * keys as rules, so a key that came from data and looks like a rule would run
 * as one; here keys are only ever paths.
 */
export function missingKeys(data: unknown, args: readonly unknown[]): unknown[] {
  const keys: readonly unknown[] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const out: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = Array.isArray(key) ? varLookup(data, key[0], key[1]) : varLookup(data, key, undefined);
    if (value === null || value === '') out.push(key);
  }
  return out;
}
