/**
 * A directed graph in compressed sparse row form: node ids are 0..n-1, the
 * successors of node u are `targets[offsets[u] .. offsets[u+1])`. Typed arrays and
 * no per-node objects, so 100,000 assets and 1,000,000 edges fit in a few MB and every
 * traversal is a tight loop. Built once per analysis in O(n + m). Pure.
 */

export interface Csr {
  readonly n: number;
  /** n + 1 entries; `offsets[n]` is the number of edges. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/**
 * The graph of the edges `from[i] → to[i]` (i < count) whose source is not `cut`.
 * `reverse` builds the transposed graph (predecessor lists) instead.
 */
export function buildCsr(
  n: number,
  from: Int32Array,
  to: Int32Array,
  options: { reverse?: boolean; cut?: Uint8Array; count?: number } = {},
): Csr {
  const count = options.count ?? from.length;
  const cut = options.cut;
  const src = options.reverse ? to : from;
  const dst = options.reverse ? from : to;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < count; i++) {
    if (cut !== undefined && cut[from[i]!] === 1) continue;
    offsets[src[i]! + 1]!++;
  }
  for (let u = 0; u < n; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]!);
  for (let i = 0; i < count; i++) {
    if (cut !== undefined && cut[from[i]!] === 1) continue;
    targets[fill[src[i]!]!++] = dst[i]!;
  }
  return { n, offsets, targets };
}

/** Both directions at once: what every analysis needs. */
export interface Digraph {
  readonly out: Csr;
  readonly in: Csr;
}

export function buildDigraph(n: number, from: Int32Array, to: Int32Array, cut?: Uint8Array): Digraph {
  return { out: buildCsr(n, from, to, { cut }), in: buildCsr(n, from, to, { cut, reverse: true }) };
}
