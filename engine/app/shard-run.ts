/**
 * One shard of a sharded run (`ctem run --dry-run --shard K/N`): read everything,
 * merge and validate every exposure (the attack graph spans assets), then decide,
 * plan and render only for the assets this shard owns (engine/shard/assign.ts).
 * Writes the ordinary outputs for its share — decisions.ndjson, plan.json, plan.md
 * — and shard.json, which `ctem merge-shards` reads.
 *
 * Issues of routes that group across assets (owner-rule) are left to the merge
 * step: no shard sees all of their exposures.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCycle, type CycleResult } from '../cycle.ts';
import type { Problem } from '../errors.ts';
import { openRunLedger } from '../ledger/run-ledger.ts';
import { reconcile } from '../mobilise/plan.ts';
import { ownsAsset } from '../shard/assign.ts';
import { configDigest } from '../shard/digest.ts';
import { SHARD_FORMAT, SHARD_MANIFEST, type ShardManifest } from '../shard/manifest.ts';
import { DEFERRED_GROUPINGS, isDeferred } from '../shard/merge.ts';
import type { ShardSpec } from '../shard/spec.ts';
import { summarise, writeOutputs, type RunSummary } from './outputs.ts';
import { cycleInputFrom, prepareRun, type Prepared, type RunEnvironment } from './prepare.ts';

export interface ShardRunOptions extends RunEnvironment {
  root: string;
  outDir: string;
  now: string;
  spec: ShardSpec;
  /** `--ledger`: take first-seen dates and previous decisions from the ledger (never record: the merge does). */
  ledger?: boolean;
}

export interface ShardRun {
  problems: Problem[];
  prepared?: Prepared;
  result?: CycleResult;
  summary?: RunSummary;
  manifest?: ShardManifest;
  files?: string[];
}

export async function runShard(opts: ShardRunOptions): Promise<ShardRun> {
  const { prepared, problems } = await prepareRun(opts.root, opts.now, { env: opts.env, progress: opts.progress });
  if (!prepared) return { problems };
  const owns = ownsAsset(opts.spec);
  const ledger = opts.ledger === true ? await openRunLedger(opts.root, prepared.config.ctem.value) : undefined;
  const full = runCycle(cycleInputFrom(prepared, opts.now, { select: (f) => owns(f.asset), handOver: true, firstSeen: ledger?.memory.firstSeen, previous: ledger?.memory.previous, progress: opts.progress }));
  const issues = full.issues.filter((i) => !isDeferred(i));
  const result: CycleResult = { ...full, issues, plan: reconcile(issues, []) };
  const summary = summarise(result, prepared.findingCount);
  const files = await writeOutputs(opts.outDir, result, summary, prepared.stats, { now: opts.now, dryRun: true }, opts.progress);
  const manifest: ShardManifest = {
    ctem_shard_format: SHARD_FORMAT,
    shard: opts.spec,
    now: opts.now,
    config_digest: configDigest(prepared.config, prepared.assets),
    findings: prepared.findingCount,
    exposures: full.exposureCount,
    decisions: full.decisions.length,
    issues: issues.length,
    deferred_routes: [...prepared.policy.routes.values()].filter((r) => DEFERRED_GROUPINGS.has(r.group_by)).map((r) => r.id).sort(),
    sources: prepared.stats,
    feeds: prepared.feeds,
    ledger: ledger?.digest() ?? null,
  };
  const manifestFile = join(opts.outDir, SHARD_MANIFEST);
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { problems, prepared, result, summary, manifest, files: [...files, manifestFile] };
}
