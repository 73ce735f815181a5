/**
 * Progress of long reads, behind a small interface so the discovery shell does not
 * know about terminals. The CLI passes `terminalProgress()` only when stderr is a
 * terminal (never in CI logs, pipes or tests); everything else gets `noProgress`.
 */
import cliProgress from 'cli-progress';

export interface ProgressBar {
  /** Bytes read so far. */
  update(bytesDone: number): void;
  stop(): void;
}

export interface Progress {
  /** A bar for reading `totalBytes` of the input `label` (a no-op bar for small inputs). */
  start(label: string, totalBytes: number): ProgressBar;
}

const NO_BAR: ProgressBar = { update() {}, stop() {} };

export const noProgress: Progress = { start: () => NO_BAR };

/** Inputs smaller than this are read too quickly for a bar to help. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(0)} MiB`;

/** A bar on `stream` (stderr) for inputs of at least `minBytes`. */
export function terminalProgress(stream: NodeJS.WritableStream = process.stderr, minBytes = PROGRESS_MIN_BYTES): Progress {
  return {
    start(label, totalBytes) {
      if (totalBytes < minBytes) return NO_BAR;
      const bar = new cliProgress.SingleBar(
        {
          stream,
          format: '{label} [{bar}] {percentage}% | {done} of {size} | {eta_formatted} left',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      // The label is a file name the user typed; shown as it is, minus control characters.
      // eslint-disable-next-line no-control-regex
      const payload = (done: number) => ({ label: label.replace(/[\u0000-\u001f\u007f]/g, '?'), done: mib(done), size: mib(totalBytes) });
      bar.start(totalBytes, 0, payload(0));
      return {
        update: (done) => bar.update(Math.min(done, totalBytes), payload(done)),
        stop: () => bar.stop(),
      };
    },
  };
}

/**
 * Progress for a command: a terminal bar on stderr only when stderr is a terminal and
 * the run is not in CI (CI sets `CI`); otherwise none, so logs and pipes stay clean.
 */
export function progressFor(stderrIsTTY: boolean | undefined, env: Record<string, string | undefined>): Progress | undefined {
  if (stderrIsTTY !== true) return undefined;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return undefined;
  return terminalProgress();
}
