/**
 * What the attack graph says about one exposure, and the shortest attack path through
 * its asset, as plain data for the rule input document, the decision and the issue
 * picture. Pure.
 */
import type { Finding } from '../model/finding.ts';
import { nodeFacts, shortestRoute } from './analyse.ts';
import type { AttackGraph } from './attack-graph.ts';
import { capCount } from './paths.ts';
import { exposureClassMask, type EdgeKind } from './traversal.ts';

export interface GraphFacts {
  /** An entry point reaches its asset. */
  reachable: boolean;
  /** Its asset is reachable and reaches a crown jewel. */
  on_path: boolean;
  /** Hops of the shortest entry → asset → crown-jewel route, or null. */
  path_length: number | null;
  /** Entry → crown-jewel paths through its asset (docs/validation.md says exactly which; capped). */
  paths_to_crown_jewels: number;
  /** Its asset is one of the ranked choke points. */
  choke_point: boolean;
  /** This exposure is what lets an attacker move on from its asset along an attack path. */
  pivot: boolean;
}

export const NO_GRAPH_FACTS: GraphFacts = {
  reachable: false,
  on_path: false,
  path_length: null,
  paths_to_crown_jewels: 0,
  choke_point: false,
  pivot: false,
};

/**
 * What the graph says of one exposure. `enabling` (whether it may open edges: not
 * excused, suppressed or shown not exploitable) is asked only when it can matter —
 * for an exposure on a reachable asset with onward edges toward a crown jewel —
 * because answering it means matching the exceptions, and most exposures are not.
 */
export function graphFacts(g: AttackGraph, f: Finding, enabling: (f: Finding) => boolean): GraphFacts {
  const u = g.node.get(f.asset);
  if (u === undefined) return NO_GRAPH_FACTS;
  const facts = nodeFacts(g.analysis, u);
  const onward = g.onward[u]!;
  // A pivot: one of the asset's traversable edges toward a crown jewel admits one of this exposure's classes.
  const pivot = facts.reachable && onward !== 0 && enabling(f) && (exposureClassMask(f, g.rules.minSeverity) & onward) !== 0;
  return {
    reachable: facts.reachable,
    on_path: facts.onPath,
    path_length: facts.pathLength,
    paths_to_crown_jewels: facts.paths,
    choke_point: g.chokeRank[u]! > 0,
    pivot,
  };
}

export interface AttackPathStep {
  from: string;
  to: string;
  kinds: EdgeKind[];
}

export interface AttackPath {
  /** Asset ids from the entry point to the crown jewel. */
  assets: string[];
  steps: AttackPathStep[];
  /** The exposure's own asset, somewhere on the path. */
  through: string;
}

/**
 * The shortest entry → asset → crown-jewel path through an asset, or null when it is
 * on none. When the asset is itself the nearest crown jewel, the path goes on to the
 * nearest further crown jewel it leads to, if any: the picture then shows where an
 * attacker goes next.
 */
export function attackPathThrough(g: AttackGraph, assetId: string): AttackPath | null {
  const u = g.node.get(assetId);
  if (u === undefined) return null;
  const route = shortestRoute(g.analysis, u);
  if (route === undefined) return null;
  if (route[route.length - 1] === u) extendOnward(g, route);
  const steps: AttackPathStep[] = [];
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const kinds = [...new Set(g.out[a]!.filter((e) => e.to === b && e.traversable).map((e) => e.kind))].sort();
    steps.push({ from: g.assets[a]!, to: g.assets[b]!, kinds });
  }
  return { assets: route.map((x) => g.assets[x]!), steps, through: assetId };
}

export interface ChokePointView {
  rank: number;
  asset: string;
  /** Paths this fix cuts, given the fixes ranked before it (capped). */
  cuts: number;
  paths_before: number;
  paths_after: number;
  exhaustive: boolean;
}

export function chokePointViews(g: AttackGraph): ChokePointView[] {
  return g.analysis.chokePoints.map((c, i) => ({
    rank: i + 1,
    asset: g.assets[c.node]!,
    cuts: capCount(c.cuts),
    paths_before: capCount(c.before),
    paths_after: capCount(c.after),
    exhaustive: c.exhaustive,
  }));
}

/** Append the shortest continuation from the route's last asset to another crown jewel, without revisiting an asset. */
function extendOnward(g: AttackGraph, route: number[]): void {
  const { graph, backward } = g.analysis;
  const u = route[route.length - 1]!;
  let best = -1;
  for (let k = graph.out.offsets[u]!; k < graph.out.offsets[u + 1]!; k++) {
    const w = graph.out.targets[k]!;
    const d = backward.dist[w]!;
    if (d < 0 || route.includes(w)) continue;
    if (best === -1 || d < backward.dist[best]! || (d === backward.dist[best]! && w < best)) best = w;
  }
  if (best === -1) return;
  const tail: number[] = [];
  for (let w = best; w !== -1; w = backward.via[w]!) {
    if (route.includes(w) || tail.includes(w)) return;
    tail.push(w);
  }
  route.push(...tail);
}
