/**
 * Combining the shards of one run. Pure: the shell (engine/app/shard-merge.ts)
 * reads the files and hands over their contents.
 *
 * Decisions partition by asset, so the run's decisions are the union of the
 * shards', in fingerprint order (the order of an unsharded run). Issues grouped
 * within one asset (by finding, by asset and package, by asset) were planned and
 * rendered whole by the shard that owns the asset; their bodies are reused.
 * Issues grouped across assets (by owner and rule) are planned here, from the
 * merged decisions.
 */
import type { Problem } from '../errors.ts';
import { heapTooSmall } from '../heap-need.ts';
import type { Decision } from '../model/decision.ts';
import type { Action } from '../mobilise/plan.ts';
import type { RouteConfig } from '../config/schema/policy.ts';
import type { ShardManifest } from './manifest.ts';
import { SHARD_FORMAT } from './manifest.ts';
import { formatShard } from './spec.ts';
import { sortByFingerprint } from '../model/fingerprint-order.ts';

/** Groupings whose issues can span assets, and so shards: planned only in the merge step. */
export const DEFERRED_GROUPINGS: ReadonlySet<RouteConfig['group_by']> = new Set(['owner-rule']);

export const isDeferred = (issue: { group_by: RouteConfig['group_by'] }): boolean => DEFERRED_GROUPINGS.has(issue.group_by);

export interface ShardInput {
  /** Where the shard's outputs were read from, for messages. */
  dir: string;
  manifest: ShardManifest;
}

const problem = (message: string, file?: string, hint?: string): Problem => ({ code: 'shard-mismatch', severity: 'error', message, file, hint });

/** Do these shards make up exactly one run, with the configuration the merge step sees? */
export function checkShards(shards: readonly ShardInput[], expectedDigest: string): Problem[] {
  const problems: Problem[] = [];
  if (shards.length === 0) return [problem('no shard directories given')];
  const first = shards[0]!;
  const count = first.manifest.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const m = s.manifest;
    if (m.ctem_shard_format !== SHARD_FORMAT) problems.push(problem(`unknown shard format ${String(m.ctem_shard_format)}`, s.dir));
    if (m.shard.count !== count) problems.push(problem(`shard ${formatShard(m.shard)} is of a run with ${m.shard.count} shards, not ${count}`, s.dir));
    const prev = seen.get(m.shard.index);
    if (prev !== undefined) problems.push(problem(`shard ${formatShard(m.shard)} given twice (also ${prev})`, s.dir));
    seen.set(m.shard.index, s.dir);
    if (m.now !== first.manifest.now) {
      problems.push(problem(`shard ${formatShard(m.shard)} ran at ${m.now}, shard ${formatShard(first.manifest.shard)} at ${first.manifest.now}`, s.dir, 'give every shard the same --now'));
    }
    if (m.config_digest !== expectedDigest) {
      problems.push(problem(`shard ${formatShard(m.shard)} ran with another configuration or inventory than this checkout`, s.dir, 'run the shards and the merge on the same commit'));
    }
    if ((m.ledger ?? null) !== (first.manifest.ledger ?? null)) {
      problems.push(problem(`shard ${formatShard(m.shard)} and shard ${formatShard(first.manifest.shard)} read ${m.ledger == null || first.manifest.ledger == null ? 'the ledger and no ledger' : 'different states of the ledger'}`, s.dir, 'run every shard with --ledger, after the same ledger fetch'));
    }
    if (m.findings !== first.manifest.findings || m.exposures !== first.manifest.exposures) {
      problems.push(problem(`shard ${formatShard(m.shard)} read ${m.findings} findings (${m.exposures} exposures), shard ${formatShard(first.manifest.shard)} ${first.manifest.findings} (${first.manifest.exposures})`, s.dir, 'every shard must read the same reports'));
    }
  }
  for (let k = 1; k <= count; k++) if (!seen.has(k)) problems.push(problem(`shard ${k}/${count} is missing`, undefined, 'pass every shard\'s output directory'));
  return problems;
}

