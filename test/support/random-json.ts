/**
 * Random JSON-like values for the writers that remember the text of shared, frozen parts
 * (engine/app/shared-json.ts, engine/ledger/canonical-json.ts): nested objects and arrays,
 * some frozen, with awkward leaves, and a pool of parts that many values share.
 */
import { mulberry32 } from '../../tools/prng.ts';

export interface RandomValues {
  /** A new value, up to four levels deep. */
  value(depth?: number): unknown;
  /** One of `from`. */
  pick<T>(from: readonly T[]): T;
  /** Parts to share between values, made at the start. */
  pool: unknown[];
  random(): number;
}

export function randomValues(seed: number, keys: readonly string[]): RandomValues {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const leaves = [null, true, false, 0, -1.5, 1e21, 'text', 'é\u0000"\\', undefined];
  const value = (depth = 0): unknown => {
    const r = random();
    if (depth > 3 || r < 0.4) return pick(leaves);
    const parts: unknown[] = Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const made: object = r < 0.7 ? parts : Object.fromEntries(parts.map((p, i) => [pick([...keys, `k${i}`]), p]));
    return random() < 0.6 ? Object.freeze(made) : made;
  };
  return { value, pick, pool: Array.from({ length: 50 }, () => value(0)), random };
}

/** Change an unfrozen part somewhere in the pool: text remembered for it must not go stale. */
export function mutateOne(v: RandomValues, n: number): void {
  const target = v.pick(v.pool);
  if (typeof target === 'object' && target !== null && !Object.isFrozen(target)) (target as Record<string, unknown>).mutated = n;
}
