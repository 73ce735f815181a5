/**
 * The attack graph of an estate: one node per inventory asset (ids assigned in sorted
 * asset-id order, so results never depend on input order), the edges the scopes
 * declare, entry points (internet-facing or declared) and targets (crown jewels).
 * An edge is traversable when its source asset has an enabling exposure of a class
 * its kind admits (traversal.ts). Edges naming unknown assets are skipped here and
 * reported by check-config.ts. Pure.
 */
import type { Located } from '../config/load.ts';
import type { ScopeConfig } from '../config/schema/scope.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { Finding } from '../model/finding.ts';
import type { Scope } from '../scope/match-scopes.ts';
import { analyseGraph, type GraphAnalysis } from './analyse.ts';
import { exposureClassMask, type EdgeKind, type TraversalRules } from './traversal.ts';

export interface GraphEdge {
  from: number;
  to: number;
  kind: EdgeKind;
  traversable: boolean;
  /** The scope file that declares it. */
  file: string;
}

export interface AttackGraphInput {
  assets: readonly InventoryAsset[];
  scopes: readonly Located<ScopeConfig>[];
  primaryScope: ReadonlyMap<string, Scope>;
  exposures: readonly Finding[];
  /** Whether an exposure can open edges at all (false when fixed, not affected, a false positive, shown not exploitable...). */
  enabling: (f: Finding) => boolean;
  rules: TraversalRules;
}

export interface AttackGraph {
  /** Asset id of each node. */
  assets: string[];
  node: ReadonlyMap<string, number>;
  edges: GraphEdge[];
  /** Declared edges leaving each node. */
  out: GraphEdge[][];
  /** Exposure classes (bit mask) each node's enabling exposures have. */
  capability: Int32Array;
  rules: TraversalRules;
  analysis: GraphAnalysis;
  /** Choke-point rank (1 = first) of each node, 0 when it is not one. */
  chokeRank: Int32Array;
  /**
   * Exposure classes (bit mask) the traversable edges from each node toward a crown jewel admit, together:
   * an exposure on the node whose classes meet them is a pivot (graph-facts.ts).
   */
  onward: Int32Array;
}

export function isInternetFacing(asset: InventoryAsset | undefined, scope: Scope | undefined): boolean {
  return (asset?.exposure ?? scope?.exposure) === 'internet';
}

export function buildAttackGraph(input: AttackGraphInput): AttackGraph {
  const assets = [...new Set(input.assets.map((a) => a.id))].sort();
  const node = new Map(assets.map((id, i) => [id, i]));
  const n = assets.length;

  const capability = new Int32Array(n);
  for (const f of input.exposures) {
    const u = node.get(f.asset);
    if (u === undefined) continue;
    const mask = exposureClassMask(f, input.rules.minSeverity);
    // Whether it may open edges means matching the exceptions: asked only when it would add a class the asset lacks.
    if ((mask & ~capability[u]!) === 0 || !input.enabling(f)) continue;
    capability[u]! |= mask;
  }

  const edges: GraphEdge[] = [];
  const declaredEntries = new Set<string>();
  for (const s of input.scopes) {
    for (const e of s.value.edges ?? []) {
      const from = node.get(e.from);
      const to = node.get(e.to);
      if (from === undefined || to === undefined || from === to) continue;
      edges.push({ from, to, kind: e.kind, traversable: (capability[from]! & input.rules.admits[e.kind]) !== 0, file: s.file });
    }
    for (const id of s.value.entry_points ?? []) declaredEntries.add(id);
  }
  const out: GraphEdge[][] = Array.from({ length: n }, () => []);
  for (const e of edges) out[e.from]!.push(e);

  const byId = new Map(input.assets.map((a) => [a.id, a]));
  const entries: number[] = [];
  const targets: number[] = [];
  assets.forEach((id, u) => {
    const scope = input.primaryScope.get(id);
    if (isInternetFacing(byId.get(id), scope) || declaredEntries.has(id)) entries.push(u);
    if (scope?.crownJewel === true) targets.push(u);
  });

  const traversable = edges.filter((e) => e.traversable);
  const analysis = analyseGraph(
    {
      n,
      from: Int32Array.from(traversable, (e) => e.from),
      to: Int32Array.from(traversable, (e) => e.to),
      entries: Int32Array.from(entries),
      targets: Int32Array.from(targets),
    },
    { chokePoints: input.rules.chokePoints },
  );
  const chokeRank = new Int32Array(n);
  analysis.chokePoints.forEach((c, i) => (chokeRank[c.node] = i + 1));
  const onward = new Int32Array(n);
  for (const e of traversable) if (analysis.backward.dist[e.to]! >= 0) onward[e.from]! |= input.rules.admits[e.kind];
  return { assets, node, edges, out, capability, rules: input.rules, analysis, chokeRank, onward };
}
