/**
 * `npm run bench`: ctem on a realistic large estate, as ratios against baselines
 * measured in the same run, each stage in its own process.
 *
 *   npm run bench [-- --size S] [--seed N] [--repeat K] [--big] [--profile] [--estate DIR] [--results DIR] [--no-write]
 *
 * 1. generate the estate (bench/generate), or reuse it when seed and size match;
 * 2. the parse floor: read and JSON.parse every report, every NDJSON line; and the
 *    same on every core (the parse ceiling of any ingest that uses JSON.parse);
 * 3. ingest alone (findings per second), with its worker threads and on the main
 *    thread alone;
 * 4. the whole dry run (prepareRun → runCycle → outputs): time, and peak RSS;
 * 5. rule evaluation: the estate's 300 rules on its own input documents, ctem
 *    against json-logic-js and json-logic-engine (bench/jsonlogic.ts);
 * 6. the attack graph (bench/attack-graph.ts), the ledger (bench/ledger.ts) and
 *    GitHub in steady state (the mobiliser against tools/test-github), each when
 *    it exists;
 * 7. with --big: a 2 GB NDJSON file streamed through ingest, peak RSS.
 *
 * Prints a table of targets (PASS/MISS and by how much) and writes
 * bench/results/latest.json, comparing with the previous one.
 */
import { availableParallelism, cpus, loadavg, platform, arch, totalmem, tmpdir } from 'node:os';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runStage, type ChildResult } from './child.ts';
import { currentEstate, DEFAULT_ESTATE_DIR, ESTATE_NOW, generateEstate, repoRoot, type EstateManifest } from './generate/estate.ts';
import { formatHot, summariseProfile } from './profile-summary.ts';
import { formatLimit, formatValue, judge, TARGETS } from './targets.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    seed: { type: 'string' },
    repeat: { type: 'string' },
    big: { type: 'boolean' },
    profile: { type: 'boolean' },
    estate: { type: 'string' },
    results: { type: 'string' },
    'no-write': { type: 'boolean' },
  },
  strict: true,
});

/** The default is small enough for about a minute on a 2-core machine; `--size 1` is the full estate. */
const DEFAULT_SIZE = 0.05;
const size = Number(values.size ?? DEFAULT_SIZE);
const seed = Number(values.seed ?? 1);
const repeat = Math.max(1, Number(values.repeat ?? 1));
if (!(size > 0 && size <= 4) || !Number.isInteger(seed) || !Number.isInteger(repeat)) {
  process.stderr.write('usage: npm run bench -- [--size S (0 < S <= 4)] [--seed N] [--repeat K] [--big] [--profile] [--estate DIR] [--results DIR] [--no-write]\n');
  process.exit(2);
}
const estateDir = values.estate !== undefined ? resolve(values.estate) : DEFAULT_ESTATE_DIR;
// Where latest.json is read (to compare) and written: the checked-in bench/results unless told.
const resultsDir = values.results !== undefined ? resolve(values.results) : join(repoRoot, 'bench', 'results');
const say = (l = '') => process.stdout.write(l + '\n');
const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
const loadAtStart = loadavg()[0]!;

// ---- 1. the estate ------------------------------------------------------------------

let manifest = await currentEstate(estateDir, seed, size);
let generatedInS: number | null = null;
if (manifest) {
  say(`estate: reusing ${relative(process.cwd(), estateDir) || '.'} (seed ${seed}, size ${size})`);
} else {
  const t = performance.now();
  manifest = await generateEstate({ seed, size, dir: estateDir, log: (l) => say(l) });
  generatedInS = (performance.now() - t) / 1000;
  say(`estate: generated in ${generatedInS.toFixed(1)} s`);
}
const m: EstateManifest = manifest;
const reportBytes = await totalBytes(estateDir, [...m.reports.json, ...m.reports.ndjson]);
say(`  ${m.counts.assets.toLocaleString('en-US')} assets, ${m.counts.findings.total.toLocaleString('en-US')} raw findings in ${m.reports.json.length + m.reports.ndjson.length} files (${(reportBytes / 1e6).toFixed(0)} MB), ${m.counts.rules} rules, ${m.counts.exceptions} exceptions, ${m.counts.edges.toLocaleString('en-US')} edges`);
say('');

const work = await mkdtemp(join(tmpdir(), 'ctem-bench-'));
const progress = (stage: string) => (l: string) => process.stderr.write(`  [${stage}] ${l}\n`);

