/** Shared copies of repeated strings and lists: equal values, one object. */
import { describe, expect, it } from 'vitest';
import { intern, internFinding, internList } from '../../../engine/discover/intern.ts';
import { mergeFindings } from '../../../engine/discover/merge.ts';
import type { Finding } from '../../../engine/model/finding.ts';

describe('interning', () => {
  it('gives one shared, frozen list per content, and never confuses lists whose elements hold the separator', () => {
    const a = internList(['CVE-1', 'GHSA-2']);
    expect(internList(['CVE-1', 'GHSA-2'])).toBe(a);
    expect(a).toEqual(['CVE-1', 'GHSA-2']);
    expect(Object.isFrozen(a)).toBe(true);
    expect(internList([])).toBe(internList([]));
    expect(internList(['a\u0000b', 'c'])).toEqual(['a\u0000b', 'c']);
    expect(internList(['a', 'b\u0000c'])).toEqual(['a', 'b\u0000c']);
    expect(internList(['a\u0000b'])).toEqual(['a\u0000b']);
    expect(internList(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('gives equal strings back', () => {
    const s = ['x', 'y'].join('');
    expect(intern(s)).toBe('xy');
  });

  it('keeps each finding\'s own title and description when tools or versions word one advisory differently', () => {
    const finding = (title: string, description?: string): Finding => ({
      fingerprint: 'f', kind: 'vulnerability', ruleId: 'CVE-2024-1', vulnerabilityId: 'CVE-2024-1', aliases: [], cwe: [], title, description,
      severity: 'low', asset: 'a', sources: [],
    });
    const worded = ['openssl: a flaw', 'OpenSSL flaw', 'openssl: a flaw', 'OpenSSL flaw'];
    const interned = worded.map((t, i) => internFinding(finding([t].join(''), `${t} in detail`.repeat(i % 2 === 0 ? 1 : 2))));
    expect(interned.map((f) => f.title)).toEqual(worded);
    expect(interned.map((f) => f.description)).toEqual(worded.map((t, i) => `${t} in detail`.repeat(i % 2 === 0 ? 1 : 2)));
    expect(interned[2]!.description).toBe(interned[0]!.description);
    expect(internFinding(finding('no description')).description).toBeUndefined();
  });
});

describe('merging findings that are already exposures', () => {
  const f = (fingerprint: string, tool: string): Finding => ({
    fingerprint, kind: 'vulnerability', ruleId: 'CVE-1', aliases: [], cwe: [], title: 't', severity: 'low', asset: 'a',
    sources: [{ connector: 'c', tool, pointer: `/${tool}` }],
  });

  it('returns them as they are, in a new array', () => {
    const exposures = [f('a1', 'x'), f('b2', 'x'), f('c3', 'x')];
    const merged = mergeFindings(exposures);
    expect(merged).not.toBe(exposures);
    expect(merged.every((m, i) => m === exposures[i])).toBe(true);
  });

  it('still merges and sorts when fingerprints repeat or are out of order', () => {
    const merged = mergeFindings([f('b2', 'y'), f('a1', 'x'), f('b2', 'x')]);
    expect(merged.map((m) => m.fingerprint)).toEqual(['a1', 'b2']);
    expect(merged[1]!.sources.map((s) => s.tool)).toEqual(['x', 'y']);
    expect(mergeFindings(merged)).toEqual(merged);
  });
});
