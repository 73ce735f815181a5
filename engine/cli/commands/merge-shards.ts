/** `ctem merge-shards`: the merge job of a sharded run (docs/scale.md). */
import { relative, resolve } from 'node:path';
import { mergeShards } from '../../app/shard-merge.ts';
import { summaryTable } from '../../app/outputs.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import { str, type Command } from '../command.ts';
import { reportProblems } from '../report-problems.ts';

export const mergeShardsCommand: Command = {
  name: 'merge-shards',
  summary: 'Combine the outputs of `ctem run --shard K/N` into the outputs of the whole run.',
  usage: 'ctem merge-shards [--dir DIR] [--out DIR] SHARD_DIR...',
  help: `Arguments:
  SHARD_DIR...          the --out directories of every shard of one run (1/N … N/N), in any order
Options:
  --dir DIR             the exposure repository, on the same commit as the shards (default: the current directory)
  --out DIR             where to write decisions.ndjson, plan.json and plan.md (default: out)
The result is byte for byte what \`ctem run --dry-run\` writes for the whole estate. Issues of routes
grouped by owner and rule span assets, hence shards: they are planned here.
Exit codes: 0 ok, 2 usage, 3 invalid configuration, 4 missing, unreadable or mismatched shard outputs.`,
  options: { dir: { type: 'string' }, out: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw new CtemError({ code: 'usage', severity: 'error', message: 'ctem merge-shards: name the shard output directories', hint: 'ctem merge-shards --out out shards/*' }, ExitCode.usage);
    }
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const outDir = resolve(io.cwd, str(args.values.out) ?? 'out');
    const shardDirs = args.positionals.map((d) => resolve(io.cwd, d));
    const r = await mergeShards({ root, outDir, shardDirs });
    reportProblems(r.problems, io);
    if (!r.summary || !r.files) {
      const errors = r.problems.filter((p) => p.severity === 'error');
      io.err(`ctem merge-shards: ${errors.length} error(s); nothing was written`);
      return errors.some((p) => p.code === 'schema' || p.code === 'yaml-syntax') ? ExitCode.config : ExitCode.input;
    }
    const s = r.summary;
    io.out(`ctem merge-shards: ${shardDirs.length} shard(s) → ${s.findings} findings, ${s.exposures} exposures`);
    io.out('');
    for (const l of summaryTable(s)) io.out(l);
    io.out('');
    const a = s.actions;
    io.out(`plan: ${a.create} issue(s) to open, ${a.update} to update, ${a.close} to close, ${a.reopen} to reopen (dry run: nothing sent to GitHub)`);
    io.out(`wrote ${r.files.map((f) => relative(io.cwd, f)).join(', ')}`);
    return ExitCode.ok;
  },
};
