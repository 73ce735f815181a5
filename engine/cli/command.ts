/** The shape of a CLI command, and argument parsing with usage errors instead of exceptions. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CtemError, ExitCode } from '../errors.ts';
import type { Io } from './io.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Help text for each option, by option name. */
  help: string;
  options: OptionSpec;
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: cmd.allowPositionals ?? false,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new CtemError(
      { code: 'usage', severity: 'error', message: `ctem ${cmd.name}: ${(err as Error).message}`, hint: `see ctem ${cmd.name} --help` },
      ExitCode.usage,
    );
  }
}

export function helpText(cmd: Command): string {
  return `${cmd.summary}\n\nUsage: ${cmd.usage}\n\n${cmd.help.trimEnd()}\n  -h, --help            show this help\n`;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
