/**
 * The decision ledger at scale: how long a run takes to record N exposures in Git,
 * how big the repository gets, and how fast one exposure's history comes back —
 * for the layout ctem uses and the alternatives it was chosen against.
 *
 *   npx tsx bench/ledger.ts [--sizes 10000,100000] [--layouts file,ndjson,loose] [--change 0.01]
 *
 * Layouts:
 *   file    ctem's ledger: one JSON file per exposure in 256 shard directories,
 *           written with `git fast-import` (the real code: planLedgerWrite + openLedger)
 *   ndjson  one NDJSON file per shard (256), written with `git fast-import`
 *   loose   one file per exposure, written as loose objects with `git hash-object -w`,
 *           `git mktree` and `git commit-tree` (the initial run only: it is the slow one)
 *
 * For each: the first run (N new exposures), a second run where a fraction of the
 * exposures changed priority, a few were closed and as many are new, the repository
 * size after each, the size after `git gc`, and `git log` of one exposure.
 * `runLedgerBench` returns the figures for `npm run bench` (10,000 exposures by default).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { canonicalJson } from '../engine/ledger/canonical-json.ts';
import { runGit } from '../engine/ledger/git-process.ts';
import { exposurePath } from '../engine/ledger/layout.ts';
import { openLedger } from '../engine/ledger/open-ledger.ts';
import { recordsOf, toLedgerRecord } from '../engine/ledger/record.ts';
import { commitMessage } from '../engine/ledger/run-record.ts';
import { planLedgerWrite } from '../engine/ledger/write-plan.ts';
import type { Decision } from '../engine/model/decision.ts';

export type Layout = 'file' | 'ndjson' | 'loose';

export interface LedgerBenchOptions {
  sizes?: number[];
  layouts?: Layout[];
  /** Fraction of exposures whose decision changes in the second run; as many again close and are new. */
  change?: number;
  print?: boolean;
}

export interface LayoutFigures {
  layout: Layout;
  exposures: number;
  firstRunSeconds: number;
  /** CPU seconds of ctem and the git processes it ran (user + system): what the run costs on an idle machine. */
  firstRunCpuSeconds: number;
  /** Repository size (loose objects + packs) after the first run, MB. */
  firstRunMb: number;
  secondRunSeconds?: number;
  secondRunCpuSeconds?: number;
  secondRunMb?: number;
  /** Files written in the second run. */
  secondRunFiles?: number;
  gcSeconds?: number;
  afterGcMb?: number;
  /** `git log` of one exposure plus reading its record at each commit. */
  historySeconds?: number;
}

const RUN1 = '2026-11-01T06:00:00.000Z';
const RUN2 = '2026-11-02T06:00:00.000Z';

export async function runLedgerBench(opts: LedgerBenchOptions = {}): Promise<LayoutFigures[]> {
  const sizes = opts.sizes ?? [10_000];
  const layouts = opts.layouts ?? ['file', 'ndjson'];
  const change = opts.change ?? 0.01;
  const out: LayoutFigures[] = [];
  for (const n of sizes) {
    for (const layout of layouts) {
      const dir = await mkdtemp(join(tmpdir(), `ctem-ledger-bench-${layout}-`));
      try {
        progress(`${layout} ${n.toLocaleString('en-US')} …`);
        const f = await benchLayout(layout, dir, n, change);
        out.push(f);
        if (opts.print !== false) printRow(f);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  return out;
}

async function benchLayout(layout: Layout, dir: string, n: number, change: number): Promise<LayoutFigures> {
  git(dir, ['init', '-q']);
  const first = Array.from({ length: n }, (_, i) => decision(i, 'P3'));
  // Second run: `change` of them move to P2, `change/2` close, as many new ones appear.
  const changed = Math.round(n * change);
  const moved = Math.round(n * change / 2);
  const second = first.slice(moved).map((d, i) => (i < changed ? { ...d, priority: 'P2' as const, sla_days: 30, due_date: '2026-12-01' } : d));
  for (let i = 0; i < moved; i++) second.push(decision(n + i, 'P3'));

  if (layout === 'loose') {
    const t = performance.now();
    const c = cpu();
    await writeLoose(dir, first);
    return { layout, exposures: n, firstRunSeconds: seconds(t), firstRunCpuSeconds: cpu() - c, firstRunMb: repoMb(dir) };
  }
  const write = layout === 'file' ? writeFileLayout : writeNdjsonLayout;
  let t = performance.now();
  let c = cpu();
  await write(dir, first, RUN1);
  const f: LayoutFigures = { layout, exposures: n, firstRunSeconds: seconds(t), firstRunCpuSeconds: cpu() - c, firstRunMb: repoMb(dir) };
  t = performance.now();
  c = cpu();
  f.secondRunFiles = await write(dir, second, RUN2);
  f.secondRunSeconds = seconds(t);
  f.secondRunCpuSeconds = cpu() - c;
  f.secondRunMb = repoMb(dir);
  t = performance.now();
  git(dir, ['gc', '-q']);
  f.gcSeconds = seconds(t);
  f.afterGcMb = repoMb(dir);
  t = performance.now();
  await history(dir, layout, second[0]!.fingerprint);
  f.historySeconds = seconds(t);
  return f;
}

/** The real ledger code, exactly as `ctem run --ledger` calls it. Returns the files written. */
async function writeFileLayout(dir: string, decisions: Decision[], runAt: string): Promise<number> {
  const ledger = await openLedger(dir, { kind: 'branch', branch: 'ctem-ledger', remote: 'origin' });
  const state = await ledger.state();
  const w = planLedgerWrite(state, recordsOf(decisions), runMeta(runAt), (c) => ledger.blobId(c));
  await ledger.write(w, commitMessage(w.run));
  return w.exposureCount + w.files.size + w.deletes.length;
}

/** The alternative: one NDJSON file per shard, every shard rebuilt, only changed shards written. */
async function writeNdjsonLayout(dir: string, decisions: Decision[], runAt: string): Promise<number> {
  const ref = 'refs/heads/ctem-ledger';
  const parent = spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: dir, encoding: 'utf8' }).stdout.trim();
  const previous = new Map<string, string>();
  if (parent) {
    for (const line of git(dir, ['ls-tree', '-r', parent, 'exposures']).split('\n')) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
      if (m) previous.set(m[2]!, m[1]!);
    }
  }
  const shards = new Map<string, string[]>();
  for (const r of decisions.map((d) => toLedgerRecord(d, null)).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))) {
    const path = `exposures/${r.fingerprint.slice(0, 2)}.ndjson`;
    const lines = shards.get(path) ?? [];
    lines.push(JSON.stringify(JSON.parse(canonicalJson(r))));
    shards.set(path, lines);
  }
  const files = new Map<string, string>();
  for (const [path, lines] of shards) {
    const content = lines.join('\n') + '\n';
    if (previous.get(path) !== blobId(content)) files.set(path, content);
  }
  files.set('runs/run.json', canonicalJson(runMeta(runAt)));
  await fastImport(dir, ref, parent || undefined, files, runAt);
  return files.size;
}

