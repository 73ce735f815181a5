/**
 * The whole graph analysis over integer node ids: reachability (forward from every
 * entry point, backward from every crown jewel), zones, path counts and ranked choke
 * points. Knows nothing of assets or findings (attack-graph.ts maps those to ids), so
 * it can be tested against brute force and benchmarked on a million edges
 * (bench/attack-graph.ts). Pure.
 */
import { greedyChokePoints, type ChokePoint } from './choke-points.ts';
import { buildDigraph, type Digraph } from './csr.ts';
import { capCount, countZonePaths, pathsThroughZone, type ZonePaths } from './paths.ts';
import { multiSourceBfs, routeThrough, type BfsResult } from './reach.ts';
import { stronglyConnected, type Zones } from './zones.ts';

export interface GraphInput {
  n: number;
  /** The traversable edges: `from[i] → to[i]`. Self-loops and duplicates are allowed (and change nothing). */
  from: Int32Array;
  to: Int32Array;
  entries: Int32Array;
  targets: Int32Array;
}

export interface AnalyseOptions {
  /** How many choke points to rank (0: none). */
  chokePoints: number;
  /** Edge visits allowed per choke-point pick for exact evaluation inside zones (choke-points.ts). */
  budget?: number;
}

export interface GraphAnalysis {
  n: number;
  graph: Digraph;
  isEntry: Uint8Array;
  isTarget: Uint8Array;
  forward: BfsResult;
  backward: BfsResult;
  zones: Zones;
  paths: ZonePaths;
  chokePoints: ChokePoint[];
}

export function analyseGraph(input: GraphInput, options: AnalyseOptions): GraphAnalysis {
  const { n, from, to } = input;
  const graph = buildDigraph(n, from, to);
  const isEntry = new Uint8Array(n);
  const isTarget = new Uint8Array(n);
  for (const e of input.entries) isEntry[e] = 1;
  for (const t of input.targets) isTarget[t] = 1;
  const forward = multiSourceBfs(graph.out, input.entries);
  const backward = multiSourceBfs(graph.in, input.targets);
  const zones = stronglyConnected(graph.out);
  const paths = countZonePaths(graph, zones, isEntry, isTarget);
  const chokePoints = options.chokePoints > 0
    ? greedyChokePoints(n, from, to, isEntry, isTarget, { k: options.chokePoints, budget: options.budget })
    : [];
  return { n, graph, isEntry, isTarget, forward, backward, zones, paths, chokePoints };
}

export interface NodeFacts {
  /** An entry point reaches it. */
  reachable: boolean;
  /** It is reachable and reaches a crown jewel. */
  onPath: boolean;
  /** Hops of the shortest entry → it → crown-jewel route, or null when it is on none. */
  pathLength: number | null;
  /** Entry → crown-jewel paths through it (capped at PATH_COUNT_CAP). */
  paths: number;
}

export function nodeFacts(a: GraphAnalysis, node: number): NodeFacts {
  const df = a.forward.dist[node]!;
  const db = a.backward.dist[node]!;
  const onPath = df >= 0 && db >= 0;
  return {
    reachable: df >= 0,
    onPath,
    pathLength: onPath ? df + db : null,
    paths: capCount(pathsThroughZone(a.paths, a.zones.of[node]!)),
  };
}

export const shortestRoute = (a: GraphAnalysis, node: number): number[] | undefined => routeThrough(node, a.forward, a.backward);
