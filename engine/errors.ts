/**
 * One error shape for everything a user can get wrong: a code, a message, a
 * location and a hint. The CLI prints problems as `file:line:col: message`
 * (1-based); nothing user-caused is ever shown as a stack trace.
 */

export type ProblemSeverity = 'error' | 'warning';

export interface Problem {
  /** Stable machine-readable code, e.g. `yaml-syntax`, `schema`, `unknown-scope`. */
  code: string;
  severity: ProblemSeverity;
  message: string;
  /** The file, as the user named it (relative to the repository root where possible). */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** JSON path into the document (`$.runs[0].results`), for reports without positions. */
  path?: string;
  hint?: string;
}

/** Process exit codes; documented in docs/cli.md. */
export const ExitCode = {
  ok: 0,
  /** An unexpected internal failure (a bug): the only case that prints a stack trace. */
  internal: 1,
  /** The command line itself is wrong (unknown command or flag, missing argument). */
  usage: 2,
  /** Configuration (ctem.yaml, scopes, policies, exceptions, templates) is invalid. */
  config: 3,
  /** An input report, inventory or feed is malformed or unreadable. */
  input: 4,
  /** Mobilisation failed part-way (GitHub error); the next run converges. */
  mobilise: 5,
  /** Policy tests failed (`ctem test`). */
  tests: 6,
  /**
   * The Git history a command needs is missing or inconsistent: a base ref that does
   * not exist or is not in a shallow clone, a ledger branch that diverged from its remote.
   */
  git: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Problem codes that mean "an input is bad" (a report, inventory, feed or evidence
 * file), not "the configuration is wrong": exit 4 rather than 3.
 */
export const INPUT_PROBLEM_CODES: ReadonlySet<string> = new Set([
  'bad-report', 'json-syntax', 'unreadable', 'no-files', 'unknown-format', 'bad-feed',
  'bad-inventory', 'github-inventory', 'duplicate-asset',
]);

/**
 * The exit code for a run that stopped on these problems: 4 when the errors are
 * about inputs, 3 when any is a configuration error (a YAML syntax or schema error
 * is always the configuration's, and is fixed first).
 */
export function exitCodeForProblems(problems: readonly Problem[]): ExitCode {
  const errors = problems.filter((p) => p.severity === 'error');
  const input = errors.some((p) => INPUT_PROBLEM_CODES.has(p.code)) && !errors.some((p) => p.code === 'schema' || p.code === 'yaml-syntax');
  return input ? ExitCode.input : ExitCode.config;
}

/** A user-facing failure carrying one or more located problems. */
export class CtemError extends Error {
  readonly problems: Problem[];
  readonly exitCode: ExitCode;

  constructor(problems: Problem | Problem[], exitCode: ExitCode) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'CtemError';
    this.problems = list;
    this.exitCode = exitCode;
  }
}

/**
 * A malformed scanner report or feed, located by JSON path (or line number for
 * line-based formats). Thrown by pure parsers that do not know the file name;
 * the shell adds it.
 */
export class ReportError extends Error {
  readonly path: string;
  readonly line: number | undefined;

  constructor(path: string, message: string, line?: number) {
    super(message);
    this.name = 'ReportError';
    this.path = path;
    this.line = line;
  }
}

export function formatProblem(p: Problem): string {
  let where = '';
  if (p.file !== undefined) {
    where = p.file;
    if (p.line !== undefined) where += `:${p.line}:${p.column ?? 1}`;
    where += ': ';
  }
  const at = p.path !== undefined && p.line === undefined ? ` (at ${p.path})` : '';
  const level = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}${level}${p.message}${at}`;
}

/** Sort by file, then line, then column, then message: stable output for humans and tests. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.message.localeCompare(b.message),
  );
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');