/** The plumbing route: every record a loose object, then one tree per shard, the root tree, the commit. */
async function writeLoose(dir: string, decisions: Decision[]): Promise<void> {
  const tmp = join(dir, '.records');
  await mkdir(tmp);
  const records = decisions.map((d) => toLedgerRecord(d, null));
  const paths: string[] = [];
  for (const r of records) {
    const p = join(tmp, `${r.fingerprint}.json`);
    await writeFile(p, canonicalJson(r));
    paths.push(p);
  }
  const ids = (await runGit(dir, ['hash-object', '-w', '--stdin-paths'], paths.map((p) => p + '\n'))).toString('utf8').trim().split('\n');
  const shards = new Map<string, string[]>();
  records.forEach((r, i) => {
    const s = r.fingerprint.slice(0, 2);
    const list = shards.get(s) ?? [];
    list.push(`100644 blob ${ids[i]}\t${r.fingerprint}.json\n`);
    shards.set(s, list);
  });
  const shardTrees: string[] = [];
  for (const [s, entries] of [...shards].sort()) {
    const tree = (await runGit(dir, ['mktree'], entries)).toString('utf8').trim();
    shardTrees.push(`040000 tree ${tree}\t${s}\n`);
  }
  const exposures = (await runGit(dir, ['mktree'], shardTrees)).toString('utf8').trim();
  const root = (await runGit(dir, ['mktree'], [`040000 tree ${exposures}\texposures\n`])).toString('utf8').trim();
  const commit = spawnSync('git', ['-c', 'user.name=ctem', '-c', 'user.email=ctem@invalid', 'commit-tree', root, '-m', 'run'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
  git(dir, ['update-ref', 'refs/heads/ctem-ledger', commit]);
  await rm(tmp, { recursive: true, force: true });
}

async function history(dir: string, layout: Layout, fingerprint: string): Promise<void> {
  const path = layout === 'file' ? exposurePath(fingerprint) : `exposures/${fingerprint.slice(0, 2)}.ndjson`;
  const commits = git(dir, ['log', '--format=%H', 'ctem-ledger', '--', path]).trim().split('\n').filter(Boolean);
  for (const c of commits) {
    const text = git(dir, ['show', `${c}:${path}`]);
    if (layout === 'ndjson' && !text.includes(`"fingerprint":"${fingerprint}"`)) throw new Error('record not found in its shard');
  }
}

function fastImport(dir: string, ref: string, parent: string | undefined, files: Map<string, string>, runAt: string): Promise<Buffer> {
  const at = Math.floor(Date.parse(runAt) / 1000);
  function* stream(): Generator<string | Buffer> {
    const data = (s: string) => {
      const b = Buffer.from(s);
      return [`data ${b.length}\n`, b, '\n'];
    };
    yield `commit ${ref}\nauthor ctem <ctem@invalid> ${at} +0000\ncommitter ctem <ctem@invalid> ${at} +0000\n`;
    yield* data('run');
    if (parent) yield `from ${parent}\n`;
    for (const [p, c] of files) {
      yield `M 100644 inline ${p}\n`;
      yield* data(c);
    }
    yield '\n';
  }
  return runGit(dir, ['fast-import', '--quiet', '--date-format=raw'], stream());
}

const runMeta = (runAt: string) => ({
  run_at: runAt,
  dry_run: false,
  ctem_version: 'bench',
  config_commit: null,
  policy_commits: {},
  feeds: { epss: { model_version: 'v2025.03.14', score_date: `${runAt.slice(0, 10)}T00:00:00Z` }, kev: { catalog_version: '2026.11.01' } },
  actions: [],
});

/** A realistic decision (about 2 KB as a ledger record): a package vulnerability on one of 5,000 assets. */
function decision(i: number, priority: 'P2' | 'P3'): Decision {
  const fp = createHash('sha256').update(`exposure ${i}`).digest('hex').slice(0, 20);
  const asset = `service-${i % 5000}`;
  const cve = `CVE-${2015 + (i % 10)}-${10000 + (i % 90000)}`;
  const d = {
    fingerprint: fp,
    asset,
    scope: `scope-${i % 40}`,
    owner: { team: `acme/team-${i % 40}`, users: [`lead-${i % 40}`] },
    priority,
    status: 'open',
    sla_days: 90,
    first_seen: RUN1,
    due_date: '2027-01-30',
    overdue: false,
    rule: { id: 'severe-elsewhere', file: 'policies/50-baseline.yaml', policy: 'baseline', commit: '3f2a1c9d0e4b' },
    labels: ['security'],
    route: 'owner-repo',
    inputs: { 'finding.severity': 'high', 'validation.internet_exposed': false },
    feeds: { epss: { model_version: 'v2025.03.14', score_date: RUN1 }, kev: { catalog_version: '2026.11.01' } },
    enrichment: {
      epss: { score: (i % 997) / 997, percentile: (i % 991) / 991 },
      kev: { listed: false },
      cvss: { version: '3.1', score: 7.5, severity: 'high', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' },
      ssvc: null,
    },
    validation: { internet_exposed: false, crown_jewel: false },
    finding: {
      kind: 'vulnerability',
      rule_id: cve,
      vulnerability_id: cve,
      aliases: [cve, `GHSA-${fp.slice(0, 4)}-${fp.slice(4, 8)}-${fp.slice(8, 12)}`],
      title: `${cve}: improper input validation in package-${i % 3000} allows a remote attacker to cause a denial of service`,
      severity: 'high',
      package: { name: `org.example:package-${i % 3000}`, installed_version: '2.3.1', fixed_versions: ['2.3.4', '3.0.1'], ecosystem: 'maven' },
      location: { path: `services/${asset}/pom.xml` },
      tools: ['Grype', 'Trivy'],
      sources: [
        { connector: 'trivy', tool: 'Trivy', file: `reports/${asset}.trivy.json`, pointer: `/Results/0/Vulnerabilities/${i % 50}` },
        { connector: 'grype', tool: 'Grype', file: `reports/${asset}.grype.json`, pointer: `/matches/${i % 70}` },
      ],
    },
  };
  // Synthetic data shaped like a decision; the type keeps growing fields the ledger copies as they are.
  return d as unknown as Decision;
}

function blobId(content: string): string {
  const b = Buffer.from(content);
  return createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
}

function git(dir: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function repoMb(dir: string): number {
  const out = git(dir, ['count-objects', '-v']);
  const kib = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
  return (kib('size') + kib('size-pack')) / 1024;
}

/**
 * CPU seconds of this process and of the children it has waited for (every git it
 * ran), from /proc where there is one; the process alone elsewhere.
 */
function cpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of the full line (11-14 after the name).
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return Math.round(ticks) / 100;
  } catch {
    const u = process.cpuUsage();
    return Math.round((u.user + u.system) / 1e4) / 100;
  }
}

const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;
const progress = (s: string) => process.stderr.write(`${s}\n`);

function printRow(f: LayoutFigures): void {
  const mb = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(1)} MB`);
  const s = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(2)} s`);
  console.log(
    `${f.layout.padEnd(7)} ${f.exposures.toLocaleString('en-US').padStart(9)}  first run ${s(f.firstRunSeconds)} (cpu ${s(f.firstRunCpuSeconds)}), ${mb(f.firstRunMb)}` +
      `  | second run ${s(f.secondRunSeconds)} (cpu ${s(f.secondRunCpuSeconds)}; ${f.secondRunFiles ?? '—'} files), ${mb(f.secondRunMb)}` +
      `  | gc ${s(f.gcSeconds)} → ${mb(f.afterGcMb)}  | history ${s(f.historySeconds)}`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, layouts: { type: 'string' }, change: { type: 'string' } }, strict: true });
  await runLedgerBench({
    sizes: (values.sizes ?? '10000,100000').split(',').map(Number),
    layouts: (values.layouts ?? 'file,ndjson,loose').split(',') as Layout[],
    change: values.change !== undefined ? Number(values.change) : undefined,
    print: true,
  });
}
