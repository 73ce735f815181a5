/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) and
 * the draws the estate generator needs. Determinism is the whole point: the same
 * seed gives the same sequence on every machine and Node version, so the same
 * seed and size give byte-identical estates. Never Math.random, never the clock.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** An index drawn with weight w[i] (weights need not sum to 1). */
  weighted(weights: readonly number[]): number;
  /**
   * An index in [0, n) from a Zipf-like distribution (exponent s): a few items
   * are very common, most are rare — how CVEs spread over a fleet of images.
   */
  zipf(n: number, s?: number): number;
  /** `k` distinct indices from [0, n), in draw order. */
  sample(n: number, k: number): number[];
  /** An independent generator for a named part, so parts do not shift each other's draws. */
  fork(label: string): Rng;
  hex(chars: number): string;
}

export function createRng(seed: number | string): Rng {
  const s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  let a = splitmix(s);
  let b = splitmix(a);
  let c = splitmix(b);
  let d = splitmix(c);
  const next = (): number => {
    // sfc32 (Chris Doty-Humphrey), 32-bit state words.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const zipfTables = new Map<string, Float64Array>();

  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i]!;
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
    zipf(n, exponent = 1.07) {
      const key = `${n}:${exponent}`;
      let cdf = zipfTables.get(key);
      if (cdf === undefined) {
        cdf = new Float64Array(n);
        let sum = 0;
        for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, exponent);
        for (let i = 0; i < n; i++) cdf[i] = cdf[i]! / sum;
        zipfTables.set(key, cdf);
      }
      const x = next();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    sample(n, k) {
      const out: number[] = [];
      if (k >= n) {
        for (let i = 0; i < n; i++) out.push(i);
        return out;
      }
      const seen = new Set<number>();
      while (out.length < k) {
        const i = Math.floor(next() * n);
        if (!seen.has(i)) {
          seen.add(i);
          out.push(i);
        }
      }
      return out;
    },
    fork: (label) => createRng((hashString(label) ^ Math.floor(next() * 4294967296)) >>> 0),
    hex(chars) {
      let out = '';
      while (out.length < chars) out += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      return out.slice(0, chars);
    },
  };
  return rng;
}

function splitmix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a, for turning labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
