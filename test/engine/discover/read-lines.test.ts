import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../engine/discover/progress.ts';
import { readLines } from '../../../engine/discover/read-lines.ts';
import { CtemError } from '../../../engine/errors.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('ctem-lines-');

async function linesOf(content: string | Buffer): Promise<[string, number][]> {
  const path = tmp.write('f.txt', content);
  const out: [string, number][] = [];
  const n = await readLines(path, 'f.txt', (text, lineNo) => {
    out.push([text, lineNo]);
  });
  expect(n).toBe(out.length);
  return out;
}

describe('reading a file line by line', () => {
  it('numbers lines from 1 and removes LF, CRLF and CR line breaks', async () => {
    expect(await linesOf('a\nb\r\nc\rd')).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
  });

  it('keeps empty lines (they have numbers too) but adds none at the end', async () => {
    expect(await linesOf('a\n\n\nb\n')).toEqual([['a', 1], ['', 2], ['', 3], ['b', 4]]);
    expect(await linesOf('')).toEqual([]);
  });

  it('drops a UTF-8 byte order mark on the first line only', async () => {
    expect(await linesOf('\uFEFFa\n\uFEFFb\n')).toEqual([['a', 1], ['\uFEFFb', 2]]);
  });

  it('decodes UTF-8 characters split across read chunks', async () => {
    const line = '€'.repeat(700_000); // 2.1 MB: several chunks, split mid-character
    expect(await linesOf(`${line}\nx\n`)).toEqual([[line, 1], ['x', 2]]);
  });

  it('reports progress in bytes and stops the bar', async () => {
    const path = tmp.write('p.txt', 'x'.repeat(3_000_000) + '\n');
    const seen: number[] = [];
    let stopped = 0;
    const progress: Progress = { start: (_label, total) => (seen.push(total), { update: (b) => seen.push(b), stop: () => stopped++ }) };
    await readLines(path, 'p.txt', () => {}, progress);
    expect(seen[0]).toBe(3_000_001);
    expect(seen[seen.length - 1]).toBe(3_000_001);
    expect(stopped).toBe(1);
  });

  it('stops at the first error its callback throws, and closes the file', async () => {
    const path = tmp.write('e.txt', 'a\nb\nc\n');
    const seen: number[] = [];
    await expect(readLines(path, 'e.txt', (_t, n) => { seen.push(n); if (n === 2) throw new Error('bad line'); })).rejects.toThrow('bad line');
    expect(seen).toEqual([1, 2]);
  });

  it('waits for a consumer that returns a promise before reading on', async () => {
    const path = tmp.write('w.txt', 'a\nb\nc\n');
    const events: string[] = [];
    await readLines(path, 'w.txt', (text) => {
      events.push(`line ${text}`);
      if (text !== 'b') return undefined;
      return new Promise<void>((done) => setTimeout(() => (events.push('drained'), done()), 20));
    });
    expect(events).toEqual(['line a', 'line b', 'drained', 'line c']);
  });

  it('says when the file is missing', async () => {
    await expect(readLines(tmp.dir + '/none.txt', 'none.txt', () => {})).rejects.toThrow(CtemError);
    await expect(readLines(tmp.dir + '/none.txt', 'none.txt', () => {})).rejects.toThrow('none.txt: file not found');
  });
});
