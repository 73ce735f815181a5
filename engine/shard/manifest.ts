/**
 * `shard.json`: what a shard wrote besides the ordinary outputs, so the merge step
 * can check the shards belong together and rebuild the run's summary. A file
 * format (docs/scale.md), hence snake_case.
 */
import type { SourceStats } from '../discover/ingest.ts';
import type { Decision } from '../model/decision.ts';
import type { ShardSpec } from './spec.ts';

export const SHARD_MANIFEST = 'shard.json';
export const SHARD_FORMAT = 1;

export interface ShardManifest {
  ctem_shard_format: number;
  shard: ShardSpec;
  /** The run's clock: every shard of one run, and the merge, must share it. */
  now: string;
  /** Digest of the configuration and the inventory the shard ran with (digest.ts). */
  config_digest: string;
  /** Raw findings of the whole run: every shard reads every report. */
  findings: number;
  /** Exposures of the whole run, and those this shard decided. */
  exposures: number;
  decisions: number;
  /** Issues this shard planned; issues of deferred routes are planned by the merge step. */
  issues: number;
  deferred_routes: string[];
  sources: SourceStats[];
  /** The feed versions the run decided with (what the ledger records of the run). */
  feeds?: Decision['feeds'];
  /**
   * With `--ledger`: the digest of the ledger the shard took first-seen dates and
   * previous decisions from (engine/ledger/state-digest.ts); null or absent without.
   */
  ledger?: string | null;
}
