/**
 * `ctem run` refuses a cycle its heap cannot hold, once ingest has counted the exposures
 * and before deciding: one line and a hint, exit 2, never V8's fatal error. The heap
 * limit is made small here (the example's exposures fit in any real heap).
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as Heap from '../../../engine/app/heap.ts';
import { ExitCode } from '../../../engine/errors.ts';
import { runCli } from '../../support/cli.ts';

vi.mock('../../../engine/app/heap.ts', async (actual) => ({ ...(await actual<typeof Heap>()), heapLimitBytes: () => 64 * 2 ** 20 }));

describe('ctem run in a heap too small for the cycle', () => {
  it('exits 2 before deciding, saying how much heap it needs and how to give it, and writes nothing', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-run-heap-'));
    const r = await runCli(['run', '--dry-run', '--out', out]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContainEqual(expect.stringMatching(/^deciding, planning and writing \d+ exposures needs about \d+ MiB of heap; this Node process may use 64 MiB$/));
    expect(r.stderr).toContain('  hint: run ctem run with NODE_OPTIONS=--max-old-space-size=512, on a machine with that much memory free (docs/scale.md)');
    expect(r.stdout).toEqual([]);
    expect(await readdir(out)).toEqual([]);
  });
});