/**
 * The heap a merge needs, per decision of the run: it holds every decision, parsed (their repeated
 * strings and lists shared: shared-parts.ts), and the bodies of the shards' issues (as bytes, outside
 * the heap: body-store.ts). Measured at its peak on the generated estate, two shards, in the heap of a
 * standard runner (2,096 MiB): 1,590 MiB for the 775,796 decisions of the full size (2,149 bytes
 * each), 571 MiB for the 199,115 of size 0.25 (docs/scale.md). A fifth more than the full size's,
 * as the estimate has to hold at the sizes where the heap runs short.
 */
export const MERGE_HEAP_BYTES_PER_DECISION = 2_600;

/**
 * What recording the merged run in the ledger (`--ledger`) adds, per decision: the ledger's state (the
 * blob id of every record, the index) and the records made to compare and write. Measured at full size
 * (two shards, a ledger holding every exposure, 2026-11-29): in a 2,096 MiB heap the merge ran out of
 * heap while recording, after writing its outputs; in a 4 GiB heap it still held 2,098 MiB after a full
 * collection while recording (2,836 bytes a decision, against a peak of 2,149 without `--ledger`).
 * With the same fifth added, 3,400 bytes a decision in all.
 */
export const MERGE_LEDGER_HEAP_BYTES_PER_DECISION = 800;

/**
 * Whether this process's heap (`limit`: V8's, from `--max-old-space-size` or, by default, from the
 * machine's memory) can hold the merge. Checked before any decision is read (engine/heap-need.ts).
 */
export function checkMergeHeap(shards: readonly ShardInput[], limit: number, opts: { ledger?: boolean } = {}): Problem[] {
  const decisions = shards.reduce((n, s) => n + s.manifest.decisions, 0);
  const need = decisions * (MERGE_HEAP_BYTES_PER_DECISION + (opts.ledger === true ? MERGE_LEDGER_HEAP_BYTES_PER_DECISION : 0));
  return heapTooSmall(`merging ${decisions} decisions${opts.ledger === true ? ' and recording them in the ledger' : ''}`, need, limit, 'the merge', 'docs/scale.md');
}

/** The run's decisions: every shard's, in fingerprint order. A fingerprint in two shards is an error. */
export function mergeDecisions(lists: readonly (readonly Decision[])[]): { decisions: Decision[]; problems: Problem[] } {
  const union: Decision[] = [];
  for (const l of lists) for (const d of l) union.push(d);
  const all = sortByFingerprint(union);
  const problems: Problem[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.fingerprint === all[i - 1]!.fingerprint) problems.push(problem(`exposure ${all[i]!.fingerprint} was decided by two shards`));
  }
  return { decisions: all, problems };
}

/**
 * Whether the ledger the merge step would record in is the one the shards learnt
 * from (`current`: its digest now). A shard without --ledger took no first-seen
 * dates: recording its decisions would restart every SLA.
 */
export function checkLedger(shards: readonly ShardInput[], current: string): Problem[] {
  const read = shards[0]?.manifest.ledger ?? null;
  if (read === null) return [problem('the shards ran without --ledger: their first-seen dates and due dates are this run\'s, not the ledger\'s', undefined, 'run every shard with --ledger to record the merged run')];
  if (read !== current) return [problem('the ledger has changed since the shards read it', undefined, 'run the shards again: another run was recorded in between')];
  return [];
}

/** Issue bodies the shards rendered, by issue key (from their plans' `create` actions). */
export function renderedBodies(plans: readonly { actions: readonly Action[] }[]): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const p of plans) {
    for (const a of p.actions) {
      const b = renderedBody(a);
      if (b !== undefined) bodies.set(b[0], b[1]);
    }
  }
  return bodies;
}

/** The issue key and body a shard rendered for one action of its plan: only a `create` action carries one. */
export function renderedBody(a: Action): readonly [key: string, body: string] | undefined {
  return a.op === 'create' ? [a.key, a.body] : undefined;
}
