import { describe, expect, it } from 'vitest';
import { byFingerprint, inFingerprintOrder } from '../../../engine/model/fingerprint-order.ts';

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
});
