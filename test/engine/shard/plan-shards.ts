/**
 * Every shard of a sharded run, as a matrix runs them: `ctem run --dry-run --shard
 * K/N --now NOW` for K = 1..N, each into its own directory under `outRoot`, each
 * required to succeed. For the sharding tests.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli, type CliResult } from '../../support/cli.ts';

export interface PlanShards {
  now: string;
  /** The exposure repository (default: this one, with the bundled example). */
  dir?: string;
  /** More arguments for every shard (`--ledger`). */
  args?: readonly string[];
}

/** The shards' output directories, in order, and what each printed. */
export async function planShards(n: number, outRoot: string, opts: PlanShards): Promise<{ dirs: string[]; runs: CliResult[] }> {
  const dirs: string[] = [];
  const runs: CliResult[] = [];
  for (let k = 1; k <= n; k++) {
    const out = join(outRoot, `shard-${k}`);
    const r = await runCli(['run', '--dry-run', '--shard', `${k}/${n}`, '--now', opts.now, ...(opts.dir ? ['--dir', opts.dir] : []), '--out', out, ...(opts.args ?? [])]);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    dirs.push(out);
    runs.push(r);
  }
  return { dirs, runs };
}
