import { relative, resolve } from 'node:path';
import { prepareRun } from '../../app/prepare.ts';
import { summarise, summaryTable, writeOutputs } from '../../app/outputs.ts';
import { runCycle } from '../../cycle.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import { str, type Command } from '../command.ts';
import { reportProblems } from '../report-problems.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run the whole CTEM cycle: scope, discover, prioritise, validate, mobilise.',
  usage: 'ctem run --dry-run [--dir DIR] [--out DIR]',
  help: `Options:
  --dry-run             plan only: write and print what would happen on GitHub; needs no token
  --dir DIR             the exposure repository (default: the current directory)
  --out DIR             where to write decisions.ndjson, plan.json and plan.md (default: out)
Exit codes: 0 ok, 2 usage, 3 invalid configuration, 4 malformed input report or feed, 5 mobilisation failed.`,
  options: { 'dry-run': { type: 'boolean' }, dir: { type: 'string' }, out: { type: 'string' } },
  async run(args, io) {
    if (!args.values['dry-run']) {
      throw new CtemError(
        { code: 'usage', severity: 'error', message: 'ctem run: only --dry-run is available in this version', hint: 'run `ctem run --dry-run`' },
        ExitCode.usage,
      );
    }
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const outDir = resolve(io.cwd, str(args.values.out) ?? 'out');
    const now = io.now();
    const { prepared, problems } = await prepareRun(root, now);
    reportProblems(problems, io);
    if (!prepared) {
      const errors = problems.filter((p) => p.severity === 'error');
      const code = errors.some((p) => ['bad-report', 'json-syntax', 'unreadable', 'no-files', 'unknown-format', 'bad-feed'].includes(p.code)) &&
        !errors.some((p) => ['schema', 'yaml-syntax'].includes(p.code))
        ? ExitCode.input
        : ExitCode.config;
      io.err(`ctem run: ${errors.length} error(s); nothing was run`);
      return code;
    }
    const result = runCycle({
      config: prepared.config,
      policy: prepared.policy,
      assets: prepared.assets,
      findings: prepared.findings,
      enrich: prepared.enrich,
      feeds: prepared.feeds,
      policyCommits: prepared.policyCommits,
      firstSeen: new Map(),
      existingIssues: [],
      now,
    });
    reportProblems(result.problems, io);
    for (const e of result.ruleErrors.slice(0, 20)) io.err(`warning: rule '${e.rule}' failed on exposure ${e.fingerprint}: ${e.message}`);
    const summary = summarise(result, prepared.findings.length);
    const files = await writeOutputs(outDir, result, summary, prepared.stats, { now, dryRun: true });
    io.out(`ctem run --dry-run: ${summary.findings} findings from ${prepared.stats.length} report(s) → ${summary.exposures} exposures on ${prepared.assets.length} assets`);
    io.out('');
    for (const l of summaryTable(summary)) io.out(l);
    io.out('');
    const a = summary.actions;
    io.out(`plan: ${a.create} issue(s) to open, ${a.update} to update, ${a.close} to close, ${a.reopen} to reopen (dry run: nothing sent to GitHub)`);
    if (summary.unscopedAssets.length) io.out(`scope drift: ${summary.unscopedAssets.length} asset(s) in no scope: ${summary.unscopedAssets.join(', ')}`);
    if (prepared.unresolved.size) io.out(`unknown assets: reports name ${prepared.unresolved.size} reference(s) the inventory does not know: ${[...prepared.unresolved].slice(0, 5).join(', ')}`);
    io.out(`wrote ${files.map((f) => relative(io.cwd, f)).join(', ')}`);
    return ExitCode.ok;
  },
};
