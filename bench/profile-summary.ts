/**
 * The hottest functions of a V8 CPU profile (`node --cpu-prof`), by self time and
 * by inclusive time, so `npm run bench -- --profile` can say where a run spends
 * its time without opening DevTools.
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

export async function summariseProfile(file: string, top = 25, root = process.cwd(), names: readonly string[] = []): Promise<{ totalMs: number; functions: HotFunction[]; named: HotFunction[] }> {
  const p = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const key = (n: ProfileNode) => {
    const url = n.callFrame.url.startsWith('file://') ? relative(root, new URL(n.callFrame.url).pathname) : n.callFrame.url;
    return `${n.callFrame.functionName || '(anonymous)'}\u0000${url}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  for (const [id, us] of selfUs) {
    all += us;
    const n = byId.get(id)!;
    self.set(key(n), (self.get(key(n)) ?? 0) + us);
    // Inclusive time: count each function once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const functions = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => {
      const [name, where] = k.split('\u0000') as [string, string];
      return { name, where, selfMs: us / 1000, totalMs: (total.get(k) ?? us) / 1000 };
    });
  // Inclusive time of chosen functions (by name), for a stage-by-stage view.
  const named = names.map((name) => {
    let selfMs = 0;
    let totalMs = 0;
    for (const [k, us] of total) if (k.startsWith(`${name}\u0000`)) totalMs += us / 1000;
    for (const [k, us] of self) if (k.startsWith(`${name}\u0000`)) selfMs += us / 1000;
    return { name, where: '', selfMs, totalMs };
  });
  return { totalMs: all / 1000, functions, named };
}

export function formatHot(h: { totalMs: number; functions: HotFunction[] }): string[] {
  const pct = (ms: number) => `${((ms / h.totalMs) * 100).toFixed(1).padStart(5)}%`;
  return h.functions.map((f) => `${pct(f.selfMs)} self ${pct(f.totalMs)} total  ${f.name}  ${f.where}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: bench/profile-summary.ts FILE.cpuprofile [--top N]');
  const i = process.argv.indexOf('--top');
  const j = process.argv.indexOf('--names');
  const names = j > 0 ? process.argv[j + 1]!.split(',') : [];
  const h = await summariseProfile(file, i > 0 ? Number(process.argv[i + 1]) : 25, process.cwd(), names);
  console.log(`${h.totalMs.toFixed(0)} ms sampled`);
  for (const l of formatHot(h)) console.log(l);
  for (const n of h.named) console.log(`${n.totalMs.toFixed(0).padStart(8)} ms total  ${n.name}`);
}
