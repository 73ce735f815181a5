/**
 * `ctem merge-shards`: combine the outputs of the N shards of one run into exactly
 * the run an unsharded `ctem run --dry-run` makes (decisions, issues, plan). Reads
 * each shard's shard.json, decisions.ndjson and plan.json, and this checkout's
 * configuration and inventory (not the reports): the shards must have run on the
 * same commit, at the same `--now` (checked). Writes nothing: the command writes the
 * plan (`writeMerged`), or mobilises it on GitHub and writes the plan as executed.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { planIssues, type CycleResult } from '../cycle.ts';
import type { SourceStats } from '../discover/ingest.ts';
import { readLines } from '../discover/read-lines.ts';
import type { Progress } from '../discover/progress.ts';
import { CtemError, ExitCode, hasErrors, type Problem } from '../errors.ts';
import { openRunLedger, type RunRecording } from '../ledger/run-ledger.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { Decision } from '../model/decision.ts';
import { compilePolicies, type PolicySet } from '../policy/compile-policy.ts';
import { assignScopes, compileScope } from '../scope/match-scopes.ts';
import { configDigest } from '../shard/digest.ts';
import { SHARD_MANIFEST, type ShardManifest } from '../shard/manifest.ts';
import { BodyStore } from '../shard/body-store.ts';
import { decisionPartSharer } from '../shard/shared-parts.ts';
import { checkLedger, checkMergeHeap, checkShards, isDeferred, mergeDecisions, type ShardInput } from '../shard/merge.ts';
import { summarise, writeOutputs, type RunSummary } from './outputs.ts';
import { boundHeapGrowth, heapLimitBytes } from './heap.ts';
import { readPlanBodies } from './plan-bodies.ts';
import { checkConfiguration, policyFileCommits } from './prepare.ts';

export interface MergeOptions {
  /** The exposure repository (configuration and inventory). */
  root: string;
  shardDirs: readonly string[];
  /** `--ledger`: open the ledger to record the merged run; the shards must have read this same ledger. */
  ledger?: boolean;
  /** A shard's plan.json larger than this is assembled from a stream (default: the report reader's; tests lower it). */
  largeJsonBytes?: number;
  /** The heap the merge may use (default: this process's limit, heap.ts). */
  heapLimit?: number;
  /** Bars for reading each shard's decisions (a terminal's). */
  progress?: Progress;
}

/** The merged run: what `ctem run --dry-run` would have had after its cycle. */
export interface MergedRun {
  result: CycleResult;
  summary: RunSummary;
  /** The shards' clock. */
  now: string;
  /** Per-report statistics, as the shards read them (the same in every shard). */
  sources: SourceStats[];
  /** What mobilising the merged plan needs besides it (engine/cli/commands/run-mobilise.ts). */
  context: { config: LoadedConfig; policy: PolicySet; assets: InventoryAsset[] };
  /** With `ledger`: the ledger the shards read, and what recording the run in it needs besides the plan. */
  ledger?: RunRecording;
}

export interface MergeResult {
  problems: Problem[];
  /** Absent when an error stopped the merge. */
  merged?: MergedRun;
}

function notAShard(err: unknown, dir: string, name: string): CtemError {
  const code = (err as NodeJS.ErrnoException).code;
  return new CtemError(
    { code: 'not-a-shard', severity: 'error', message: code === 'ENOENT' ? `no ${name}: not the output of \`ctem run --shard\`` : `cannot read ${name} (${code})`, file: dir },
    ExitCode.input,
  );
}

async function readShardFile(dir: string, name: string): Promise<string> {
  try {
    return await readFile(join(dir, name), 'utf8');
  } catch (err) {
    throw notAShard(err, dir, name);
  }
}

/** The path of a shard's output file, which must be there. */
async function shardFile(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  try {
    await stat(path);
  } catch (err) {
    throw notAShard(err, dir, name);
  }
  return path;
}

/**
 * A shard's decisions, line by line: at full size one shard's decisions.ndjson can be
 * longer than V8's longest string (about 512 MiB), so it is never read as one.
 */
