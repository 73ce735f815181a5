/**
 * The attack graph, two ways: the validation engine's own benchmark
 * (`runAttackGraphBench`: a uniform random graph, its worst case) at the size
 * asked for, and the same analysis on the estate's generated graph
 * (graph/edges.ndjson: layered, with hubs), every edge traversable, entry
 * points the internet-facing assets, targets the crown jewels. Reports
 * `{ available: false }` when the validation engine is not there.
 *
 *   node --import tsx bench/stages/attack-graph.ts ESTATE_DIR NODES EDGES
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { report } from '../child.ts';

const [dir, nodes, edges] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];

async function optionalImport<T>(path: string): Promise<T | undefined> {
  try {
    return (await import(path)) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

interface BenchModule {
  runAttackGraphBench(o: { assets?: number; edges?: number; print?: boolean }): { seconds: number; traversableEdges: number; reachable: number; onPath: number; zones: number };
}
interface AnalyseModule {
  analyseGraph(input: { n: number; from: Int32Array; to: Int32Array; entries: Int32Array; targets: Int32Array }, o: { chokePoints: number }): unknown;
}

const bench = await optionalImport<BenchModule>('../attack-graph.ts');
if (bench === undefined) {
  report({ available: false });
} else {
  const random = bench.runAttackGraphBench({ assets: nodes, edges, print: false });
  let estate: { nodes: number; edges: number; seconds: number } | { error: string } | undefined;
  const analyse = await optionalImport<AnalyseModule>('../../engine/validate/analyse.ts');
  if (analyse !== undefined) {
    try {
      estate = await estateGraph(analyse);
    } catch (err) {
      estate = { error: (err as Error).message };
    }
  }
  report({ available: true, random, estate });
}

/** The estate's graph: edges file → integer ids → analyseGraph. Reading is not timed. */
async function estateGraph(analyse: AnalyseModule): Promise<{ nodes: number; edges: number; seconds: number }> {
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) ids.set(s, (i = ids.size));
    return i;
  };
  const from: number[] = [];
  const to: number[] = [];
  const rl = createInterface({ input: createReadStream(join(dir, 'graph', 'edges.ndjson'), 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line === '') continue;
    const e = JSON.parse(line) as { from: string; to: string };
    from.push(id(e.from));
    to.push(id(e.to));
  }
  // Entry points and crown jewels from the inventory: internet-facing assets, and the crown-jewel scopes' tags.
  const entries: number[] = [];
  const targets: number[] = [];
  const inventory = await readInventoryFacts(dir);
  for (const [asset, facts] of inventory) {
    const i = ids.get(asset);
    if (i === undefined) continue;
    if (facts.internet) entries.push(i);
    if (facts.crownJewel) targets.push(i);
  }
  const t0 = process.hrtime.bigint();
  analyse.analyseGraph(
    { n: ids.size, from: Int32Array.from(from), to: Int32Array.from(to), entries: Int32Array.from(entries.length ? entries : [0]), targets: Int32Array.from(targets.length ? targets : [0]) },
    { chokePoints: 5 },
  );
  return { nodes: ids.size, edges: from.length, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** Per asset id: internet-facing? in a crown-jewel business unit (ledger, identity) or PCI? (Generated files: CSV, and YAML.) */
async function readInventoryFacts(root: string): Promise<Map<string, { internet: boolean; crownJewel: boolean }>> {
  const out = new Map<string, { internet: boolean; crownJewel: boolean }>();
  const crown = (tags: string) => /\b(bu-ledger|bu-identity|pci)\b/.test(tags);
  for (const f of (await readdir(join(root, 'inventory'))).sort()) {
    const lines = (await readFile(join(root, 'inventory', f), 'utf8')).split('\n');
    if (f.endsWith('.csv')) {
      const head = lines[0]!.split(',');
      const [id, tags, exposure] = ['id', 'tags', 'exposure'].map((c) => head.indexOf(c));
      for (const line of lines.slice(1)) {
        if (line === '') continue;
        const cells = line.split(',');
        out.set(cells[id!]!, { internet: cells[exposure!] === 'internet', crownJewel: crown(cells[tags!] ?? '') });
      }
      continue;
    }
    let current: string | undefined;
    for (const line of lines) {
      const m = /^ {2}- id: (\S+)/.exec(line);
      if (m) {
        current = m[1]!;
        out.set(current, { internet: false, crownJewel: false });
        continue;
      }
      if (current === undefined) continue;
      const facts = out.get(current)!;
      if (line.startsWith('    exposure: internet')) facts.internet = true;
      if (line.startsWith('    tags:') && crown(line)) facts.crownJewel = true;
    }
  }
  return out;
}
