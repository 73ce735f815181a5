/** The shape of a CLI command, and argument parsing with usage errors instead of exceptions. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggest } from '../config/suggest.ts';
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
      { code: 'usage', severity: 'error', message: `ctem ${cmd.name}: ${describeParseError(cmd, err as Error & { code?: string })}`, hint: `see ctem ${cmd.name} --help` },
      ExitCode.usage,
    );
  }
}

/**
 * node:util's parseArgs messages, in ctem's words: lower case, no advice about `--`
 * (ctem takes no positional that starts with a dash), and "did you mean" for a
 * misspelt option.
 */
function describeParseError(cmd: Command, err: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(err.message)?.[1];
  if (quoted === undefined) return err.message;
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const names = [...Object.keys(cmd.options), 'help'].map((n) => `--${n}`);
      const guess = quoted.startsWith('--') ? suggest(quoted, names) : undefined;
      return `unknown option '${quoted}'${guess ? ` (did you mean '${guess}'?)` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted.replace(/ <value>$/, '');
      return / argument missing$/.test(err.message) ? `${option} needs a value` : `${option} takes no value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}': this command takes options only`;
    default:
      return err.message;
  }
}

export function helpText(cmd: Command): string {
  // `-h, --help` goes last in the option list, before any notes and the exit codes after it.
  const lines = cmd.help.trimEnd().split('\n');
  const options = lines.indexOf('Options:');
  let at = lines.length;
  if (options >= 0) {
    at = options + 1;
    while (at < lines.length && lines[at]!.startsWith(' ')) at++;
  }
  lines.splice(at, 0, '  -h, --help            show this help');
  return `${cmd.summary}\n\nUsage: ${cmd.usage}\n\n${lines.join('\n')}\n`;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
