/**
 * Choke points: the assets whose fix cuts the most entry → crown-jewel paths.
 *
 * Fixing an asset means an attacker who reaches it can no longer move on from it: its
 * outgoing edges stop being traversable (the asset itself stays reachable, so paths
 * that end at it are not cut). The objective is the number of paths counted by
 * paths.ts; the method is greedy — pick the asset whose fix cuts the most remaining
 * paths, remove its outgoing edges, recount, repeat — and it is exact for one pick:
 *
 *  - an asset alone in its zone (no cycle through it) cuts exactly the paths that pass
 *    it without ending there: fromEntries × (toTargets − 1 if it is a crown jewel);
 *  - an asset in a larger zone may split the zone, so its effect is computed exactly
 *    by re-deriving that zone's sub-zones and counts locally, in time proportional to
 *    the edges touching the zone: all its members cost members × edges. Zones are
 *    evaluated whole, cheapest first, while that fits a budget of CHOKE_EXACT_BUDGET
 *    edge visits per pick; the members of zones past it are not candidates for that
 *    pick (`exhaustive: false` says so). In a mesh that large, one asset's fix rarely
 *    cuts anything: there is another way round.
 *
 * On an acyclic graph, paths are fixed sets of assets and cutting is coverage, so the
 * greedy set of size k cuts at least (1 − 1/e) ≈ 63% of what the best set of size k
 * cuts; with cycles there is no such bound (docs/validation.md). Pure.
 */
import { buildDigraph, type Digraph } from './csr.ts';
import { countZonePaths, mulSat, type ZonePaths } from './paths.ts';
import { stronglyConnected, type Zones } from './zones.ts';

export const CHOKE_EXACT_BUDGET = 4_000_000;

export interface ChokePoint {
  node: number;
  /** Paths this fix cuts, given the fixes ranked before it. */
  cuts: number;
  /** Entry → crown-jewel paths before and after this fix (and the ones before it). */
  before: number;
  after: number;
  /** Every candidate was evaluated exactly for this pick. */
  exhaustive: boolean;
}

export interface ChokeOptions {
  /** How many to rank. */
  k: number;
  budget?: number;
}

export function greedyChokePoints(
  n: number,
  from: Int32Array,
  to: Int32Array,
  isEntry: Uint8Array,
  isTarget: Uint8Array,
  options: ChokeOptions,
): ChokePoint[] {
  const cut = new Uint8Array(n);
  const picks: ChokePoint[] = [];
  const budget = options.budget ?? CHOKE_EXACT_BUDGET;
  const scratch = new LocalScratch(n);
  for (let round = 0; round < options.k; round++) {
    const g = buildDigraph(n, from, to, cut);
    const zones = stronglyConnected(g.out);
    const paths = countZonePaths(g, zones, isEntry, isTarget);
    if (paths.total <= 0) break;
    const gains = evaluateCandidates(g, zones, paths, isEntry, isTarget, budget, scratch);
    let best = -1;
    let bestGain = 0;
    for (let u = 0; u < n; u++) {
      const gain = gains.gain[u]!;
      if (gain > bestGain) {
        best = u;
        bestGain = gain;
      }
    }
    if (best === -1) break;
    cut[best] = 1;
    picks.push({ node: best, cuts: bestGain, before: paths.total, after: Math.max(0, paths.total - bestGain), exhaustive: gains.exhaustive });
  }
  return picks;
}

/** The paths each asset's fix would cut now (NaN for assets not evaluated). */
export function evaluateCandidates(
  g: Digraph,
  zones: Zones,
  paths: ZonePaths,
  isEntry: Uint8Array,
  isTarget: Uint8Array,
  budget: number,
  scratch: LocalScratch = new LocalScratch(g.out.n),
): { gain: Float64Array; exhaustive: boolean } {
  const n = g.out.n;
  const gain = new Float64Array(n).fill(NaN);
  const big: number[] = [];
  for (let z = 0; z < zones.count; z++) {
    const size = zones.start[z + 1]! - zones.start[z]!;
    if (size > 1) {
      big.push(z);
      continue;
    }
    const u = zones.members[zones.start[z]!]!;
    if (g.out.offsets[u + 1]! === g.out.offsets[u]!) continue;
    gain[u] = mulSat(paths.fromEntries[z]!, paths.toTargets[z]! - paths.targetZone[z]!);
  }
  const volume = (z: number) => {
    let v = 0;
    for (let i = zones.start[z]!; i < zones.start[z + 1]!; i++) {
      const u = zones.members[i]!;
      v += 1 + g.out.offsets[u + 1]! - g.out.offsets[u]! + g.in.offsets[u + 1]! - g.in.offsets[u]!;
    }
    return v;
  };
  // Nothing through a zone: no member's fix can cut anything, nothing to evaluate.
  const costs = new Map<number, number>();
  for (const z of big) {
    if (mulSat(paths.fromEntries[z]!, paths.toTargets[z]!) > 0) costs.set(z, (zones.start[z + 1]! - zones.start[z]!) * volume(z));
  }
  const order = [...costs.keys()].sort((a, b) => costs.get(a)! - costs.get(b)! || a - b);
  let spent = 0;
  let exhaustive = true;
  for (const z of order) {
    const cost = costs.get(z)!;
    if (spent + cost > budget) {
      exhaustive = false;
      break;
    }
    spent += cost;
    const through = mulSat(paths.fromEntries[z]!, paths.toTargets[z]!);
    for (let i = zones.start[z]!; i < zones.start[z + 1]!; i++) {
      const v = zones.members[i]!;
      gain[v] = through - pathsThroughSplitZone(g, zones, paths, z, v, isEntry, isTarget, scratch);
    }
  }
  return { gain, exhaustive };
}

