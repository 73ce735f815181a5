/**
 * The order of a run's exposures, decisions and ledger entries: by fingerprint, as
 * code units compare (never the locale's order), so every machine writes them alike. Pure.
 */
interface Fingerprinted {
  fingerprint: string;
}

export const byFingerprint = (a: Fingerprinted, b: Fingerprinted): number => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/** Already in that order (equal fingerprints side by side allowed). */
export function inFingerprintOrder(xs: readonly Fingerprinted[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.fingerprint > xs[i]!.fingerprint) return false;
  return true;
}

/* Lower-case hexadecimal digits, as fingerprints are written, by value: '0'..'9' sort before 'a'..'f' as code units do. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;
const hexAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return c < 128 ? HEX[c]! : -1;
};

/** Below this many a plain sort is as quick. */
const BUCKETED_FROM = 4_096;

/**
 * A new array of `xs` in fingerprint order; equal fingerprints keep their order (the
 * sort is stable). The same as `[...xs].sort(byFingerprint)`, about twice as fast for
 * a run's hundreds of thousands of exposures: fingerprints are hexadecimal digests,
 * so their first three digits spread them evenly over 4,096 buckets, which are then
 * sorted one by one — each a few hundred long instead of one sort of them all
 * (measured: 775,000 random fingerprints, 1.6–2.5 s against 0.6–0.9 s). Anything not
 * shaped so is sorted whole.
 */
export function sortByFingerprint<T extends Fingerprinted>(xs: readonly T[]): T[] {
  if (xs.length < BUCKETED_FROM) return [...xs].sort(byFingerprint);
  const buckets: T[][] = Array.from({ length: 4_096 }, () => []);
  for (const x of xs) {
    const f = x.fingerprint;
    const a = hexAt(f, 0);
    const b = hexAt(f, 1);
    const c = hexAt(f, 2);
    if ((a | b | c) < 0) return [...xs].sort(byFingerprint);
    buckets[(a << 8) | (b << 4) | c]!.push(x);
  }
  const out: T[] = [];
  for (const bucket of buckets) {
    if (bucket.length > 1) bucket.sort(byFingerprint);
    for (const x of bucket) out.push(x);
  }
  return out;
}