async function readShardDecisions(dir: string, share: (d: Decision) => Decision, progress?: Progress): Promise<Decision[]> {
  const decisions: Decision[] = [];
  await readLines(
    await shardFile(dir, 'decisions.ndjson'),
    join(dir, 'decisions.ndjson'),
    (line, n) => {
      if (line !== '') decisions.push(share(parseJson<Decision>(line, dir, 'decisions.ndjson', n)));
    },
    progress,
  );
  return decisions;
}

function parseJson<T>(text: string, dir: string, name: string, line?: number): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CtemError({ code: 'not-a-shard', severity: 'error', message: `${name} is not valid JSON`, file: join(dir, name), line }, ExitCode.input);
  }
}

export async function mergeShards(opts: MergeOptions): Promise<MergeResult> {
  // As a run does (heap.ts): the merge holds every decision of the run, and its garbage should not double that.
  boundHeapGrowth();
  const shards: ShardInput[] = [];
  for (const dir of opts.shardDirs) shards.push({ dir, manifest: parseJson<ShardManifest>(await readShardFile(dir, SHARD_MANIFEST), dir, SHARD_MANIFEST) });
  const now = shards[0]?.manifest.now ?? '';
  const checked = await checkConfiguration(opts.root, now);
  const problems = [...checked.problems];
  if (!checked.config || hasErrors(problems)) return { problems };
  const config = checked.config;
  problems.push(...checkShards(shards, configDigest(config, checked.assets)));
  if (hasErrors(problems)) return { problems };
  problems.push(...checkMergeHeap(shards, opts.heapLimit ?? heapLimitBytes(), { ledger: opts.ledger }));
  if (hasErrors(problems)) return { problems };
  const ledger = opts.ledger === true ? await openRunLedger(opts.root, config.ctem.value) : undefined;
  if (ledger) problems.push(...checkLedger(shards, ledger.digest()));
  if (hasErrors(problems)) return { problems };

  const decisionLists: Decision[][] = [];
  const bodies = new BodyStore();
  const share = decisionPartSharer();
  for (const { dir } of shards) {
    decisionLists.push(await readShardDecisions(dir, share, opts.progress));
    // Only the bodies are kept: a large shard's plan is hundreds of megabytes.
    await readPlanBodies(await shardFile(dir, 'plan.json'), join(dir, 'plan.json'), bodies, opts.largeJsonBytes);
  }
  const merged = mergeDecisions(decisionLists);
  problems.push(...merged.problems);
  if (hasErrors(problems)) return { problems };

  const policy = compilePolicies(config);
  const assets = new Map(checked.assets.map((a) => [a.id, a]));
  const planned = planIssues(merged.decisions, { config, policy, assets, existingIssues: [], now, bodies });
  // Every issue a shard owns must come from that shard: otherwise the shards disagree with their own decisions.
  const missing = planned.issues.filter((i) => !isDeferred(i) && !bodies.has(i.key));
  if (missing.length) {
    problems.push({ code: 'shard-mismatch', severity: 'error', message: `${missing.length} issue(s) no shard planned, e.g. '${missing[0]!.title}'`, hint: 'were all shards run with this configuration?' });
    return { problems };
  }
  const scopes = config.scopes.map((s) => compileScope(s.value, s.file));
  const first = shards[0]!.manifest;
  const result: CycleResult = {
    exposureCount: first.exposures,
    decisions: merged.decisions,
    issues: planned.issues,
    plan: planned.plan,
    unscoped: assignScopes(checked.assets, scopes).unscoped,
    problems: planned.problems,
  };
  const summary = summarise(result, first.findings);
  const recording = ledger && { ledger, policyCommits: await policyFileCommits(opts.root, config), feeds: first.feeds ?? {} };
  return { problems: [...problems, ...planned.problems], merged: { result, summary, now, sources: first.sources, context: { config, policy, assets: checked.assets }, ledger: recording } };
}

/** The merged plan's files, as `ctem run --dry-run` writes them (with a bar on a terminal). */
export function writeMerged(outDir: string, m: MergedRun, progress?: Progress): Promise<string[]> {
  return writeOutputs(outDir, m.result, m.summary, m.sources, { now: m.now, dryRun: true }, progress);
}
