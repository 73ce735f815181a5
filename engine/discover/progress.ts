/**
 * Progress of long reads and long steps (deciding, writing), behind a small interface
 * so neither the discovery shell nor the cycle knows about terminals. The CLI passes
 * `terminalProgress()` only when stderr is a terminal (never in CI logs, pipes or
 * tests); everything else gets `noProgress`.
 */
import cliProgress from 'cli-progress';

export interface ProgressBar {
  /** How much is done so far: bytes read, or items (exposures, decisions) done. */
  update(done: number): void;
  stop(): void;
}

/** What a bar counts: bytes of an input read, or items of a step done. */
export type ProgressUnit = 'bytes' | 'items';

export interface Progress {
  /** A bar for `total` bytes of the input `label` (or items of the step `label`): a no-op bar for small ones. */
  start(label: string, total: number, unit?: ProgressUnit): ProgressBar;
}

const NO_BAR: ProgressBar = { update() {}, stop() {} };

export const noProgress: Progress = { start: () => NO_BAR };

/** Inputs smaller than this are read too quickly for a bar to help. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

/** Steps over fewer items than this (deciding, writing) take a few seconds at most: no bar. */
export const PROGRESS_MIN_ITEMS = 100_000;

/**
 * A loop over items moves its bar when `(i & PROGRESS_STEP_MASK) === 0`: every 4,096
 * items, often enough to move smoothly, too seldom to cost anything.
 */
export const PROGRESS_STEP_MASK = 4095;

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(0)} MiB`;
const count = (n: number): string => n.toLocaleString('en-US');

/** A bar on `stream` (stderr) for inputs of at least `minBytes`, and steps of at least `minItems`. */
export function terminalProgress(stream: NodeJS.WritableStream = process.stderr, minBytes = PROGRESS_MIN_BYTES, minItems = PROGRESS_MIN_ITEMS): Progress {
  return {
    start(label, total, unit = 'bytes') {
      if (total < (unit === 'bytes' ? minBytes : minItems)) return NO_BAR;
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
      const show = unit === 'bytes' ? mib : count;
      // The label can be a file name the user typed; shown as it is, minus control characters.
      // eslint-disable-next-line no-control-regex
      const payload = (done: number) => ({ label: label.replace(/[\u0000-\u001f\u007f]/g, '?'), done: show(done), size: show(total) });
      bar.start(total, 0, payload(0));
      return {
        update: (done) => bar.update(Math.min(done, total), payload(done)),
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
