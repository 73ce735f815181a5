/**
 * Which shard of how many: `K/N` on the command line (`--shard 2/8`), 1-based as a
 * GitHub Actions matrix counts. Pure.
 */
import { CtemError, ExitCode } from '../errors.ts';

export interface ShardSpec {
  /** 1-based: 1 ≤ index ≤ count. */
  index: number;
  count: number;
}

/** More shards than this is a typo, not a plan: a matrix has at most 256 jobs. */
export const MAX_SHARDS = 256;

export function parseShardSpec(text: string): ShardSpec {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new CtemError(
      {
        code: 'usage',
        severity: 'error',
        message: `--shard must be K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS}, not '${text}'`,
        hint: 'in a matrix: --shard ${{ matrix.shard }}/${{ strategy.job-total }}',
      },
      ExitCode.usage,
    );
  }
  return { index, count };
}

export const formatShard = (s: ShardSpec): string => `${s.index}/${s.count}`;