/** Reusable buffers for the local recount, sized to the whole graph once. */
export class LocalScratch {
  readonly local: Int32Array;
  readonly zoneMark: Int32Array;
  mark = 0;
  constructor(n: number) {
    this.local = new Int32Array(n).fill(-1);
    this.zoneMark = new Int32Array(n).fill(-1);
  }
}

/**
 * Paths touching zone `z`'s assets once `v`'s outgoing edges are gone. Only zone z
 * changes (it may split into sub-zones); counts of the zones before and after it
 * stay valid, because no path can leave z's assets and come back to them.
 */
function pathsThroughSplitZone(
  g: Digraph,
  zones: Zones,
  paths: ZonePaths,
  z: number,
  v: number,
  isEntry: Uint8Array,
  isTarget: Uint8Array,
  s: LocalScratch,
): number {
  const base = zones.start[z]!;
  const size = zones.start[z + 1]! - base;
  for (let i = 0; i < size; i++) s.local[zones.members[base + i]!] = i;

  // The zone's own edges, without v's, as a small CSR.
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const u = zones.members[base + i]!;
    if (u === v) continue;
    for (let k = g.out.offsets[u]!; k < g.out.offsets[u + 1]!; k++) if (zones.of[g.out.targets[k]!] === z) offsets[i + 1]!++;
  }
  for (let i = 0; i < size; i++) offsets[i + 1]! += offsets[i]!;
  const targets = new Int32Array(offsets[size]!);
  const fill = offsets.slice(0, size);
  for (let i = 0; i < size; i++) {
    const u = zones.members[base + i]!;
    if (u === v) continue;
    for (let k = g.out.offsets[u]!; k < g.out.offsets[u + 1]!; k++) {
      const w = g.out.targets[k]!;
      if (zones.of[w] === z) targets[fill[i]!++] = s.local[w]!;
    }
  }
  const local = { n: size, offsets, targets };
  const sub = stronglyConnected(local);

  // A path touching the zone is counted once, at the sub-zone where it first touches
  // it: it starts there (an entry point) or arrives from a zone outside. From there,
  // `onward` counts its continuations, inside the zone or out of it.
  const starts = new Float64Array(sub.count);
  const onward = new Float64Array(sub.count);
  const localSeen = new Int32Array(sub.count).fill(-1);
  for (let c = sub.count - 1; c >= 0; c--) {
    const mark = ++s.mark;
    let ext = 0;
    let entry = 0;
    for (let i = sub.start[c]!; i < sub.start[c + 1]!; i++) {
      const u = zones.members[base + sub.members[i]!]!;
      if (isEntry[u] === 1) entry = 1;
      for (let k = g.in.offsets[u]!; k < g.in.offsets[u + 1]!; k++) {
        const p = zones.of[g.in.targets[k]!]!;
        if (p === z || s.zoneMark[p] === mark) continue;
        s.zoneMark[p] = mark;
        ext = Math.min(ext + paths.fromEntries[p]!, 1e150);
      }
    }
    starts[c] = ext + entry;
  }
  let total = 0;
  for (let c = 0; c < sub.count; c++) {
    const mark = ++s.mark;
    let b = 0;
    for (let i = sub.start[c]!; i < sub.start[c + 1]!; i++) {
      const li = sub.members[i]!;
      const u = zones.members[base + li]!;
      if (isTarget[u] === 1) b = 1;
    }
    for (let i = sub.start[c]!; i < sub.start[c + 1]!; i++) {
      const li = sub.members[i]!;
      const u = zones.members[base + li]!;
      if (u === v) continue;
      for (let k = g.out.offsets[u]!; k < g.out.offsets[u + 1]!; k++) {
        const w = g.out.targets[k]!;
        const q = zones.of[w]!;
        if (q === z) {
          const t = sub.of[s.local[w]!]!;
          if (t === c || localSeen[t] === c) continue;
          localSeen[t] = c;
          b = Math.min(b + onward[t]!, 1e150);
        } else if (s.zoneMark[q] !== mark) {
          s.zoneMark[q] = mark;
          b = Math.min(b + paths.toTargets[q]!, 1e150);
        }
      }
    }
    onward[c] = b;
    total = Math.min(total + mulSat(starts[c]!, b), 1e150);
  }
  for (let i = 0; i < size; i++) s.local[zones.members[base + i]!] = -1;
  return total;
}
