/**
 * `ctem merge-shards`: combine the outputs of the N shards of one run into exactly
 * the outputs the unsharded run writes (decisions.ndjson, plan.json, plan.md).
 * Reads each shard's shard.json, decisions.ndjson and plan.json, and this
 * checkout's configuration and inventory (not the reports): the shards must have
 * run on the same commit, at the same `--now` (checked).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planIssues, type CycleResult } from '../cycle.ts';
import { CtemError, ExitCode, hasErrors, type Problem } from '../errors.ts';
import type { Decision } from '../model/decision.ts';
import type { Plan } from '../mobilise/plan.ts';
import { compilePolicies } from '../policy/compile-policy.ts';
import { assignScopes, compileScope } from '../scope/match-scopes.ts';
import { configDigest } from '../shard/digest.ts';
import { SHARD_MANIFEST, type ShardManifest } from '../shard/manifest.ts';
import { checkShards, isDeferred, mergeDecisions, renderedBodies, type ShardInput } from '../shard/merge.ts';
import { summarise, writeOutputs, type RunSummary } from './outputs.ts';
import { checkConfiguration } from './prepare.ts';

export interface MergeOptions {
  /** The exposure repository (configuration and inventory). */
  root: string;
  outDir: string;
  shardDirs: readonly string[];
}

export interface MergeResult {
  problems: Problem[];
  summary?: RunSummary;
  result?: CycleResult;
  now?: string;
  files?: string[];
}

async function readShardFile(dir: string, name: string): Promise<string> {
  try {
    return await readFile(join(dir, name), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CtemError(
      { code: 'not-a-shard', severity: 'error', message: code === 'ENOENT' ? `no ${name}: not the output of \`ctem run --shard\`` : `cannot read ${name} (${code})`, file: dir },
      ExitCode.input,
    );
  }
}

function parseJson<T>(text: string, dir: string, name: string, line?: number): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CtemError({ code: 'not-a-shard', severity: 'error', message: `${name} is not valid JSON`, file: join(dir, name), line }, ExitCode.input);
  }
}

export async function mergeShards(opts: MergeOptions): Promise<MergeResult> {
  const shards: ShardInput[] = [];
  for (const dir of opts.shardDirs) shards.push({ dir, manifest: parseJson<ShardManifest>(await readShardFile(dir, SHARD_MANIFEST), dir, SHARD_MANIFEST) });
  const now = shards[0]?.manifest.now ?? '';
  const checked = await checkConfiguration(opts.root, now);
  const problems = [...checked.problems];
  if (!checked.config || hasErrors(problems)) return { problems };
  const config = checked.config;
  problems.push(...checkShards(shards, configDigest(config, checked.assets)));
  if (hasErrors(problems)) return { problems };

  const decisionLists: Decision[][] = [];
  const plans: Plan[] = [];
  for (const { dir } of shards) {
    const lines = (await readShardFile(dir, 'decisions.ndjson')).split('\n');
    decisionLists.push(lines.flatMap((l, i) => (l === '' ? [] : [parseJson<Decision>(l, dir, 'decisions.ndjson', i + 1)])));
    plans.push(parseJson<Plan>(await readShardFile(dir, 'plan.json'), dir, 'plan.json'));
  }
  const merged = mergeDecisions(decisionLists);
  problems.push(...merged.problems);
  if (hasErrors(problems)) return { problems };

  const policy = compilePolicies(config);
  const assets = new Map(checked.assets.map((a) => [a.id, a]));
  const bodies = renderedBodies(plans);
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
    ruleErrors: [],
  };
  const summary = summarise(result, first.findings);
  const files = await writeOutputs(opts.outDir, result, summary, first.sources, { now, dryRun: true });
  return { problems: [...problems, ...planned.problems], summary, result, now, files };
}
