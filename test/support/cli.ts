/** Run the CLI in-process with captured output: fast, and exactly what a user sees. */
import { main } from '../../engine/cli/main.ts';
import type { Io } from '../../engine/cli/io.ts';
import { repoRoot } from './corpus.ts';

export interface CliResult {
  code: number;
  stdout: string[];
  stderr: string[];
}

export async function runCli(argv: string[], opts: { cwd?: string; now?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = {
    out: (l) => stdout.push(...l.split('\n')),
    err: (l) => stderr.push(...l.split('\n')),
    env: opts.env ?? {},
    cwd: opts.cwd ?? repoRoot,
    now: () => opts.now ?? '2026-11-28T10:00:00.000Z',
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
