/**
 * The GitHub Action's inputs, turned into a ctem command line. Pure: the runner
 * passes inputs as INPUT_<NAME> environment variables; this maps them to argv.
 */
import { CtemError, ExitCode } from '../errors.ts';

export interface ActionInputs {
  command: string;
  dir: string;
  out: string;
  dryRun: boolean;
  base: string;
  args: string;
  /** For `plan` on a pull request: post the plan as the one sticky comment. */
  comment: boolean;
  /** The login whose comment is ctem's; empty: found from the token. */
  commentAuthor: string;
}

const COMMANDS = new Set(['run', 'plan', 'validate', 'test', 'graph']);

/** Read `INPUT_*` variables as the Actions runner sets them (name upper-cased, spaces as `_`, dashes kept). */
export function readInputs(env: Record<string, string | undefined>): ActionInputs {
  const get = (name: string, fallback: string) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim() || fallback;
  return {
    command: get('command', 'run'),
    dir: get('dir', '.'),
    out: get('out', 'ctem-out'),
    dryRun: ['true', 'yes', '1'].includes(get('dry-run', 'false').toLowerCase()),
    base: get('base', ''),
    args: get('args', ''),
    comment: !['false', 'no', '0'].includes(get('comment', 'true').toLowerCase()),
    commentAuthor: get('comment-author', ''),
  };
}

export function toArgv(i: ActionInputs): string[] {
  if (!COMMANDS.has(i.command)) {
    throw new CtemError(
      { code: 'usage', severity: 'error', message: `unknown action command '${i.command}'`, hint: `use one of: ${[...COMMANDS].join(', ')}` },
      ExitCode.usage,
    );
  }
  const argv = [i.command, '--dir', i.dir];
  if (i.command === 'run') {
    argv.push('--out', i.out);
    if (i.dryRun) argv.push('--dry-run');
  }
  if (i.command === 'plan') {
    if (i.base === '') {
      throw new CtemError({ code: 'usage', severity: 'error', message: "the 'plan' command needs the 'base' input", hint: 'base: ${{ github.event.pull_request.base.sha }}' }, ExitCode.usage);
    }
    argv.push('--base', i.base, '--format', 'markdown', '--out', i.out);
  }
  return [...argv, ...splitArgs(i.args)];
}

/** Split extra arguments on whitespace, honouring simple single and double quotes. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
