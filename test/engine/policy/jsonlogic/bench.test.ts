/** The benchmark runs, its three engines agree, and it leaves json-logic-js as it found it. */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { runJsonLogicBench } from '../../../../bench/jsonlogic.ts';

describe('runJsonLogicBench', () => {
  it('returns figures for a tiny run, with every engine agreeing', () => {
    const r = runJsonLogicBench({ findings: 300, rules: 40, seed: 7 });
    expect(r.evaluations).toBe(12_000);
    expect(r.disagreementsWithJsonLogicJs).toBe(0);
    expect(r.ctem.truthy).toBe(r.jsonLogicJs.truthy);
    expect(r.jsonLogicEngine.truthy).toBe(r.jsonLogicJs.truthy);
    expect(r.ctem.truthy).toBeGreaterThan(0);
    for (const f of [r.jsonLogicJs, r.jsonLogicEngine, r.ctem]) expect(f.opsPerSec).toBeGreaterThan(0);
    expect(r.ratios.vsJsonLogicJs).toBeCloseTo(r.ctem.opsPerSec / r.jsonLogicJs.opsPerSec);
    // The bench registers `glob` in json-logic-js for the comparison and removes it again.
    expect(() => (jsonLogic.apply as (r: unknown, d: unknown) => unknown)({ glob: ['a', 'a'] }, {})).toThrow(/Unrecognized operation/);
  });
});