/**
 * The old-space limit that gives the heap Node 20 allows itself on a machine of 7 GB, GitHub's standard
 * 2-core Linux runner: 2,096 MiB in all (measured by starting Node in a 7 GB memory cgroup; docs/scale.md).
 */
const RUNNER_OLD_SPACE_MB = 2048;

/** The best (fastest) of `repeat` runs of a stage: other load on the machine only ever slows a run down. */
async function best<T extends { wallMs: number }>(stage: string, args: string[], nodeArgs: string[] = []): Promise<{ best: ChildResult<T>; runs: ChildResult<T>[] }> {
  const runs: ChildResult<T>[] = [];
  for (let i = 0; i < repeat; i++) runs.push(await runStage<T>(stage, args, { nodeArgs, onStderr: stage === 'cycle' ? undefined : progress(stage) }));
  const sorted = [...runs].sort((a, b) => a.result.wallMs - b.result.wallMs);
  return { best: sorted[0]!, runs };
}

// ---- 2–4. floor, ingest, the whole dry run ---------------------------------------------

say('parse floor …');
const floor = await best<{ wallMs: number; cpuMs: number; bytes: number; documents: number; lines: number }>('parse-floor', [estateDir]);
say(`  ${ms(floor.best.result.wallMs)} (cpu ${ms(floor.best.result.cpuMs)}) for ${floor.best.result.documents} JSON reports and ${floor.best.result.lines.toLocaleString('en-US')} NDJSON lines`);
// The same parse on every core (worker threads beside the main thread, as ingest has them): no ingest
// that JSON.parses the reports can be faster here, whatever else it does or does not do.
const parseThreads = availableParallelism() - 1;
say(`parse ceiling (${parseThreads + 1} threads) …`);
const ceilingRun = (await best<{ wallMs: number; cpuMs: number }>('parse-floor', [estateDir, String(parseThreads)])).best.result;
const parseCeilingRate = (m.counts.findings.total / ceilingRun.wallMs) * 1000;
say(`  ${ms(ceilingRun.wallMs)} (cpu ${ms(ceilingRun.cpuMs)}): ${Math.round(parseCeilingRate).toLocaleString('en-US')} findings/s at most, for any ingest that parses with JSON.parse`);

type IngestFigures = { wallMs: number; cpuMs: number; findings: number; files: number; threads: number; workerFiles: number };
say('ingest …');
const ingest = await best<IngestFigures>('ingest', [estateDir, ESTATE_NOW]);
const ig = ingest.best.result;
const ingestRate = (ig.findings / ig.wallMs) * 1000;
say(`  ${ig.findings.toLocaleString('en-US')} findings from ${ig.files} files in ${ms(ig.wallMs)} (cpu ${ms(ig.cpuMs)}): ${Math.round(ingestRate).toLocaleString('en-US')} findings/s; ${ig.threads} worker thread(s) read ${ig.workerFiles} of the files`);
// The same on the main thread alone: what the worker threads buy, measured in this run.
say('ingest on the main thread alone …');
const alone = (await best<IngestFigures>('ingest', [estateDir, ESTATE_NOW, '0'])).best.result;
const ingestAloneRate = (alone.findings / alone.wallMs) * 1000;
say(`  ${ms(alone.wallMs)} (cpu ${ms(alone.cpuMs)}): ${Math.round(ingestAloneRate).toLocaleString('en-US')} findings/s; the threads make ingest ${(alone.wallMs / ig.wallMs).toFixed(2)}x as fast`);

