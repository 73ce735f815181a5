import { describe, expect, it } from 'vitest';
import { cvssRef, cvssVersionOf, highestCvss } from '../../../connectors/shared/cvss.ts';
import { normaliseCweId, normaliseCwes } from '../../../connectors/shared/cwe.ts';

describe('CWE normalisation', () => {
  it.each([
    ['CWE-79', 'CWE-79'],
    ['cwe-079', 'CWE-79'],
    ['79', 'CWE-79'],
    [79, 'CWE-79'],
    [' CWE-1321 ', 'CWE-1321'],
  ] as const)('%j → %s', (input, out) => {
    expect(normaliseCweId(input)).toBe(out);
  });

  it("drops NVD's placeholders and anything that is not a CWE id", () => {
    for (const v of ['NVD-CWE-Other', 'NVD-CWE-noinfo', 'CWE-0', 'XSS', '', 'CWE-79a']) expect(normaliseCweId(v)).toBeUndefined();
  });

  it('sorts by number and removes duplicates', () => {
    expect(normaliseCwes(['CWE-787', 'cwe-79', 'CWE-79', 'NVD-CWE-Other', '120'])).toEqual(['CWE-79', 'CWE-120', 'CWE-787']);
  });
});

describe('CVSS references', () => {
  it('reads the version from the vector prefix', () => {
    expect(cvssVersionOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe('3.1');
    expect(cvssVersionOf('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N')).toBe('3.0');
    expect(cvssVersionOf('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe('4.0');
    expect(cvssVersionOf('AV:N/AC:M/Au:N/C:P/I:P/A:N')).toBe('2.0');
    expect(cvssVersionOf('not a vector')).toBeUndefined();
  });

  it('prefers the prefix over the version a tool labels it with', () => {
    expect(cvssRef('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, '3.0')).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      score: 9.8,
    });
  });

  it('uses the labelled version only for vector-shaped text, never carrying other text as a vector', () => {
    expect(cvssRef('AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, '3.0')).toEqual({
      version: '3.0',
      vector: 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      score: 9.8,
    });
    expect(cvssRef('high', undefined, '3.0')).toBeUndefined();
    expect(cvssRef('<script>', 7.5, '3.0')).toEqual({ version: '3.0', score: 7.5 });
  });

  it('drops scores outside 0..10 and gives nothing without a usable version', () => {
    expect(cvssRef(undefined, 11, '3.1')).toBeUndefined();
    expect(cvssRef('garbage', 5)).toBeUndefined();
    expect(cvssRef(undefined, 5, '2.0')).toEqual({ version: '2.0', score: 5 });
  });

  it('highestCvss picks the newest version, the first on a tie', () => {
    const v2 = { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' } as const;
    const a = { version: '3.1', vector: 'CVSS:3.1/A' } as const;
    const b = { version: '3.1', vector: 'CVSS:3.1/B' } as const;
    expect(highestCvss([v2, a, undefined, b])).toBe(a);
    expect(highestCvss([])).toBeUndefined();
  });
});
