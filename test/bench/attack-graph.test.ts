import { describe, expect, it } from 'vitest';
import { runAttackGraphBench } from '../../bench/attack-graph.ts';

// Speed is measured by `npm run bench`, never asserted here: this checks the benchmark computes what it says.
describe('the attack-graph benchmark', () => {
  it('is deterministic for a seed and reports coherent figures', () => {
    const a = runAttackGraphBench({ assets: 2_000, edges: 20_000, seed: 7 });
    const b = runAttackGraphBench({ assets: 2_000, edges: 20_000, seed: 7 });
    const { seconds: _a, ...figuresA } = a;
    const { seconds: _b, ...figuresB } = b;
    expect(figuresA).toEqual(figuresB);
    expect(a.assets).toBe(2_000);
    expect(a.traversableEdges).toBeGreaterThan(0);
    expect(a.traversableEdges).toBeLessThan(20_000);
    expect(a.onPath).toBeLessThanOrEqual(a.reachable);
    expect(a.largestZone).toBeLessThanOrEqual(2_000);
    expect(a.chokePoints.length).toBeLessThanOrEqual(5);
    expect(a.seconds).toBeGreaterThan(0);
  });

  it('another seed, another graph', () => {
    const a = runAttackGraphBench({ assets: 2_000, edges: 20_000, seed: 1 });
    const b = runAttackGraphBench({ assets: 2_000, edges: 20_000, seed: 2 });
    expect(a.traversableEdges).not.toBe(b.traversableEdges);
  });
});
