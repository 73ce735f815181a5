/**
 * mulberry32: a tiny seeded pseudo-random generator, the same sequence for the same
 * seed on every machine. For tests, fault injection and benchmarks that must be
 * reproducible (never for anything secret). The estate generator uses the longer
 * sfc32 in bench/generate/prng.ts, whose streams it forks per part.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
