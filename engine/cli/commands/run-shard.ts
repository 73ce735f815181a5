/**
 * `ctem run --dry-run --shard K/N [--now ISO]`: one job of a GitHub Actions matrix
 * (docs/scale.md). Called by the run command when --shard is given; the work is in
 * engine/app/shard-run.ts.
 */
import { relative, resolve } from 'node:path';
import { runShard } from '../../app/shard-run.ts';
import { summaryTable } from '../../app/outputs.ts';
import { progressFor } from '../../discover/progress.ts';
import { CtemError, ExitCode, exitCodeForProblems } from '../../errors.ts';
import { parseShardSpec, formatShard } from '../../shard/spec.ts';
import { str, type ParsedArgs } from '../command.ts';
import type { Io } from '../io.ts';
import { reportCycleProblems, reportPreparationProblems } from '../report-problems.ts';

const usage = (message: string, hint?: string) => new CtemError({ code: 'usage', severity: 'error', message: `ctem run: ${message}`, hint }, ExitCode.usage);

/** `--now`: an ISO 8601 date-time in UTC, as `date -u +%Y-%m-%dT%H:%M:%SZ` prints it. */
export function parseNow(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw usage(`--now must be a UTC date-time like 2026-11-28T06:17:00Z, not '${text}'`);
  }
  return new Date(text).toISOString();
}

export async function runShardCommand(args: ParsedArgs, io: Io): Promise<number> {
  const shardText = str(args.values.shard);
  if (shardText === undefined) throw usage('--now is only for shards (with --shard K/N)');
  const spec = parseShardSpec(shardText);
  if (args.values['dry-run'] !== true) {
    throw usage('a shard only plans: add --dry-run', 'shards plan; `ctem merge-shards --mobilise` combines them and mobilises the whole run (docs/scale.md)');
  }
  const nowText = str(args.values.now);
  const now = nowText !== undefined ? parseNow(nowText) : io.now();
  const root = resolve(io.cwd, str(args.values.dir) ?? '.');
  const outDir = resolve(io.cwd, str(args.values.out) ?? 'out');
  const r = await runShard({ root, outDir, now, spec, ledger: args.values.ledger === true, env: io.env, progress: progressFor(io.errIsTTY, io.env) });
  reportPreparationProblems(r.problems, r.result !== undefined, io);
  if (!r.result || !r.summary || !r.manifest || !r.files) {
    io.err(`ctem run: ${r.problems.filter((p) => p.severity === 'error').length} error(s); nothing was run`);
    return exitCodeForProblems(r.problems);
  }
  reportCycleProblems(r.problems, r.result.problems, io);
  const m = r.manifest;
  io.out(`ctem run --dry-run --shard ${formatShard(spec)}: ${m.findings} findings → ${m.exposures} exposures; this shard decided ${m.decisions} and planned ${m.issues} issue(s)`);
  io.out('');
  for (const l of summaryTable(r.summary)) io.out(l);
  io.out('');
  if (m.ledger) io.out('ledger: first-seen dates and previous decisions read from the ledger; `ctem merge-shards --ledger` records the run');
  if (m.deferred_routes.length) io.out(`issues of route(s) ${m.deferred_routes.join(', ')} group across assets: ctem merge-shards plans them`);
  io.out(`wrote ${r.files.map((f) => relative(io.cwd, f)).join(', ')}`);
  return ExitCode.ok;
}
