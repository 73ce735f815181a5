/** The CLI's window on the world, passed in so commands can be tested without a process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock, as an ISO timestamp. */
  now(): string;
  isTTY: boolean;
}

export function processIo(): Io {
  return {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date().toISOString(),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
