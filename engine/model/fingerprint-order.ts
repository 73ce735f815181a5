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
