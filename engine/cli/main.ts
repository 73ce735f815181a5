/** The `ctem` command line: a thin shell that dispatches to commands and turns errors into exit codes. */
import { suggest } from '../config/suggest.ts';
import { CtemError, ExitCode } from '../errors.ts';
import { helpText, parseCommandArgs, type Command } from './command.ts';
import { discoverCommand } from './commands/discover.ts';
import { explainCommand } from './commands/explain.ts';
import { feedsCommand } from './commands/feeds.ts';
import { graphCommand } from './commands/graph.ts';
import { historyCommand } from './commands/history.ts';
import { initCommand } from './commands/init.ts';
import { mergeShardsCommand } from './commands/merge-shards.ts';
import { planCommand } from './commands/plan.ts';
import { runCommand } from './commands/run.ts';
import { testCommand } from './commands/test.ts';
import { validateCommand } from './commands/validate.ts';
import { processIo, type Io } from './io.ts';
import { reportProblems } from './report-problems.ts';

export const COMMANDS: readonly Command[] = [initCommand, validateCommand, testCommand, runCommand, planCommand, explainCommand, graphCommand, historyCommand, discoverCommand, feedsCommand, mergeShardsCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'ctem — Continuous Threat Exposure Management as code',
    '',
    'Usage: ctem <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ctem <command> --help` for a command\'s options. Documentation: README.md and docs/.',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version') {
    io.out('ctem 0.1.0');
    return ExitCode.ok;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  try {
    if (!cmd) {
      const guess = suggest(name, COMMANDS.map((c) => c.name));
      throw new CtemError(
        { code: 'usage', severity: 'error', message: `ctem: unknown command '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}`, hint: 'see ctem --help' },
        ExitCode.usage,
      );
    }
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      io.out(helpText(cmd));
      return ExitCode.ok;
    }
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof CtemError) {
      reportProblems(err.problems, io);
      return err.exitCode;
    }
    io.err(`ctem: internal error (this is a bug; please report it with the output below)`);
    io.err((err as Error).stack ?? String(err));
    return ExitCode.internal;
  }
}

// Run when executed directly (bin/ctem.js imports this module).
export async function cli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