say('end-to-end dry run …');
type CycleFigures = { wallMs: number; cpuMs: number; stagesMs: Record<string, number>; findings: number; exposures: number; decisions: number; issues: number; actions: number; heapLimitMb: number };
const profileDir = values.profile ? await mkdtemp(join(tmpdir(), 'ctem-profile-')) : undefined;
// In the heap Node gives itself on a standard 2-core runner, whatever this machine's memory: the run CI would make.
const cycleNodeArgs = [`--max-old-space-size=${RUNNER_OLD_SPACE_MB}`, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
const cycle = await best<CycleFigures>('cycle', [estateDir, join(work, 'out'), ESTATE_NOW], cycleNodeArgs);
const c = cycle.best.result;
const peakRss = Math.max(...cycle.runs.map((r) => r.process.peakRssMb));
say(`  ${ms(c.wallMs)} (cpu ${ms(c.cpuMs)}): prepare ${ms(c.stagesMs.prepare ?? 0)}, cycle ${ms(c.stagesMs.cycle ?? 0)}, write ${ms(c.stagesMs.write ?? 0)}`);
say(`  ${c.findings.toLocaleString('en-US')} findings → ${c.exposures.toLocaleString('en-US')} exposures → ${c.issues.toLocaleString('en-US')} issues; peak RSS ${peakRss.toFixed(0)} MiB, in a heap of ${c.heapLimitMb} MiB`);
const outBytes = await totalBytes(join(work, 'out'), await readdir(join(work, 'out')));
say(`  outputs: ${(outBytes / 1e6).toFixed(0)} MB`);
if (profileDir) {
  const file = (await readdir(profileDir)).find((f) => f.endsWith('.cpuprofile'));
  if (file) {
    say(`  CPU profile: ${join(profileDir, file)}`);
    for (const l of formatHot(await summariseProfile(join(profileDir, file), 25, repoRoot))) say(`    ${l}`);
  }
}

// ---- 5. rules ------------------------------------------------------------------------

say('rule evaluation …');
const docCount = Math.min(c.exposures, Math.max(10_000, Math.round(100_000 * size)));
type RulesFigures = {
  findings: number; rules: number; evaluations: number;
  jsonLogicJs: { opsPerSec: number }; jsonLogicEngine: { opsPerSec: number }; ctem: { opsPerSec: number };
  ratios: { vsJsonLogicJs: number; vsJsonLogicEngine: number }; disagreementsWithJsonLogicJs: number;
  decisions: {
    jsonLogicJs: { opsPerSec: number }; jsonLogicEngine: { opsPerSec: number }; ctemRuleByRule: { opsPerSec: number }; ctem: { opsPerSec: number };
    ratios: { vsJsonLogicJs: number; vsJsonLogicEngine: number }; disagreements: number;
  };
};
const rules = (await runStage<RulesFigures>('rules', [estateDir, ESTATE_NOW, String(docCount)], { onStderr: progress('rules') })).result;
const opsFmt = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
const dec = rules.decisions;
const kFmt = (x: number) => `${Math.round(x / 1000).toLocaleString('en-US')}k/s`;
say(`  deciding ${rules.findings.toLocaleString('en-US')} documents under the ${rules.rules}-rule policy (first match): ctem ${kFmt(dec.ctem.opsPerSec)}, json-logic-js ${kFmt(dec.jsonLogicJs.opsPerSec)}, json-logic-engine ${kFmt(dec.jsonLogicEngine.opsPerSec)} (ctem rule by rule ${kFmt(dec.ctemRuleByRule.opsPerSec)}); disagreements ${dec.disagreements}`);
say(`  every rule on every document: ctem ${opsFmt(rules.ctem.opsPerSec)}, json-logic-js ${opsFmt(rules.jsonLogicJs.opsPerSec)}, json-logic-engine ${opsFmt(rules.jsonLogicEngine.opsPerSec)} evaluations; disagreements ${rules.disagreementsWithJsonLogicJs}`);

// ---- 6. other engines' benchmarks ------------------------------------------------------

say('attack graph …');
const graphNodes = Math.round(100_000 * size);
const graphEdges = Math.round(1_000_000 * size);
type GraphFigures = { available: boolean; random?: { seconds: number; traversableEdges: number; reachable: number; zones: number }; estate?: { nodes: number; edges: number; seconds: number } | { error: string } };
const graph = (await runStage<GraphFigures>('attack-graph', [estateDir, String(graphNodes), String(graphEdges)], { onStderr: progress('attack-graph') })).result;
if (!graph.available) say('  not available (bench/attack-graph.ts is not there)');
else {
  say(`  random graph ${graphNodes.toLocaleString('en-US')} nodes / ${graphEdges.toLocaleString('en-US')} edges: ${graph.random!.seconds.toFixed(2)} s`);
  if (graph.estate && 'seconds' in graph.estate) say(`  estate graph ${graph.estate.nodes.toLocaleString('en-US')} nodes / ${graph.estate.edges.toLocaleString('en-US')} edges: ${graph.estate.seconds.toFixed(2)} s`);
}

say('ledger …');
type Optional = { available: boolean; [k: string]: unknown };
const ledger = (await runStage<Optional>('ledger', [String(size)], { onStderr: progress('ledger') })).result;
say(ledger.available ? `  ${JSON.stringify(ledger.figures)}` : `  not available (${String(ledger.reason)})`);

say('GitHub steady state …');
const github = (await runStage<Optional>('github', [work], { onStderr: progress('github') })).result;
say(github.available ? `  ${String(github.summary)}` : `  not available (${String(github.reason)})`);

// ---- 7. the 2 GB NDJSON file ------------------------------------------------------------

type BigFigures = { bytes: number; findings: number; wallMs: number; rate: number };
let big: ChildResult<BigFigures> | undefined;
if (values.big) {
  say('2 GB NDJSON ingest …');
  const bigFile = join(work, 'big.ndjson');
  const written = await runStage<{ wallMs: number; bytes: number; lines: number }>('big-ndjson-write', [bigFile, String(2 * 1024 ** 3)], { onStderr: progress('big') });
  say(`  wrote ${(written.result.bytes / 1024 ** 3).toFixed(2)} GiB (${written.result.lines.toLocaleString('en-US')} lines) in ${ms(written.result.wallMs)}; ingesting …`);
  big = await runStage<BigFigures>('big-ndjson', [bigFile], { onStderr: progress('big') });
  await rm(bigFile, { force: true });
  say(`  ${(big.result.bytes / 1024 ** 3).toFixed(2)} GiB, ${big.result.findings.toLocaleString('en-US')} findings in ${ms(big.result.wallMs)} (${Math.round(big.result.rate).toLocaleString('en-US')}/s), peak RSS ${big.process.peakRssMb.toFixed(0)} MiB`);
}
await rm(work, { recursive: true, force: true });

// ---- results ------------------------------------------------------------------------------

const figures: Record<string, number | undefined> = {
  peak_rss_mb: peakRss,
  end_to_end_vs_parse: c.wallMs / floor.best.result.wallMs,
  ingest_findings_per_s: ingestRate,
  rules_vs_json_logic_js: dec.ratios.vsJsonLogicJs,
  rules_vs_json_logic_engine: dec.ratios.vsJsonLogicEngine,
  rules_each_vs_json_logic_js: rules.ratios.vsJsonLogicJs,
  rules_each_vs_json_logic_engine: rules.ratios.vsJsonLogicEngine,
  big_ndjson_peak_rss_mb: big?.process.peakRssMb,
};
const ceilings: Record<string, number> = { parse_ceiling_findings_per_s: parseCeilingRate };
const verdicts = TARGETS.map((t) => ({ target: t, value: figures[t.key], verdict: judge(t, figures[t.key], size, t.ceiling && ceilings[t.ceiling.key]) }));
const cpu = cpus()[0];
const machine = {
  cpu_model: cpu?.model.trim() ?? 'unknown',
  cores: availableParallelism(),
  memory_gib: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${platform()} ${arch()}`,
  load_average_at_start: Number(loadAtStart.toFixed(2)),
};
const results = {
  timestamp: new Date().toISOString(),
  size,
  seed,
  repeat,
  machine,
  estate: {
    generator_version: m.generator_version,
    assets: m.counts.assets,
    raw_findings: m.counts.findings.total,
    findings_by_source: m.counts.findings,
    report_files: m.reports.json.length + m.reports.ndjson.length,
    report_mb: Math.round(reportBytes / 1e6),
    rules: m.counts.rules,
    exceptions: m.counts.exceptions,
    edges: m.counts.edges,
    ndjson_in_config: m.ndjson_in_config,
    generated_in_s: generatedInS,
  },
  end_to_end_vs_parse: round(figures.end_to_end_vs_parse!),
  end_to_end_vs_parse_cpu: round(c.cpuMs / floor.best.result.cpuMs),
  rules_vs_json_logic_js: round(dec.ratios.vsJsonLogicJs),
  rules_vs_json_logic_engine: round(dec.ratios.vsJsonLogicEngine),
  rules_each_vs_json_logic_js: round(rules.ratios.vsJsonLogicJs),
  rules_each_vs_json_logic_engine: round(rules.ratios.vsJsonLogicEngine),
  ingest_findings_per_s: Math.round(ingestRate),
  parse_ceiling_findings_per_s: Math.round(parseCeilingRate),
  ingest_vs_parse_ceiling: round(ingestRate / parseCeilingRate),
  ingest_main_thread_alone_findings_per_s: Math.round(ingestAloneRate),
  ingest_threads: ig.threads,
  ingest_threads_speedup: round(alone.wallMs / ig.wallMs),
  peak_rss_mb: Math.round(peakRss),
  // The heap the whole run was measured in (RUNNER_OLD_SPACE_MB).
  heap_limit_mb: c.heapLimitMb,
  timings_ms: {
    parse_floor: Math.round(floor.best.result.wallMs),
    parse_floor_cpu: Math.round(floor.best.result.cpuMs),
    parse_ceiling: Math.round(ceilingRun.wallMs),
    parse_ceiling_threads: parseThreads + 1,
    ingest: Math.round(ig.wallMs),
    ingest_cpu: Math.round(ig.cpuMs),
    ingest_main_thread_alone: Math.round(alone.wallMs),
    end_to_end: Math.round(c.wallMs),
    end_to_end_cpu: Math.round(c.cpuMs),
    end_to_end_stages: Object.fromEntries(Object.entries(c.stagesMs).map(([k, v]) => [k, Math.round(v)])),
    all_end_to_end_runs: cycle.runs.map((r) => Math.round(r.result.wallMs)),
  },
  run: { findings: c.findings, exposures: c.exposures, issues: c.issues, actions: c.actions, output_mb: Math.round(outBytes / 1e6) },
  rules: {
    documents: rules.findings,
    rules: rules.rules,
    decisions_per_s: {
      ctem: Math.round(dec.ctem.opsPerSec),
      ctem_rule_by_rule: Math.round(dec.ctemRuleByRule.opsPerSec),
      json_logic_js: Math.round(dec.jsonLogicJs.opsPerSec),
      json_logic_engine: Math.round(dec.jsonLogicEngine.opsPerSec),
    },
    evaluations_per_s: { ctem: Math.round(rules.ctem.opsPerSec), json_logic_js: Math.round(rules.jsonLogicJs.opsPerSec), json_logic_engine: Math.round(rules.jsonLogicEngine.opsPerSec) },
    disagreements: dec.disagreements + rules.disagreementsWithJsonLogicJs,
  },
  attack_graph: graph.available
    ? { nodes: graphNodes, edges: graphEdges, seconds: round(graph.random!.seconds), estate_graph: graph.estate }
    : { available: false },
  ledger,
  github,
  big_ndjson: big ? { bytes: big.result.bytes, findings: big.result.findings, seconds: round(big.result.wallMs / 1000), findings_per_s: Math.round(big.result.rate), peak_rss_mb: Math.round(big.process.peakRssMb) } : null,
  targets: verdicts.map((v) => ({ key: v.target.key, value: v.value === undefined ? null : round(v.value), limit: v.target.limit, kind: v.target.kind, status: v.verdict.status, margin: v.verdict.margin })),
};

say('');
say(`ctem bench — size ${size} (${m.counts.findings.total.toLocaleString('en-US')} raw findings, ${m.counts.assets.toLocaleString('en-US')} assets), ${machine.cpu_model}, ${machine.cores} cores, Node ${machine.node}, load ${machine.load_average_at_start} at start`);
const rows = verdicts.map((v) => [v.target.label, formatValue(v.value, v.target.unit), formatLimit(v.target), v.verdict.status, v.verdict.margin]);
const head = ['target', 'measured', 'target', 'result', 'by how much'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i]!)).join('  ');
say(line(head));
say(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) say(line(r));

const previous = await readFile(join(resultsDir, 'latest.json'), 'utf8').then((t) => JSON.parse(t) as typeof results).catch(() => undefined);
if (previous && previous.size === size) {
  say('');
  say(`compared with the previous run (${previous.timestamp}, same size):`);
  for (const k of ['end_to_end_vs_parse', 'ingest_findings_per_s', 'peak_rss_mb', 'rules_vs_json_logic_js', 'rules_vs_json_logic_engine', 'rules_each_vs_json_logic_js'] as const) {
    const before = previous[k];
    const now = results[k];
    if (typeof before === 'number' && before !== 0) say(`  ${k.padEnd(28)} ${String(before).padStart(10)} → ${String(now).padStart(10)}  (${(((now - before) / before) * 100).toFixed(1)}%)`);
  }
}
if (!values['no-write']) {
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  say('');
  say(`wrote ${relative(process.cwd(), join(resultsDir, 'latest.json'))}`);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function totalBytes(dir: string, files: readonly string[]): Promise<number> {
  let n = 0;
  for (const f of files) n += (await stat(join(dir, f))).size;
  return n;
}
