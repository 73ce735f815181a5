/**
 * Zones: the strongly connected components of the attack graph — sets of assets
 * that can all reach each other (a flat network segment, two services that call each
 * other). Path counting works on the graph of zones, which has no cycles, so a cyclic
 * estate can never make it loop or explode. Tarjan's algorithm, iterative (no
 * recursion, so a 100,000-asset chain cannot overflow the stack), O(n + m). Pure.
 */
import type { Csr } from './csr.ts';

export interface Zones {
  /** Zone id of each node. Ids are in reverse topological order: an edge between two zones always goes from a higher id to a lower one. */
  readonly of: Int32Array;
  readonly count: number;
  /** Members of zone z: `members[start[z] .. start[z+1])`. */
  readonly start: Int32Array;
  readonly members: Int32Array;
}

export function stronglyConnected(g: Csr): Zones {
  const { n, offsets, targets } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const call = new Int32Array(n);
  const next = new Int32Array(n);
  const of = new Int32Array(n).fill(-1);
  let sp = 0;
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let cp = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    call[cp++] = root;
    next[root] = offsets[root]!;
    while (cp > 0) {
      const u = call[cp - 1]!;
      if (next[u]! < offsets[u + 1]!) {
        const v = targets[next[u]!++]!;
        if (index[v] === -1) {
          index[v] = low[v] = counter++;
          stack[sp++] = v;
          onStack[v] = 1;
          call[cp++] = v;
          next[v] = offsets[v]!;
        } else if (onStack[v] === 1 && index[v]! < low[u]!) {
          low[u] = index[v]!;
        }
        continue;
      }
      cp--;
      if (low[u] === index[u]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          of[w] = count;
        } while (w !== u);
        count++;
      }
      if (cp > 0) {
        const p = call[cp - 1]!;
        if (low[u]! < low[p]!) low[p] = low[u]!;
      }
    }
  }
  const start = new Int32Array(count + 1);
  for (let u = 0; u < n; u++) start[of[u]! + 1]!++;
  for (let z = 0; z < count; z++) start[z + 1]! += start[z]!;
  const fill = start.slice(0, count);
  const members = new Int32Array(n);
  for (let u = 0; u < n; u++) members[fill[of[u]!]!++] = u;
  return { of, count, start, members };
}

export const zoneSize = (z: Zones, zone: number): number => z.start[zone + 1]! - z.start[zone]!;
