/**
 * Streaming a text file line by line (`node:readline` over a read stream), so a file
 * of any size is read in memory bounded by its longest line. Line breaks (LF, CRLF,
 * CR) are removed; a UTF-8 byte order mark at the start of the file is dropped.
 */
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { noProgress, type Progress } from './progress.ts';
import { unreadable } from './read-report.ts';

/**
 * Calls `onLine` for each line, in order, with its 1-based number; returns the number
 * of lines. When `onLine` returns a promise (its consumer is full), reading waits for it.
 */
export async function readLines(
  path: string,
  display: string,
  onLine: (text: string, lineNo: number) => void | Promise<void>,
  progress: Progress = noProgress,
): Promise<number> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw unreadable(err, display);
  }
  const size = (await fh.stat()).size;
  const bar = progress.start(display, size);
  const stream = fh.createReadStream({ encoding: 'utf8', highWaterMark: 1024 * 1024 });
  let readError: unknown;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  // readline does not always pass on an input error to its iterator: end the loop, then report it.
  stream.on('error', (err) => {
    readError = err;
    lines.close();
  });
  stream.on('data', () => bar.update(stream.bytesRead));
  let n = 0;
  try {
    for await (const line of lines) {
      n += 1;
      const wait = onLine(n === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line, n);
      if (wait !== undefined) await wait;
    }
  } finally {
    lines.close();
    stream.destroy();
    bar.stop();
    await fh.close().catch(() => {});
  }
  if (readError !== undefined) throw unreadable(readError, display);
  return n;
}
