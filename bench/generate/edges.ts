/**
 * Reachability between assets for the attack graph: who can reach whom, and how
 * (network, trust, credentials, deploys-to, reads-from — the kinds of a scope's
 * `edges`). Layered like a real network: internet-facing assets reach services,
 * services reach hosts and data, build infrastructure deploys everywhere; a few
 * hubs (bastions, CI runners, identity) have very many edges.
 *
 * The graph has twice as many nodes as the inventory has assets (the estate's
 * assets plus as many internal nodes: workloads, identities, subnets), so the
 * full-size graph is 100,000 nodes and 1,000,000 edges. Lines of NDJSON:
 * `{"from":"…","to":"…","kind":"network"}`.
 */
import type { GenAsset } from './assets.ts';
import type { Rng } from './prng.ts';

const KINDS = ['network', 'trust', 'credentials', 'deploys-to', 'reads-from'] as const;

export function* edgeLines(rng: Rng, assets: readonly GenAsset[], count: number): Generator<string> {
  const nodes = assets.map((a) => a.id);
  const extra = assets.length;
  for (let i = 0; i < extra; i++) nodes.push(`node-${String(i + 1).padStart(6, '0')}`);
  const entry = assets.filter((a) => a.exposure === 'internet').map((a) => a.id);
  const hubs = nodes.filter((_, i) => i % 997 === 0);
  const seen = new Set<string>();
  let made = 0;
  let guard = 0;
  while (made < count && guard < count * 4) {
    guard++;
    const x = rng.next();
    let from: string;
    let to: string;
    if (x < 0.05 && entry.length > 0) {
      from = rng.pick(entry);
      to = nodes[rng.int(0, nodes.length - 1)]!;
    } else if (x < 0.15) {
      from = rng.pick(hubs);
      to = nodes[rng.int(0, nodes.length - 1)]!;
    } else {
      // Mostly local: neighbours in the inventory share a business unit's network.
      const i = rng.zipf(nodes.length, 0.5);
      from = nodes[i]!;
      to = nodes[(i + rng.int(1, 400)) % nodes.length]!;
    }
    if (from === to) continue;
    const kind = KINDS[rng.weighted([60, 12, 10, 8, 10])]!;
    const key = `${from}\u0000${to}\u0000${kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    made++;
    yield JSON.stringify({ from, to, kind });
  }
}
