/** Large outputs are written in pieces; the pieces must make exactly the text the whole-string version made. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndjsonLines, prettyJsonChunks, writeChunks } from '../../../engine/app/chunked-write.ts';

const cases: Record<string, unknown>[] = [
  {},
  { a: 1 },
  { actions: [] },
  { a: undefined, b: [1, { x: 'a\nb', y: [] }], f: null, g: () => 1, actions: [{ op: 'create', body: 'line 1\nline 2', labels: ['a'], n: undefined }, [1, [2, []]], null, 'q', {}], z: { deep: { er: [true] } } },
  { generated_at: '2026-11-28T12:00:00.000Z', summary: { byScope: [] }, actions: [{ op: 'close', key: 'k', comment: '"quoted" \\ and \u2028' }], unchanged: 0 },
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
});
