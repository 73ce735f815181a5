/** `ctem merge-shards`: the merge job of a sharded run (docs/scale.md). */
import { relative, resolve } from 'node:path';
import { summaryTable } from '../../app/outputs.ts';
import { mergeShards, writeMerged } from '../../app/shard-merge.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import { progressFor } from '../../discover/progress.ts';
import { recordRunIn } from '../../ledger/run-ledger.ts';
import { str, type Command } from '../command.ts';
import { reportProblems } from '../report-problems.ts';
import { gitHubSettings, mobiliseAndRecord, repositoryOption } from './run-mobilise.ts';

export const mergeShardsCommand: Command = {
  name: 'merge-shards',
  summary: 'Combine the outputs of `ctem run --shard K/N` into the outputs of the whole run, and optionally mobilise it.',
  usage: 'ctem merge-shards [--dir DIR] [--out DIR] [--mobilise [--repository OWNER/NAME] [--cache FILE]] [--ledger] SHARD_DIR...',
  help: `Arguments:
  SHARD_DIR...          the --out directories of every shard of one run (1/N … N/N), in any order
Options:
  --dir DIR             the exposure repository, on the same commit as the shards (default: the current directory)
  --out DIR             where to write decisions.ndjson, plan.json and plan.md (default: out)
  --mobilise            then open, update and close issues and pull requests on GitHub from the merged run,
                        as \`ctem run\` without --dry-run does (GITHUB_TOKEN, GITHUB_API_URL; docs/mobilisation.md),
                        at the shards' clock; also writes mobilisation.json
  --repository O/N      with --mobilise: the exposure repository on GitHub (default: GITHUB_REPOSITORY)
  --cache FILE          with --mobilise: the ETag cache (default: .ctem/cache/etags.json in --dir)
  --ledger              record the merged run in the decision ledger (docs/ledger.md); every shard must have
                        run with --ledger on the same state of the ledger (checked)
Without --mobilise the result is byte for byte what \`ctem run --dry-run\` writes for the whole estate, and
nothing is sent to GitHub. Issues of routes grouped by owner and rule span assets, hence shards: they are
planned here.
Exit codes: 0 ok, 2 usage, or a Node heap too small for the merge (NODE_OPTIONS=--max-old-space-size), 3 invalid configuration, 4 missing, unreadable or mismatched shard outputs,
5 mobilisation failed (the next run converges from where it stopped), 7 the ledger branch diverged from its remote copy.`,
  options: { dir: { type: 'string' }, out: { type: 'string' }, mobilise: { type: 'boolean' }, repository: { type: 'string' }, cache: { type: 'string' }, ledger: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw new CtemError({ code: 'usage', severity: 'error', message: 'ctem merge-shards: name the shard output directories', hint: 'ctem merge-shards --out out shards/*' }, ExitCode.usage);
    }
    const mobilising = args.values.mobilise === true;
    if (!mobilising && (args.values.repository !== undefined || args.values.cache !== undefined)) {
      throw new CtemError({ code: 'usage', severity: 'error', message: 'ctem merge-shards: --repository and --cache are for --mobilise', hint: 'add --mobilise to open and update issues on GitHub' }, ExitCode.usage);
    }
    const repository = repositoryOption('ctem merge-shards', str(args.values.repository));
    // Checked before any shard is read, so a missing token costs nothing.
    if (mobilising) gitHubSettings(io, undefined, 'ctem merge-shards');
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const outDir = resolve(io.cwd, str(args.values.out) ?? 'out');
    const shardDirs = args.positionals.map((d) => resolve(io.cwd, d));
    // Bars on a terminal: reading each shard's decisions, writing the merged outputs.
    const progress = progressFor(io.errIsTTY, io.env);
    const r = await mergeShards({ root, shardDirs, ledger: args.values.ledger === true, progress });
    reportProblems(r.problems, io);
    const m = r.merged;
    if (!m) {
      const errors = r.problems.filter((p) => p.severity === 'error');
      io.err(`ctem merge-shards: ${errors.length} error(s); nothing was written`);
      if (errors.some((p) => p.code === 'heap-too-small')) return ExitCode.usage;
      return errors.some((p) => p.code === 'schema' || p.code === 'yaml-syntax') ? ExitCode.config : ExitCode.input;
    }
    const s = m.summary;
    io.out(`ctem merge-shards: ${shardDirs.length} shard(s) → ${s.findings} findings, ${s.exposures} exposures`);
    io.out('');
    for (const l of summaryTable(s)) io.out(l);
    io.out('');
    if (mobilising) {
      const options = { root, outDir, now: m.now, repository, cachePath: str(args.values.cache), command: 'ctem merge-shards', progress };
      return mobiliseAndRecord(io, m.context, m.result, { findings: s.findings, stats: m.sources }, options, m.ledger);
    }
    const files = await writeMerged(outDir, m, progress);
    const a = s.actions;
    io.out(`plan: ${a.create} issue(s) to open, ${a.update} to update, ${a.close} to close, ${a.reopen} to reopen (dry run: nothing sent to GitHub)`);
    io.out(`wrote ${files.map((f) => relative(io.cwd, f)).join(', ')}`);
    if (m.ledger) io.out(await recordRunIn(m.ledger, { ...m.result, now: m.now, dryRun: true }));
    return ExitCode.ok;
  },
};
