import { describe, expect, it } from 'vitest';
import { helpText, parseCommandArgs, type Command } from '../../../engine/cli/command.ts';
import { CtemError } from '../../../engine/errors.ts';
import { runCli } from '../../support/cli.ts';

const command = (over: Partial<Command> = {}): Command => ({
  name: 'demo',
  summary: 'A demo command.',
  usage: 'ctem demo [--dry-run] [--input FILE]',
  help: 'Options:\n  --dry-run             plan only\n  --input FILE          a file\nExit codes: 0 ok, 2 usage.',
  options: { 'dry-run': { type: 'boolean' }, input: { type: 'string' } },
  run: () => Promise.resolve(0),
  ...over,
});

const usageError = (cmd: Command, argv: string[]): string => {
  try {
    parseCommandArgs(cmd, argv);
  } catch (err) {
    expect(err).toBeInstanceOf(CtemError);
    expect((err as CtemError).exitCode).toBe(2);
    const [p] = (err as CtemError).problems;
    expect(p?.hint).toBe('see ctem demo --help');
    return p!.message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('command-line parsing', () => {
  it('names a misspelt option and suggests the right one', () => {
    expect(usageError(command(), ['--dryrun'])).toBe("ctem demo: unknown option '--dryrun' (did you mean '--dry-run'?)");
    expect(usageError(command(), ['--in', 'x'])).toBe("ctem demo: unknown option '--in' (did you mean '--input'?)");
    expect(usageError(command(), ['--bogus'])).toBe("ctem demo: unknown option '--bogus'");
  });

  it("does not pass on node's advice about '--' for commands that take arguments", () => {
    expect(usageError(command({ allowPositionals: true }), ['--bogus'])).toBe("ctem demo: unknown option '--bogus'");
  });

  it('says which option lacks a value, or has one it does not take', () => {
    expect(usageError(command(), ['--input'])).toBe('ctem demo: --input needs a value');
    expect(usageError(command(), ['--dry-run=yes'])).toBe('ctem demo: --dry-run takes no value');
  });

  it('refuses an argument a command does not take', () => {
    expect(usageError(command(), ['extra'])).toBe("ctem demo: unexpected argument 'extra': this command takes options only");
  });

  it('lists -h, --help with the options, before the exit codes', () => {
    expect(helpText(command()).split('\n').slice(-5)).toEqual([
      '  --dry-run             plan only',
      '  --input FILE          a file',
      '  -h, --help            show this help',
      'Exit codes: 0 ok, 2 usage.',
      '',
    ]);
  });

  it('gives one line and a hint for a misspelt option of a real command', async () => {
    const r = await runCli(['run', '--dryrun']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["ctem run: unknown option '--dryrun' (did you mean '--dry-run'?)", '  hint: see ctem run --help']);
  });
});
