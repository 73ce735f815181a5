/**
 * How far each ingest worker has read the file it is on, in memory the main thread
 * shares with it, so that the one progress bar moves while a worker reads a large
 * file, not only when the file's findings arrive (files-progress.ts). Two numbers
 * per worker: the job it is reading (its id + 1; 0 for none) and the bytes read.
 * Reads and writes are atomic; the pair is not, and need not be: the bar never goes
 * back, and a finished file counts by its size alone.
 */
const SLOT = 2;

/** Shared memory for `workers` workers' reading positions. */
export function readingBuffer(workers: number): SharedArrayBuffer {
  return new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT * SLOT * workers);
}

/** The worker's side: where it is in its current file. */
export class ReadingSlot {
  private readonly cells: BigInt64Array;
  private readonly at: number;

  constructor(buffer: SharedArrayBuffer, slot: number) {
    this.cells = new BigInt64Array(buffer);
    this.at = slot * SLOT;
  }

  /** Starting job `id`: nothing of it read yet. */
  begin(id: number): void {
    Atomics.store(this.cells, this.at + 1, 0n);
    Atomics.store(this.cells, this.at, BigInt(id + 1));
  }

  read(bytes: number): void {
    Atomics.store(this.cells, this.at + 1, BigInt(Math.max(0, Math.floor(bytes))));
  }
}

/** The main thread's side: bytes read of files whose findings have not arrived yet (`finished(id)` false). */
export function bytesBeingRead(buffer: SharedArrayBuffer, finished: (id: number) => boolean): number {
  const cells = new BigInt64Array(buffer);
  let bytes = 0;
  for (let i = 0; i < cells.length; i += SLOT) {
    const job = Number(Atomics.load(cells, i)) - 1;
    if (job >= 0 && !finished(job)) bytes += Number(Atomics.load(cells, i + 1));
  }
  return bytes;
}
