/**
 * One progress bar for all the report files of a run, however they are read: a
 * file read on this thread moves the bar as its bytes are read; a file read on a
 * worker thread moves it as the worker reads it (threads/reading.ts: shown when this
 * thread draws, and every `intervalMs` while it waits), and by its whole size when
 * its findings arrive. A run of thousands of small reports, most of them read by
 * workers, is then as visible as one large file (progress.ts draws nothing below
 * its minimum size), and one large file read by a worker moves the bar as it goes.
 */
import { noProgress, type Progress, type ProgressBar } from './progress.ts';

/** How often the bar shows what workers have read while this thread waits for them. */
export const WORKER_PROGRESS_INTERVAL_MS = 250;

export class FilesProgress {
  /** Bytes of the files finished, on any thread. */
  private done = 0;
  /** Bytes read so far of the file this thread is reading. */
  private reading = 0;
  /** Bytes read so far of the files workers are reading and have not finished. */
  private workersReading: () => number = () => 0;
  /** The position drawn last: the bar never goes back (a worker's count and its finished file can cross). */
  private shown = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly bar: ProgressBar) {}

  /** A bar for `files` report files of `totalBytes` in all; a silent one without `progress`. */
  static start(progress: Progress | undefined, files: number, totalBytes: number): FilesProgress {
    return new FilesProgress((progress ?? noProgress).start(`${files.toLocaleString('en-US')} report file${files === 1 ? '' : 's'}`, totalBytes));
  }

  /**
   * Progress for the file this thread reads next: the readers report its bytes as
   * they go, and the bar shows them on top of what is finished. Never a bar of its own.
   */
  forFileOnThisThread(): Progress {
    return {
      start: () => ({
        update: (bytes) => {
          this.reading = bytes;
          this.draw();
        },
        stop: () => {},
      }),
    };
  }

  /** Show, on top of the rest, what `reading()` says workers have read of their unfinished files. */
  watchWorkers(reading: () => number, intervalMs = WORKER_PROGRESS_INTERVAL_MS): void {
    this.workersReading = reading;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.draw(true), intervalMs);
    // A bar never keeps the process alive.
    this.timer.unref();
  }

  /** A file is finished (on this thread or a worker): its whole size counts. */
  finished(bytes: number, onThisThread: boolean): void {
    this.done += bytes;
    if (onThisThread) this.reading = 0;
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.bar.stop();
  }

  /** Draws the position (the timer only when it moved). */
  private draw(onlyIfMoved = false): void {
    const before = this.shown;
    this.shown = Math.max(before, this.done + this.reading + this.workersReading());
    if (!onlyIfMoved || this.shown !== before) this.bar.update(this.shown);
  }
}
