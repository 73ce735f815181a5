/**
 * The compact form findings cross threads in: exactly the value it was given — key
 * order, undefined properties, -0, NaN, holes — and never a prototype from a key.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ingestSources } from '../../../../engine/discover/ingest.ts';
import { CompactWriter, readCompact, type CompactBatch } from '../../../../engine/discover/threads/compact.ts';
import { buildAssetIndex } from '../../../../engine/scope/asset-index.ts';
import { fixture } from '../../../support/corpus.ts';

const roundTrip = (values: unknown[]): unknown[] => {
  const w = new CompactWriter();
  for (const v of values) w.add(v);
  return [...readCompact(structuredClone(w.finish()))];
};

/** A random JSON-like value, with what JSON itself would lose (undefined, -0, NaN). */
function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  const words = ['a', 'b', 'toString', 'constructor', '__proto__', 'é', '\u0000', '', 'a longer piece of text'];
  switch (pick) {
    case 0: return undefined;
    case 1: return null;
    case 2: return next() < 0.5;
    case 3: return [0, -0, NaN, Infinity, -Infinity, 1e300, -7.25, 2 ** 53][Math.floor(next() * 8)];
    case 4:
    case 5: return words[Math.floor(next() * words.length)];
    case 6: {
      const xs = Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
      return xs;
    }
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i--) {
        const k = words[Math.floor(next() * words.length)]!;
        Object.defineProperty(o, k, { value: randomValue(next, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
  }
}

describe('compact values', () => {
  it('carries every finding of real reports exactly, key order included', async () => {
    const got = await ingestSources(fixture(), [{ name: 'all', connector: 'auto', path: '{trivy,grype,sarif}/*.{json,sarif}' }], buildAssetIndex([]), { threads: 0 });
    expect(got.findings.length).toBeGreaterThan(500);
    const back = roundTrip(got.findings);
    expect(back).toStrictEqual(got.findings);
    expect(JSON.stringify(back)).toBe(JSON.stringify(got.findings));
  });

  it('carries random values exactly, with what JSON would lose, and a hole as undefined', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 3000 }, () => randomValue(next));
    const back = roundTrip(values);
    // Node's own strict equality: own `constructor` and `__proto__` keys are just keys to it.
    expect(isDeepStrictEqual(back, values)).toBe(true);
    expect(isDeepStrictEqual(back, roundTrip(values.slice(1)))).toBe(false);
    expect(Object.is((roundTrip([-0])[0]), -0)).toBe(true);
    expect(Number.isNaN(roundTrip([NaN])[0])).toBe(true);
    const holed = [1, 2, 3];
    delete holed[1];
    expect(1 in (roundTrip([holed])[0] as unknown[])).toBe(true); // a hole comes back as undefined
  });

  it('gives a key named __proto__ back as an own property, never as the prototype', () => {
    const [o] = roundTrip([JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')]) as Record<string, unknown>[];
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o!)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('sends each distinct string and each set of keys once', () => {
    const w = new CompactWriter();
    for (let i = 0; i < 1000; i++) w.add({ title: 'same text', n: i, tags: ['x', 'y'] });
    for (let i = 0; i < 40; i++) w.add({ [`k${i}`]: i }); // past the shapes found by scanning
    for (let i = 0; i < 40; i++) w.add({ [`k${i}`]: i });
    const batch = w.finish();
    expect(batch.count).toBe(1080);
    expect(batch.strings).toEqual(['same text', 'x', 'y']);
    expect(batch.shapes.length).toBe(41);
  });

  it('tells apart lists of keys that would join to the same text', () => {
    const values = [...Array.from({ length: 40 }, (_, i) => ({ [`k${i}`]: i })), { '': 1, '\u0000': 2 }, { '\u0000': 3, '': 4 }];
    const back = roundTrip(values) as Record<string, number>[];
    expect(back.slice(-2).map((o) => Object.entries(o))).toEqual([[['', 1], ['\u0000', 2]], [['\u0000', 3], ['', 4]]]);
  });

  it('refuses what is not plain data: findings are', () => {
    for (const bad of [new Date(0), new Map(), () => 1, 1n, Symbol('s'), new (class Finding {})()]) {
      expect(() => new CompactWriter().add({ field: bad })).toThrow(/compact values carry plain data only/);
    }
  });

  it('refuses a batch that is cut short or names what it does not hold', () => {
    const w = new CompactWriter();
    w.add({ a: 'text' });
    const batch = w.finish();
    const cut: CompactBatch = { ...batch, codes: batch.codes.slice(0, -1) };
    expect(() => [...readCompact(cut)]).toThrow('compact batch ends early');
    expect(() => [...readCompact({ ...batch, strings: [] })]).toThrow('compact batch names a string it does not hold');
    expect(() => [...readCompact({ ...batch, shapes: [] })]).toThrow('compact batch names a shape it does not hold');
    expect(() => [...readCompact({ ...batch, codes: Float64Array.of(99) })]).toThrow('compact batch holds an unknown tag 99');
  });
});
