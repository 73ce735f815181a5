/**
 * Reachability in linear time: one breadth-first search from all entry points at
 * once (forward), one from all crown jewels at once over reversed edges (backward).
 * A node is on an attack path when both reach it. Each node is visited once and each
 * edge looked at once per search, so cycles cannot make it loop. Pure.
 */
import type { Csr } from './csr.ts';

export interface BfsResult {
  /** Hops from the nearest source, or -1 when no source reaches the node. */
  dist: Int32Array;
  /**
   * The node one hop nearer a source on a shortest route (the first one found), or
   * -1 for sources and unreached nodes. In a backward search this is the next hop
   * towards the nearest target.
   */
  via: Int32Array;
}

export function multiSourceBfs(g: Csr, sources: Int32Array): BfsResult {
  const dist = new Int32Array(g.n).fill(-1);
  const via = new Int32Array(g.n).fill(-1);
  const queue = new Int32Array(g.n);
  let tail = 0;
  for (const s of sources) {
    if (dist[s] === -1) {
      dist[s] = 0;
      queue[tail++] = s;
    }
  }
  for (let head = 0; head < tail; head++) {
    const u = queue[head]!;
    const d = dist[u]! + 1;
    for (let k = g.offsets[u]!, end = g.offsets[u + 1]!; k < end; k++) {
      const v = g.targets[k]!;
      if (dist[v] === -1) {
        dist[v] = d;
        via[v] = u;
        queue[tail++] = v;
      }
    }
  }
  return { dist, via };
}

/**
 * A shortest route from an entry point through `node` to a crown jewel, as node ids,
 * or undefined when the node is on no attack path. Built from the two searches'
 * `via` links: the entry half then the crown-jewel half. The two halves are each
 * shortest, so the route is a shortest walk through the node; it can pass one asset
 * twice only when that asset and `node` reach each other (docs/validation.md).
 */
export function routeThrough(node: number, forward: BfsResult, backward: BfsResult): number[] | undefined {
  if (forward.dist[node] === -1 || backward.dist[node] === -1) return undefined;
  const head: number[] = [];
  for (let u = node; u !== -1; u = forward.via[u]!) head.push(u);
  head.reverse();
  for (let u = backward.via[node]!; u !== -1; u = backward.via[u]!) head.push(u);
  return head;
}
