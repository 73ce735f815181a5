/** Large outputs are written in pieces; the pieces must make exactly the text the whole-string version made. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndjsonLines, prettyJsonChunks, writeChunks, writeChunksTogether, type RoutedPiece } from '../../../engine/app/chunked-write.ts';

const cases: Record<string, unknown>[] = [
  {},
  { a: 1 },
  { actions: [] },
  { a: undefined, b: [1, { x: 'a\nb', y: [] }], f: null, g: () => 1, actions: [{ op: 'create', body: 'line 1\nline 2', labels: ['a'], n: undefined }, [1, [2, []]], null, 'q', {}], z: { deep: { er: [true] } } },
  { generated_at: '2026-11-28T12:00:00.000Z', summary: { byScope: [] }, actions: [{ op: 'close', key: 'k', comment: '"quoted" \\ and \u2028' }], unchanged: 0 },
  // What JSON leaves out or turns into null, at both depths; values with toJSON; text that looks like the wrapper.
  { a: () => 1, actions: [undefined, () => 1, { toJSON: () => 'j' }, '\n  ]\n}', { x: ['{\n  "x": '] }], b: new Date(0), c: Symbol('s'), d: '\n}' },
];

describe('writing large outputs in pieces', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i: pretty JSON pieces join to JSON.stringify(value, null, 2)', (_i, value) => {
    expect([...prettyJsonChunks(value, new Set(['actions', 'b']))].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('writes NDJSON as one line per item, and the file is the pieces in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-chunks-'));
    const items = Array.from({ length: 30_000 }, (_, i) => ({ i, text: 'x'.repeat(i % 100) }));
    await writeChunks(join(dir, 'a.ndjson'), ndjsonLines(items));
    expect(await readFile(join(dir, 'a.ndjson'), 'utf8')).toBe(items.map((x) => JSON.stringify(x)).join('\n') + '\n');
    await writeChunks(join(dir, 'empty'), ndjsonLines([]));
    expect(await readFile(join(dir, 'empty'), 'utf8')).toBe('');
  });

  it('prints an iterable under a streamed key as the array of its items, reading each once', () => {
    const items = [{ a: 1 }, 'x', [2]];
    let reads = 0;
    const once = (function* () {
      for (const x of items) {
        reads++;
        yield x;
      }
    })();
    expect([...prettyJsonChunks({ before: 1, actions: once, after: [] }, new Set(['actions']))].join('')).toBe(JSON.stringify({ before: 1, actions: items, after: [] }, null, 2));
    expect(reads).toBe(3);
    expect([...prettyJsonChunks({ actions: new Set<never>() }, new Set(['actions']))].join('')).toBe(JSON.stringify({ actions: [] }, null, 2));
  });

  it('writes several files from routed pieces: multi-byte text, pieces across buffer ends, and a piece larger than a buffer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-chunks-'));
    const pieces: RoutedPiece[] = [];
    const expected = ['', '', ''];
    const add = (file: number, text: string) => {
      pieces.push([file, text]);
      expected[file] += text;
    };
    for (let i = 0; i < 20_000; i++) {
      add(i % 2, `${i} — ⚠️ 🔥 é ${'y'.repeat(i % 300)}\n`);
      if (i === 7_000) add(1, '€'.repeat(1_500_000));
    }
    const paths = ['a', 'b', 'c'].map((f) => join(dir, f));
    await writeChunksTogether(paths, pieces);
    for (const [i, p] of paths.entries()) expect(await readFile(p, 'utf8')).toBe(expected[i]);
  });
});
