import { describe, expect, it } from 'vitest';
import { analyseGraph, nodeFacts, shortestRoute, type GraphAnalysis } from '../../../engine/validate/analyse.ts';
import { PATH_COUNT_CAP } from '../../../engine/validate/paths.ts';
import {
  bestFix,
  isAcyclic,
  pathsAfterFixing,
  pathsThrough,
  randomGraph,
  reachFacts,
  simplePaths,
  zonePaths,
  type SmallGraph,
} from './brute-force.ts';

function analyse(g: SmallGraph, chokePoints = 3, budget?: number): GraphAnalysis {
  return analyseGraph(
    {
      n: g.n,
      from: Int32Array.from(g.edges.map((e) => e[0])),
      to: Int32Array.from(g.edges.map((e) => e[1])),
      entries: Int32Array.from(g.entries),
      targets: Int32Array.from(g.targets),
    },
    { chokePoints, budget },
  );
}

/** Everything the analysis says, checked against the brute-force reference. */
function expectAgreesWithBruteForce(g: SmallGraph) {
  const a = analyse(g);
  const reach = reachFacts(g);
  const through = pathsThrough(g);
  for (let v = 0; v < g.n; v++) {
    const f = nodeFacts(a, v);
    expect({ node: v, reachable: f.reachable, pathLength: f.pathLength, paths: f.paths }).toEqual({
      node: v,
      reachable: reach[v]!.reachable,
      pathLength: reach[v]!.pathLength,
      paths: through[v],
    });
  }
  expect(a.paths.total).toBe(zonePaths(g).paths.length);
  return a;
}

const FULL = (n: number): [number, number][] =>
  Array.from({ length: n }, (_, u) => Array.from({ length: n }, (_, v) => [u, v] as [number, number])).flat();

describe('reachability, path lengths and path counts, against brute force', () => {
  it('a chain: entry 0 → 1 → 2 → crown jewel 3', () => {
    const g = { n: 4, edges: [[0, 1], [1, 2], [2, 3]] as [number, number][], entries: [0], targets: [3] };
    const a = expectAgreesWithBruteForce(g);
    expect(nodeFacts(a, 2)).toEqual({ reachable: true, onPath: true, pathLength: 3, paths: 1 });
    expect(shortestRoute(a, 2)).toEqual([0, 1, 2, 3]);
  });

  it('a diamond with two entries and two crown jewels: the middle carries every path', () => {
    // 0,1 entries → 2 → 3 → {4, 5} crown jewels; 4 → 5 too.
    const g = { n: 6, edges: [[0, 2], [1, 2], [2, 3], [3, 4], [3, 5], [4, 5]] as [number, number][], entries: [0, 1], targets: [4, 5] };
    const a = expectAgreesWithBruteForce(g);
    expect(simplePaths(g)).toHaveLength(6);
    expect(nodeFacts(a, 3).paths).toBe(6);
    expect(a.chokePoints[0]).toMatchObject({ node: 2, cuts: 6, before: 6, after: 0 });
  });

  it('an asset nobody reaches, and one that reaches no crown jewel', () => {
    const g = { n: 4, edges: [[0, 1], [2, 3]] as [number, number][], entries: [0], targets: [3] };
    const a = expectAgreesWithBruteForce(g);
    expect(nodeFacts(a, 1)).toEqual({ reachable: true, onPath: false, pathLength: null, paths: 0 });
    expect(nodeFacts(a, 2)).toEqual({ reachable: false, onPath: false, pathLength: null, paths: 0 });
    expect(a.chokePoints).toEqual([]);
  });

  it('an internet-facing crown jewel is a path of no hops, which no fix can cut', () => {
    const g = { n: 2, edges: [[0, 1]] as [number, number][], entries: [0], targets: [0, 1] };
    const a = expectAgreesWithBruteForce(g);
    expect(nodeFacts(a, 0)).toMatchObject({ pathLength: 0, paths: 2 });
    expect(a.chokePoints).toEqual([expect.objectContaining({ node: 0, cuts: 1, before: 2, after: 1 })]);
  });

  it('self-loops and duplicate edges change nothing', () => {
    const plain = { n: 3, edges: [[0, 1], [1, 2]] as [number, number][], entries: [0], targets: [2] };
    const noisy = { ...plain, edges: [...plain.edges, [1, 1], [0, 1], [2, 2], [0, 0]] as [number, number][] };
    const a = expectAgreesWithBruteForce(noisy);
    const b = analyse(plain);
    for (let v = 0; v < 3; v++) expect(nodeFacts(a, v)).toEqual(nodeFacts(b, v));
  });

  it('a cycle: assets that reach each other count as one zone, and the analysis terminates', () => {
    // 0 → 1 ⇄ 2 → 3, and 2 → 1 closes the loop
    const g = { n: 4, edges: [[0, 1], [1, 2], [2, 1], [2, 3]] as [number, number][], entries: [0], targets: [3] };
    const a = expectAgreesWithBruteForce(g);
    expect(a.zones.of[1]).toBe(a.zones.of[2]);
    expect(nodeFacts(a, 1)).toMatchObject({ pathLength: 3, paths: 1 });
  });

  it('a complete graph with every self-loop terminates, with bounded counts', () => {
    const g = { n: 8, edges: FULL(8), entries: [0], targets: [7] };
    const a = expectAgreesWithBruteForce(g);
    expect(a.zones.count).toBe(1);
    expect(nodeFacts(a, 3)).toEqual({ reachable: true, onPath: true, pathLength: 2, paths: 1 });
  });

  it('a large complete DAG: path counts grow as 2^n but stay finite and capped', () => {
    const n = 1200;
    const edges: [number, number][] = [];
    for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) edges.push([u, v]);
    const a = analyse({ n, edges, entries: [0], targets: [n - 1] }, 2);
    expect(nodeFacts(a, 600).paths).toBe(PATH_COUNT_CAP);
    expect(Number.isFinite(a.paths.total)).toBe(true);
    expect(a.chokePoints.length).toBeGreaterThan(0);
  });

  it('a long chain does not overflow the stack (the zone search is iterative)', () => {
    const n = 200_000;
    const edges: [number, number][] = Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
    edges.push([n - 1, 0]);
    const a = analyse({ n, edges, entries: [0], targets: [n - 1] }, 1);
    expect(a.zones.count).toBe(1);
    expect(nodeFacts(a, n - 1).pathLength).toBe(n - 1);
  });

  it.each(Array.from({ length: 300 }, (_, i) => i))('random acyclic graph #%i', (seed) => {
    expectAgreesWithBruteForce(randomGraph(seed, true));
  });

  it.each(Array.from({ length: 300 }, (_, i) => i))('random graph with cycles #%i', (seed) => {
    expectAgreesWithBruteForce(randomGraph(10_000 + seed, false));
  });
});

