/**
 * Slow, obviously-correct reference implementations for small graphs (≤ 10 nodes):
 * Floyd–Warshall distances, every simple path by depth-first enumeration, zones by
 * mutual reachability, and every subset of up to three fixes. Independent of
 * engine/validate (no imports from it), so a bug there cannot hide here.
 */
import { mulberry32 } from '../../../tools/prng.ts';

export interface SmallGraph {
  n: number;
  edges: [number, number][];
  entries: number[];
  targets: number[];
}

const INF = Number.POSITIVE_INFINITY;

export function distances(g: SmallGraph): number[][] {
  const d = Array.from({ length: g.n }, (_, i) => Array.from({ length: g.n }, (_, j) => (i === j ? 0 : INF)));
  for (const [u, v] of g.edges) if (u !== v) d[u]![v] = 1;
  for (let k = 0; k < g.n; k++)
    for (let i = 0; i < g.n; i++)
      for (let j = 0; j < g.n; j++) if (d[i]![k]! + d[k]![j]! < d[i]![j]!) d[i]![j] = d[i]![k]! + d[k]![j]!;
  return d;
}

/** Per node: reachable from an entry, and min over entries e, targets t of d(e,v) + d(v,t). */
export function reachFacts(g: SmallGraph): { reachable: boolean; pathLength: number | null }[] {
  const d = distances(g);
  return Array.from({ length: g.n }, (_, v) => {
    const fromEntry = Math.min(...g.entries.map((e) => d[e]![v]!));
    const toTarget = Math.min(...g.targets.map((t) => d[v]![t]!));
    return { reachable: fromEntry < INF, pathLength: fromEntry < INF && toTarget < INF ? fromEntry + toTarget : null };
  });
}

/** Every simple path from an entry to a target (a node that is both gives the one-node path). */
export function simplePaths(g: SmallGraph): number[][] {
  const succ = Array.from({ length: g.n }, () => new Set<number>());
  for (const [u, v] of g.edges) if (u !== v) succ[u]!.add(v);
  const targets = new Set(g.targets);
  const out: number[][] = [];
  const walk = (path: number[], onPath: Set<number>) => {
    const u = path[path.length - 1]!;
    if (targets.has(u)) out.push([...path]);
    for (const v of succ[u]!) {
      if (onPath.has(v)) continue;
      onPath.add(v);
      path.push(v);
      walk(path, onPath);
      path.pop();
      onPath.delete(v);
    }
  };
  for (const e of new Set(g.entries)) walk([e], new Set([e]));
  return out;
}

export function isAcyclic(g: SmallGraph): boolean {
  const d = distances(g);
  for (let u = 0; u < g.n; u++) for (let v = 0; v < g.n; v++) if (u !== v && d[u]![v]! < INF && d[v]![u]! < INF) return false;
  return true;
}

/** Zone of each node (the smallest node id of its mutual-reachability class) and the zone graph. */
export function zoneGraph(g: SmallGraph): SmallGraph & { zoneOf: number[] } {
  const d = distances(g);
  const zoneOf = Array.from({ length: g.n }, (_, v) => {
    for (let u = 0; u < g.n; u++) if (d[u]![v]! < INF && d[v]![u]! < INF) return u;
    return v;
  });
  const edges = new Map<string, [number, number]>();
  for (const [u, v] of g.edges) {
    const a = zoneOf[u]!;
    const b = zoneOf[v]!;
    if (a !== b) edges.set(`${a}>${b}`, [a, b]);
  }
  return {
    n: g.n,
    edges: [...edges.values()],
    entries: [...new Set(g.entries.map((e) => zoneOf[e]!))],
    targets: [...new Set(g.targets.map((t) => zoneOf[t]!))],
    zoneOf,
  };
}

/**
 * The path objective: simple paths between zones (on an acyclic graph, between
 * assets). Returns the paths as node lists of the zone graph, and the zone of each node.
 */
export function zonePaths(g: SmallGraph): { paths: number[][]; zoneOf: number[] } {
  const z = zoneGraph(g);
  return { paths: simplePaths(z), zoneOf: z.zoneOf };
}

/** Paths through each node (the paths of its zone). */
export function pathsThrough(g: SmallGraph): number[] {
  const { paths, zoneOf } = zonePaths(g);
  return Array.from({ length: g.n }, (_, v) => paths.filter((p) => p.includes(zoneOf[v]!)).length);
}

/** Paths left once every node of `fixed` has lost its outgoing edges. */
export function pathsAfterFixing(g: SmallGraph, fixed: readonly number[]): number {
  const cut = new Set(fixed);
  return zonePaths({ ...g, edges: g.edges.filter(([u]) => !cut.has(u)) }).paths.length;
}

/** Every subset of `size` nodes. */
export function* subsets(n: number, size: number, from = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === size) {
    yield [...acc];
    return;
  }
  for (let v = from; v < n; v++) {
    acc.push(v);
    yield* subsets(n, size, v + 1, acc);
    acc.pop();
  }
}

/** The fewest paths any set of `size` fixes leaves. */
export function bestFix(g: SmallGraph, size: number): { left: number; sets: number[][] } {
  let left = INF;
  let sets: number[][] = [];
  for (const s of subsets(g.n, size)) {
    const l = pathsAfterFixing(g, s);
    if (l < left) {
      left = l;
      sets = [s];
    } else if (l === left) sets.push(s);
  }
  return { left, sets };
}

/** A deterministic pseudo-random generator (tools/prng.ts). */
export const prng = mulberry32;

/** A random graph: `acyclic` keeps every edge going from a lower to a higher node id. */
export function randomGraph(seed: number, acyclic: boolean): SmallGraph {
  const r = prng(seed);
  const n = 3 + Math.floor(r() * 6);
  const edges: [number, number][] = [];
  const density = 0.2 + r() * 0.4;
  for (let u = 0; u < n; u++)
    for (let v = 0; v < n; v++) {
      if (acyclic && v <= u) continue;
      if (!acyclic && u === v && r() < 0.9) continue;
      if (r() < density) edges.push([u, v]);
    }
  const pick = (p: number) => Array.from({ length: n }, (_, i) => i).filter(() => r() < p);
  let entries = pick(0.3);
  let targets = pick(0.3);
  if (entries.length === 0) entries = [0];
  if (targets.length === 0) targets = [n - 1];
  return { n, edges, entries, targets };
}
