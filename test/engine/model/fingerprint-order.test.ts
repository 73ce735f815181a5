import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { byFingerprint, inFingerprintOrder, sortByFingerprint } from '../../../engine/model/fingerprint-order.ts';

const fp = (...xs: string[]) => xs.map((fingerprint) => ({ fingerprint }));

describe('fingerprint order', () => {
  it('compares code units, not the locale: every machine sorts alike', () => {
    expect(fp('b', 'a', 'B', 'é', 'e').sort(byFingerprint).map((x) => x.fingerprint)).toEqual(['B', 'a', 'b', 'e', 'é']);
    expect(byFingerprint({ fingerprint: 'ab' }, { fingerprint: 'ab' })).toBe(0);
  });

  it('tells whether a list is already in it, equal neighbours allowed', () => {
    expect(inFingerprintOrder(fp())).toBe(true);
    expect(inFingerprintOrder(fp('aa', 'aa', 'ab'))).toBe(true);
    expect(inFingerprintOrder(fp('ab', 'aa'))).toBe(false);
  });

  describe('sorting a run\'s worth', () => {
    const hex = (bytes: number) => randomBytes(bytes).toString('hex');
    // Objects, not strings: which of two equal fingerprints comes first is seen by identity.
    const sortedAsReference = (xs: { fingerprint: string }[]) => {
      const got = sortByFingerprint(xs);
      const want = [...xs].sort(byFingerprint);
      expect(got).toHaveLength(want.length);
      expect(got.every((x, i) => x === want[i])).toBe(true);
    };

    it('gives exactly what a stable sort by fingerprint gives, equal fingerprints in their first order', () => {
      const distinct = Array.from({ length: 6_000 }, () => ({ fingerprint: hex(10) }));
      const repeated = distinct.slice(0, 3_000).map((x) => ({ fingerprint: x.fingerprint }));
      sortedAsReference([...distinct, ...repeated].sort(() => Math.random() - 0.5));
      // Fingerprints that share their first digits, and short ones.
      sortedAsReference(Array.from({ length: 5_000 }, (_, i) => ({ fingerprint: `ab${'0123456789abcdef'[i % 16]}${hex(2)}` })));
      sortedAsReference(Array.from({ length: 5_000 }, () => ({ fingerprint: hex(2) })));
    });

    it('sorts anything else whole, by code units: upper-case hex, short or empty fingerprints, other text', () => {
      for (const odd of ['ABC123', 'a', '', 'zz9', 'é00']) {
        sortedAsReference([...Array.from({ length: 5_000 }, () => ({ fingerprint: hex(10) })), { fingerprint: odd }]);
      }
      sortedAsReference(fp('b', 'a', 'B', 'é', 'e'));
      expect(sortByFingerprint([])).toEqual([]);
    });

    it('leaves its input as it was', () => {
      const xs = Array.from({ length: 5_000 }, () => ({ fingerprint: hex(10) }));
      const before = [...xs];
      sortByFingerprint(xs);
      expect(xs.every((x, i) => x === before[i])).toBe(true);
    });
  });
});
