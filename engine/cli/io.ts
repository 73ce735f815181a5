/** The CLI's window on the world, passed in so commands can be tested without a process. */
import { once } from 'node:events';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock, as an ISO timestamp. */
  now(): string;
  isTTY: boolean;
  /** stderr is a terminal: progress bars may be drawn there (never in CI logs, pipes or tests). */
  errIsTTY?: boolean;
  /**
   * A promise when stdout's buffer is full, resolved once it has drained; undefined when
   * more can be written now. Long streams of output wait on it, so that printing a
   * 2 GB NDJSON file never buffers it in memory. Absent (tests): never wait.
   */
  drain?(): Promise<void> | undefined;
  /**
   * Waiting (GitHub's write spacing, retry-after). Absent: real time. Tests pass one
   * that returns at once, and the waits are then counted instead of waited.
   */
  sleep?(ms: number): Promise<void>;
}

export function processIo(): Io {
  // `ctem run | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date().toISOString(),
    isTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
    drain: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : undefined),
  };
}
