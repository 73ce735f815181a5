import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../engine/ledger/canonical-json.ts';
import { mutateOne, randomValues } from '../../support/random-json.ts';
import { parseIndex, serialiseIndex } from '../../../engine/ledger/index-file.ts';
import { exposurePath, fingerprintOfPath, indexPath, runAtOfPath, runPath, shardOf } from '../../../engine/ledger/layout.ts';

describe('the ledger file format', () => {
  it('writes the same bytes for the same data, whatever the key order', () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } });
    const b = canonicalJson({ a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
  });

  it('puts one field on each line, sorted, with a final newline, and leaves out undefined fields', () => {
    expect(canonicalJson({ priority: 'P1', asset: 'api', exception: undefined })).toBe('{\n  "asset": "api",\n  "priority": "P1"\n}\n');
  });

  it('keeps list order (it is meaningful: sources, aliases)', () => {
    expect(JSON.parse(canonicalJson({ l: ['b', 'a'] }))).toEqual({ l: ['b', 'a'] });
  });
});

describe('the ledger layout', () => {
  const fp = '015e59b8034f47e22d6a';

  it('shards exposure records by the first two hex characters of the fingerprint: 256 directories', () => {
    expect(exposurePath(fp)).toBe('exposures/01/015e59b8034f47e22d6a.json');
    expect(shardOf(fp)).toBe('01');
    expect(indexPath('01')).toBe('index/01.tsv');
    expect(fingerprintOfPath(exposurePath(fp))).toBe(fp);
  });

  it('refuses anything that is not a hex fingerprint as a path (no ../, no option-like names)', () => {
    for (const bad of ['../../etc', '-rf', 'ABCDEF012345', 'abc']) expect(() => exposurePath(bad)).toThrow(/not a fingerprint/);
  });

  it('names run records by their UTC time, without colons, and reads the time back', () => {
    expect(runPath('2026-11-28T10:00:00.000Z')).toBe('runs/2026/2026-11-28T100000.000Z.json');
    expect(runAtOfPath('runs/2026/2026-11-28T100000.000Z.json')).toBe('2026-11-28T10:00:00.000Z');
    expect(() => runPath('2026-11-28 10:00')).toThrow(/UTC timestamp/);
  });
});

describe('the index (first seen, closed at, last priority and due date per exposure)', () => {
  it('round-trips, sorted by fingerprint, one tab-separated line per exposure', () => {
    const text = serialiseIndex([
      { fingerprint: 'bbbbbbbbbbbbbbbbbbbb', first_seen: '2026-11-01T00:00:00.000Z', closed_at: '2026-11-03T00:00:00.000Z', priority: 'P3', due_date: '2027-01-30' },
      { fingerprint: 'aaaaaaaaaaaaaaaaaaaa', first_seen: '2026-11-02T00:00:00.000Z', priority: 'P1', due_date: '2026-11-09' },
    ]);
    expect(text).toBe(
      'aaaaaaaaaaaaaaaaaaaa\t2026-11-02T00:00:00.000Z\t\tP1\t2026-11-09\n' + 'bbbbbbbbbbbbbbbbbbbb\t2026-11-01T00:00:00.000Z\t2026-11-03T00:00:00.000Z\tP3\t2027-01-30\n',
    );
    expect(serialiseIndex(parseIndex(text))).toBe(text);
  });

  it('rejects a damaged line instead of guessing', () => {
    expect(() => parseIndex('only-a-fingerprint\n')).toThrow(/malformed ledger index line/);
  });
});

describe('the canonical writer', () => {
  /** The reference: sort keys by copying, then let JSON.stringify indent. */
  const reference = (v: unknown): string => {
    const sort = (x: unknown): unknown =>
      Array.isArray(x) ? x.map(sort) : x !== null && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x;
    return JSON.stringify(sort(v), null, 2) + '\n';
  };

  it('gives byte for byte what sorting the keys and JSON.stringify give, on awkward values', () => {
    const awkward = [
      { z: [], a: {}, m: [1, 'two', null, true, { y: undefined, x: [[]] }], 'ü "quoted"\n': -0, n: 1e21, f: 0.1, u: undefined, s: 'line\nbreak \u2028 \\' },
      [undefined, () => 1, { b: { toString: 'not a function' } }],
      'just a string',
      Number.NaN,
      { nested: { deeper: { deepest: [{ b: 1, a: [2, 1] }] } } },
    ];
    for (const v of awkward) expect(canonicalJson(v)).toBe(reference(v));
  });

  it('prints a frozen part shared by many records once per indentation, and the same bytes wherever it sits', () => {
    const shared = Object.freeze({ z: Object.freeze(['b', 'a']), a: Object.freeze({ y: 1, x: null }) });
    const records = [{ part: shared }, { deeper: { part: shared } }, [shared], { part: shared, other: shared }];
    for (let round = 0; round < 2; round++) for (const r of records) expect(canonicalJson(r)).toBe(reference(r));
  });

  it('does not remember a frozen part holding something unfrozen, nor one with a getter: a change shows on the next print', () => {
    const inner = { n: 1 };
    const outer = Object.freeze({ inner });
    expect(canonicalJson({ outer })).toBe(reference({ outer }));
    inner.n = 2;
    expect(canonicalJson({ outer })).toContain('"n": 2');
    let calls = 0;
    const getter = Object.freeze(Object.defineProperty({}, 'n', { enumerable: true, get: () => ++calls }));
    expect(canonicalJson({ getter })).toContain('"n": 1');
    expect(canonicalJson({ getter })).toContain('"n": 2');
  });

  it('agrees with sorting and JSON.stringify on 3,000 random records of shared, frozen and unfrozen parts', () => {
    const r = randomValues(11, ['b', 'a']);
    for (let i = 0; i < 3000; i++) {
      const o: Record<string, unknown> = {};
      for (let k = 0; k < 5; k++) o[`f${k}`] = r.random() < 0.5 ? r.pick(r.pool) : { nested: r.pick(r.pool) };
      expect(canonicalJson(o)).toBe(reference(o));
      mutateOne(r, i);
    }
  });
});
