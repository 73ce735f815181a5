import { relative, resolve } from 'node:path';
import { cycleInputFrom, prepareRun } from '../../app/prepare.ts';
import { scopeDriftLine, summarise, summaryTable, writeOutputs } from '../../app/outputs.ts';
import { heapLimitBytes } from '../../app/heap.ts';
import { checkRunHeap } from '../../app/run-heap-need.ts';
import { runCycle } from '../../cycle.ts';
import { progressFor } from '../../discover/progress.ts';
import { ExitCode, exitCodeForProblems } from '../../errors.ts';
import { ledgerWanted, openRunLedger, recordRunIn } from '../../ledger/run-ledger.ts';
import { str, type Command } from '../command.ts';
import { reportCycleProblems, reportPreparationProblems, reportProblems } from '../report-problems.ts';
import { gitHubSettings, mobiliseAndRecord, repositoryOption } from './run-mobilise.ts';
import { runShardCommand } from './run-shard.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run the whole CTEM cycle: scope, discover, prioritise, validate, mobilise.',
  usage: 'ctem run [--dry-run] [--dir DIR] [--out DIR] [--ledger] [--repository OWNER/NAME] [--cache FILE] [--shard K/N [--now ISO]]',
  help: `Options:
  --dry-run             plan only: write and print what would happen on GitHub; needs no token.
                        Without it, ctem mobilises on GitHub: GITHUB_TOKEN (and GITHUB_API_URL, default
                        https://api.github.com) as GitHub Actions sets them (docs/mobilisation.md)
  --repository O/N      the exposure repository on GitHub, for scope-drift and exception-renewal pull
                        requests (default: GITHUB_REPOSITORY)
  --cache FILE          the ETag cache that makes unchanged runs nearly free (default: .ctem/cache/etags.json);
                        the listing snapshot is kept beside it (etags.listing.json)
  --dir DIR             the exposure repository (default: the current directory)
  --out DIR             where to write decisions.ndjson, plan.json and plan.md (default: out, in the
                        current directory, not under --dir)
  --shard K/N           with --dry-run: one job of a matrix of N; decide and plan for the assets of shard K
                        only, then combine the shards with \`ctem merge-shards\` (docs/scale.md)
  --now ISO             with --shard: the run's clock, the same for every shard (default: now)
  --ledger              record this run in the decision ledger (where ctem.yaml's ledger: says; default: branch ctem-ledger), and
                        take first-seen dates and previous decisions from it (docs/ledger.md); with --shard, only take
                        them: \`ctem merge-shards --ledger\` records the merged run
Exit codes: 0 ok, 2 usage, or a Node heap too small for the run (NODE_OPTIONS=--max-old-space-size), 3 invalid configuration,
4 malformed input report or feed, 5 mobilisation failed, 7 the ledger branch diverged from its remote copy.`,
  options: { 'dry-run': { type: 'boolean' }, dir: { type: 'string' }, out: { type: 'string' }, ledger: { type: 'boolean' }, repository: { type: 'string' }, cache: { type: 'string' }, shard: { type: 'string' }, now: { type: 'string' } },
  async run(args, io) {
    if (args.values.shard !== undefined || args.values.now !== undefined) return runShardCommand(args, io);
    const dryRun = args.values['dry-run'] === true;
    const repository = repositoryOption('ctem run', str(args.values.repository));
    // Checked before the cycle runs, so a missing token costs nothing.
    if (!dryRun) gitHubSettings(io, undefined);
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const outDir = resolve(io.cwd, str(args.values.out) ?? 'out');
    const now = io.now();
    // Bars on a terminal: reading the reports, deciding, writing (each long only on a large estate).
    const progress = progressFor(io.errIsTTY, io.env);
    const { prepared, problems } = await prepareRun(root, now, { env: io.env, progress });
    reportPreparationProblems(problems, prepared !== undefined, io);
    if (!prepared) {
      const errors = problems.filter((p) => p.severity === 'error');
      const code = exitCodeForProblems(errors);
      io.err(`ctem run: ${errors.length} error(s); nothing was run`);
      return code;
    }
    const recordsLedger = ledgerWanted(prepared.config.ctem.value, args.values.ledger === true, dryRun);
    // Before the cycle: out of heap, V8 stops the process with a native stack trace, after minutes of work.
    const heap = checkRunHeap(prepared.findings.length, heapLimitBytes(), { ledger: recordsLedger });
    if (heap.length > 0) {
      reportProblems(heap, io);
      return ExitCode.usage;
    }
    const ledger = recordsLedger ? await openRunLedger(root, prepared.config.ctem.value) : undefined;
    const result = runCycle(cycleInputFrom(prepared, now, { firstSeen: ledger?.memory.firstSeen, previous: ledger?.memory.previous, handOver: true, progress }));
    reportCycleProblems(problems, result.problems, io);
    const summary = summarise(result, prepared.findingCount);
    const recording = ledger && { ledger, policyCommits: prepared.policyCommits, feeds: prepared.feeds };
    if (!dryRun) {
      io.out(`ctem run: ${summary.findings} findings from ${prepared.stats.length} report(s) → ${summary.exposures} exposures on ${prepared.assets.length} assets`);
      io.out('');
      for (const l of summaryTable(summary)) io.out(l);
      io.out('');
      const options = { root, outDir, now, repository, cachePath: str(args.values.cache), progress };
      return mobiliseAndRecord(io, prepared, result, { findings: prepared.findingCount, stats: prepared.stats }, options, recording);
    }
    const files = await writeOutputs(outDir, result, summary, prepared.stats, { now, dryRun: true }, progress);
    io.out(`ctem run --dry-run: ${summary.findings} findings from ${prepared.stats.length} report(s) → ${summary.exposures} exposures on ${prepared.assets.length} assets`);
    io.out('');
    for (const l of summaryTable(summary)) io.out(l);
    io.out('');
    const a = summary.actions;
    io.out(`plan: ${a.create} issue(s) to open, ${a.update} to update, ${a.close} to close, ${a.reopen} to reopen (dry run: nothing sent to GitHub)`);
    const drift = scopeDriftLine(summary.unscopedAssets);
    if (drift !== undefined) io.out(drift);
    if (prepared.unresolved.size) io.out(`unknown assets: reports name ${prepared.unresolved.size} reference(s) the inventory does not know: ${[...prepared.unresolved].slice(0, 5).join(', ')}`);
    io.out(`wrote ${files.map((f) => relative(io.cwd, f)).join(', ')}`);
    if (recording) io.out(await recordRunIn(recording, { ...result, now, dryRun: true }));
    return ExitCode.ok;
  },
};
