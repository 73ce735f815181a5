import { describe, expect, it } from 'vitest';
import { cycleInputFrom, prepareRun } from '../../../engine/app/prepare.ts';
import { stringifyWithSharedParts } from '../../../engine/app/shared-json.ts';
import { runCycle } from '../../../engine/cycle.ts';
import { repoRoot } from '../../support/corpus.ts';
import { mutateOne, randomValues } from '../../support/random-json.ts';

const NOW = '2026-11-28T10:00:00.000Z';

describe('stringifyWithSharedParts', () => {
  it('prints every decision of the bundled example exactly as JSON.stringify does, twice over (remembered parts reused)', async () => {
    const { prepared, problems } = await prepareRun(repoRoot, NOW);
    if (!prepared) throw new Error(`the example did not prepare: ${JSON.stringify(problems)}`);
    const { decisions } = runCycle(cycleInputFrom(prepared, NOW));
    expect(decisions.length).toBeGreaterThan(50);
    for (let round = 0; round < 2; round++) for (const d of decisions) expect(stringifyWithSharedParts(d)).toBe(JSON.stringify(d));
  });

  it('shares the parts decisions point at: their enrichment, validation facts, owner, rule and feeds are frozen all the way down', async () => {
    const { prepared } = await prepareRun(repoRoot, NOW);
    const { decisions } = runCycle(cycleInputFrom(prepared!, NOW));
    // (An exposure on an attack path or with evidence has validation of its own, not shared.)
    const d = decisions.find((x) => x.owner !== null && x.enrichment.epss !== null && x.validation.attack_path === undefined && x.validation.evidence === undefined)!;
    for (const part of [d.enrichment, d.enrichment.epss, d.enrichment.kev, d.enrichment.ssvc, d.validation, d.owner, d.rule, d.feeds, d.feeds.epss]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it('leaves out undefined, functions and symbols, prints null, numbers, strings with escapes and nested values', () => {
    const o = {
      a: undefined,
      b: () => 1,
      c: Symbol('s'),
      d: null,
      e: -0,
      f: Number.NaN,
      g: 'line\nbreak "quoted" \u2028 \ud800',
      h: Object.freeze({ x: 1, y: Object.freeze([1, undefined, () => 2]) }),
      'key "quoted"': true,
      0: 'integer-like keys first',
    };
    expect(stringifyWithSharedParts(o)).toBe(JSON.stringify(o));
    expect(stringifyWithSharedParts({})).toBe('{}');
    expect(stringifyWithSharedParts({ only: undefined })).toBe('{}');
  });

  it('does not remember a frozen part that holds something unfrozen: a change inside it shows on the next print', () => {
    const inner = { n: 1 };
    const shared = Object.freeze({ inner });
    const o = { shared };
    expect(stringifyWithSharedParts(o)).toBe('{"shared":{"inner":{"n":1}}}');
    inner.n = 2;
    expect(stringifyWithSharedParts(o)).toBe('{"shared":{"inner":{"n":2}}}');
  });

  it('honours toJSON on the object and on its parts, frozen or not, as JSON.stringify does', () => {
    const withToJson = Object.freeze({ secret: 'x', toJSON: () => 'redacted' });
    expect(stringifyWithSharedParts({ a: withToJson })).toBe(JSON.stringify({ a: withToJson }));
    const date = new Date(0);
    expect(stringifyWithSharedParts({ date })).toBe(JSON.stringify({ date }));
    expect(stringifyWithSharedParts({ toJSON: () => ({ z: 1 }) })).toBe('{"z":1}');
  });

  it('does not remember parts with getters or a class of their own', () => {
    let n = 0;
    const getter = Object.freeze(Object.defineProperty({}, 'n', { enumerable: true, get: () => ++n }));
    expect(stringifyWithSharedParts({ getter })).toBe('{"getter":{"n":1}}');
    expect(stringifyWithSharedParts({ getter })).toBe('{"getter":{"n":2}}');
    class Point {
      constructor(readonly x: number) {}
    }
    const p = Object.freeze(new Point(1));
    expect(stringifyWithSharedParts({ p })).toBe('{"p":{"x":1}}');
  });

  it('agrees with JSON.stringify on 5,000 random objects of shared, frozen and unfrozen parts', () => {
    const r = randomValues(8, ['a', 'b', '__proto__']);
    for (let i = 0; i < 5000; i++) {
      const o: Record<string, unknown> = {};
      for (let k = 0; k < 6; k++) o[`f${k}`] = r.random() < 0.5 ? r.pick(r.pool) : r.value(1);
      expect(stringifyWithSharedParts(o)).toBe(JSON.stringify(o));
      mutateOne(r, i);
    }
  });
});
