/**
 * `ctem plan` refuses a comparison its heap cannot hold, once it knows the exposures and
 * before deciding either side: one line and a hint, exit 2, never V8's fatal error. The
 * heap limit is made small here (the example's exposures fit in any real heap).
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Heap from '../../../engine/app/heap.ts';
import { ExitCode } from '../../../engine/errors.ts';
import { runCli } from '../../support/cli.ts';
import { exposureRepo } from '../../support/ledger-repo.ts';

vi.mock('../../../engine/app/heap.ts', async (actual) => ({ ...(await actual<typeof Heap>()), heapLimitBytes: () => 1024 }));

describe('ctem plan in a heap too small for the comparison', () => {
  it('exits 2 before deciding, saying how much heap it needs and how to give it', async () => {
    const repo = await exposureRepo();
    const r = await runCli(['plan', '--base', 'main', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContainEqual(expect.stringMatching(/^comparing \d+ exposures under two configurations needs about \d+ MiB of heap; this Node process may use 0 MiB$/));
    expect(r.stderr).toContain('  hint: run ctem plan with NODE_OPTIONS=--max-old-space-size=512, on a machine with that much memory free (docs/plan.md)');
    expect(r.stdout).toEqual([]);
  });
});