describe('choke points, against every set of up to three fixes', () => {
  /** The greedy picks' reported counts are the true counts, and the first pick is the best single fix. */
  function expectGreedyChecks(g: SmallGraph) {
    const a = analyse(g, 3);
    const total = pathsAfterFixing(g, []);
    const picked: number[] = [];
    for (const c of a.chokePoints) {
      expect(c.before).toBe(pathsAfterFixing(g, picked));
      picked.push(c.node);
      expect(c.after).toBe(pathsAfterFixing(g, picked));
      expect(c.cuts).toBe(c.before - c.after);
      expect(c.exhaustive).toBe(true);
    }
    const best1 = bestFix(g, 1);
    if (best1.left < total) {
      expect(a.chokePoints.length).toBeGreaterThan(0);
      expect(best1.sets).toContainEqual([a.chokePoints[0]!.node]);
      expect(a.chokePoints[0]!.after).toBe(best1.left);
    } else {
      expect(a.chokePoints).toEqual([]);
    }
    return { a, total };
  }

  it.each(Array.from({ length: 200 }, (_, i) => i))('random acyclic graph #%i: optimal for one fix, within 1 − 1/e for two and three', (seed) => {
    const g = randomGraph(20_000 + seed, true);
    expect(isAcyclic(g)).toBe(true);
    const { a, total } = expectGreedyChecks(g);
    for (const k of [2, 3]) {
      const picks = a.chokePoints.slice(0, k).map((c) => c.node);
      const greedyCut = total - pathsAfterFixing(g, picks);
      const bestCut = total - bestFix(g, k).left;
      expect(greedyCut).toBeLessThanOrEqual(bestCut);
      expect(greedyCut).toBeGreaterThanOrEqual((1 - 1 / Math.E) * bestCut - 1e-9);
    }
  });

  it.each(Array.from({ length: 200 }, (_, i) => i))('random graph with cycles #%i: optimal for one fix', (seed) => {
    const g = randomGraph(30_000 + seed, false);
    expectGreedyChecks(g);
  });

  it('past the evaluation budget, members of cycles are not candidates; the picks made are still counted exactly', () => {
    // 0 → 1 ⇄ 2 → 3 → 4: the zone {1, 2} is the only way through, and so is 3.
    const g: SmallGraph = { n: 5, edges: [[0, 1], [1, 2], [2, 1], [2, 3], [3, 4]], entries: [0], targets: [4] };
    const exact = analyse(g, 1);
    expect(exact.chokePoints[0]).toMatchObject({ node: 0, exhaustive: true });
    const limited = analyse(g, 3, 0);
    expect(limited.chokePoints.every((c) => !c.exhaustive)).toBe(true);
    expect(limited.chokePoints.map((c) => c.node)).not.toContain(1);
    expect(limited.chokePoints.map((c) => c.node)).not.toContain(2);
    const picked: number[] = [];
    for (const c of limited.chokePoints) {
      expect(c.before).toBe(pathsAfterFixing(g, picked));
      picked.push(c.node);
      expect(c.after).toBe(pathsAfterFixing(g, picked));
    }
  });

  it('documents that greedy is not optimal for two fixes', () => {
    // Entries 0, 1, 2; crown jewel 3. Paths: 0→1→3, 0→2→3, 1→3, 2→3. Each of 0, 1, 2 alone cuts
    // two; greedy takes 0 (ties go to the lowest id), then one more path. Fixing 1 and 2 cuts all four.
    const g: SmallGraph = { n: 4, edges: [[0, 1], [0, 2], [1, 3], [2, 3]], entries: [0, 1, 2], targets: [3] };
    const a = analyse(g, 2);
    expect(a.chokePoints.map((c) => [c.node, c.cuts])).toEqual([[0, 2], [1, 1]]);
    expect(bestFix(g, 2)).toEqual({ left: 0, sets: [[1, 2]] });
  });
});
