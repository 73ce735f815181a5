/**
 * Attack-graph benchmark: reachability, zones, path counts and ranked choke points
 * (engine/validate/analyse.ts) on a deterministic random estate.
 *
 *   npx tsx bench/attack-graph.ts [--assets N] [--edges M] [--seed S] [--choke-points K]
 *
 * The graph: N assets, M edges whose endpoints are drawn uniformly (self-loops and
 * duplicates included, as hand-written configuration can have them), each with one of
 * the five edge kinds; 1% of assets are entry points, 1% crown jewels; 60% of assets
 * have an exposure that makes their outgoing edges of some kinds traversable. With
 * ten edges per asset this is one giant zone (every asset reaches every other), the
 * worst case for path counting and for exact choke-point evaluation. Generation is
 * not timed; deciding which edges are traversable is.
 */
import { pathToFileURL } from 'node:url';
import { analyseGraph } from '../engine/validate/analyse.ts';
import { mulberry32 } from '../tools/prng.ts';

export interface AttackGraphBenchOptions {
  assets?: number;
  edges?: number;
  seed?: number;
  chokePoints?: number;
  /** Print the figures (default true from the command line, false when called). */
  print?: boolean;
}

export interface AttackGraphBenchResult {
  assets: number;
  edges: number;
  traversableEdges: number;
  entries: number;
  targets: number;
  /** Wall-clock seconds for traversability + reachability + zones + path counts + choke points. */
  seconds: number;
  reachable: number;
  onPath: number;
  zones: number;
  largestZone: number;
  chokePoints: { node: number; cuts: number; exhaustive: boolean }[];
}

const prng = mulberry32;

const KINDS = 5;

export function runAttackGraphBench(options: AttackGraphBenchOptions = {}): AttackGraphBenchResult {
  const n = options.assets ?? 100_000;
  const m = options.edges ?? 1_000_000;
  const r = prng(options.seed ?? 1);
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const kind = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    from[i] = Math.floor(r() * n);
    to[i] = Math.floor(r() * n);
    kind[i] = Math.floor(r() * KINDS);
  }
  // Per asset, a bit per edge kind its exposures make traversable.
  const admits = new Uint8Array(n);
  for (let u = 0; u < n; u++) if (r() < 0.6) admits[u] = 1 + Math.floor(r() * ((1 << KINDS) - 1));
  const pick = (share: number) => {
    const out: number[] = [];
    for (let u = 0; u < n; u++) if (r() < share) out.push(u);
    return Int32Array.from(out.length ? out : [0]);
  };
  const entries = pick(0.01);
  const targets = pick(0.01);

  const t0 = process.hrtime.bigint();
  let kept = 0;
  const tf = new Int32Array(m);
  const tt = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    if ((admits[from[i]!]! >> kind[i]!) & 1) {
      tf[kept] = from[i]!;
      tt[kept++] = to[i]!;
    }
  }
  const a = analyseGraph({ n, from: tf.subarray(0, kept), to: tt.subarray(0, kept), entries, targets }, { chokePoints: options.chokePoints ?? 5 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

  let reachable = 0;
  let onPath = 0;
  for (let u = 0; u < n; u++) {
    if (a.forward.dist[u]! >= 0) {
      reachable++;
      if (a.backward.dist[u]! >= 0) onPath++;
    }
  }
  let largestZone = 0;
  for (let z = 0; z < a.zones.count; z++) largestZone = Math.max(largestZone, a.zones.start[z + 1]! - a.zones.start[z]!);
  const result: AttackGraphBenchResult = {
    assets: n,
    edges: m,
    traversableEdges: kept,
    entries: entries.length,
    targets: targets.length,
    seconds,
    reachable,
    onPath,
    zones: a.zones.count,
    largestZone,
    chokePoints: a.chokePoints.map((c) => ({ node: c.node, cuts: c.cuts, exhaustive: c.exhaustive })),
  };
  if (options.print) {
    console.log(`attack graph: ${n.toLocaleString('en')} assets, ${m.toLocaleString('en')} edges (${kept.toLocaleString('en')} traversable), ${entries.length} entry points, ${targets.length} crown jewels`);
    console.log(`  reachable ${reachable.toLocaleString('en')}, on an attack path ${onPath.toLocaleString('en')}; ${a.zones.count.toLocaleString('en')} zones, largest ${largestZone.toLocaleString('en')}`);
    console.log(`  choke points: ${result.chokePoints.map((c) => `#${c.node} cuts ${c.cuts.toPrecision(3)}${c.exhaustive ? '' : ' (not exhaustive)'}`).join('; ') || 'none'}`);
    console.log(`  reachability + zones + path counts + ${options.chokePoints ?? 5} choke points: ${seconds.toFixed(2)} s`);
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  runAttackGraphBench({ assets: arg('assets'), edges: arg('edges'), seed: arg('seed'), chokePoints: arg('choke-points'), print: true });
}
