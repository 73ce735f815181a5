/**
 * One progress bar for all the report files of a run, however they are read: a
 * file read on this thread moves the bar as its bytes are read, a file read on a
 * worker thread moves it by its size when its findings arrive. A run of thousands
 * of small reports, most of them read by workers, is then as visible as one large
 * file (progress.ts draws nothing below its minimum size).
 */
import { noProgress, type Progress, type ProgressBar } from './progress.ts';

export class FilesProgress {
  /** Bytes of the files finished, on any thread. */
  private done = 0;
  /** Bytes read so far of the file this thread is reading. */
  private reading = 0;

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
          this.bar.update(this.done + this.reading);
        },
        stop: () => {},
      }),
    };
  }

  /** A file is finished (on this thread or a worker): its whole size counts. */
  finished(bytes: number, onThisThread: boolean): void {
    this.done += bytes;
    if (onThisThread) this.reading = 0;
    this.bar.update(this.done + this.reading);
  }

  stop(): void {
    this.bar.stop();
  }
}
