/**
 * Counting entry → crown-jewel paths on the graph of zones (zones.ts).
 *
 * What is counted: paths in the zone graph that start in a zone holding an entry
 * point and end in a zone holding a crown jewel (a zone holding both counts a path
 * of no hops). When the attack graph has no cycles every zone is one asset, and this
 * is exactly the number of simple entry → crown-jewel paths between assets; with
 * cycles, assets that reach each other count as one step (docs/validation.md).
 *
 * Dynamic programming over the zone DAG in topological order: `fromEntries[z]` paths
 * from an entry zone end in z, `toTargets[z]` paths from z end in a target zone; the
 * paths through z are their product. O(n + m): each edge is looked at once per
 * direction. Counts saturate at PATH_SATURATION, so a dense graph (whose path count
 * grows exponentially) yields a large number, never Infinity or NaN. Pure.
 */
import type { Digraph } from './csr.ts';
import type { Zones } from './zones.ts';

/** Internal ceiling of every count (products of two counts stay finite). */
export const PATH_SATURATION = 1e150;
/** The largest path count reported in decisions and output; larger counts are reported as this. */
export const PATH_COUNT_CAP = 1_000_000;

export const addSat = (a: number, b: number): number => Math.min(a + b, PATH_SATURATION);
export const mulSat = (a: number, b: number): number => Math.min(a * b, PATH_SATURATION);
export const capCount = (x: number): number => Math.min(Math.round(x), PATH_COUNT_CAP);

export interface ZonePaths {
  entryZone: Uint8Array;
  targetZone: Uint8Array;
  fromEntries: Float64Array;
  toTargets: Float64Array;
  /** Every entry → crown-jewel path. */
  total: number;
}

export function countZonePaths(g: Digraph, zones: Zones, isEntry: Uint8Array, isTarget: Uint8Array): ZonePaths {
  const { count, of, start, members } = zones;
  const entryZone = new Uint8Array(count);
  const targetZone = new Uint8Array(count);
  for (let u = 0; u < of.length; u++) {
    if (isEntry[u] === 1) entryZone[of[u]!] = 1;
    if (isTarget[u] === 1) targetZone[of[u]!] = 1;
  }
  const seen = new Int32Array(count).fill(-1);
  // Predecessor zones have higher ids: walk from the highest id down.
  const fromEntries = new Float64Array(count);
  for (let z = count - 1; z >= 0; z--) {
    let f = entryZone[z]!;
    for (let i = start[z]!; i < start[z + 1]!; i++) {
      const u = members[i]!;
      for (let k = g.in.offsets[u]!; k < g.in.offsets[u + 1]!; k++) {
        const p = of[g.in.targets[k]!]!;
        if (p === z || seen[p] === z) continue;
        seen[p] = z;
        f = addSat(f, fromEntries[p]!);
      }
    }
    fromEntries[z] = f;
  }
  seen.fill(-1);
  const toTargets = new Float64Array(count);
  let total = 0;
  for (let z = 0; z < count; z++) {
    let b = targetZone[z]!;
    for (let i = start[z]!; i < start[z + 1]!; i++) {
      const u = members[i]!;
      for (let k = g.out.offsets[u]!; k < g.out.offsets[u + 1]!; k++) {
        const s = of[g.out.targets[k]!]!;
        if (s === z || seen[s] === z) continue;
        seen[s] = z;
        b = addSat(b, toTargets[s]!);
      }
    }
    toTargets[z] = b;
    if (entryZone[z] === 1) total = addSat(total, b);
  }
  return { entryZone, targetZone, fromEntries, toTargets, total };
}

/** Entry → crown-jewel paths through zone z (ending in it, starting in it, or passing it). */
export const pathsThroughZone = (p: ZonePaths, z: number): number => mulSat(p.fromEntries[z]!, p.toTargets[z]!);
