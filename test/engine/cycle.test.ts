import { describe, expect, it } from 'vitest';
import { cycleInputFrom, prepareRun } from '../../engine/app/prepare.ts';
import { runCycle, runCycles, type CycleResult } from '../../engine/cycle.ts';
import { repoRoot } from '../support/corpus.ts';
import { recordingProgress } from '../support/recording-progress.ts';

const NOW = '2026-11-28T10:00:00.000Z';

describe('the cycle', () => {
  it('reports deciding to a bar, from nothing to every exposure, and decides as it would without one', async () => {
    const { prepared } = await prepareRun(repoRoot, NOW);
    const { progress, events } = recordingProgress();
    const withBar = runCycle(cycleInputFrom(prepared!, NOW, { progress }));
    const n = withBar.exposureCount;
    expect(n).toBeGreaterThan(20);
    expect(events).toEqual([`start deciding exposures ${n} items`, 'update 0', `update ${n}`, 'stop']);
    expect(withBar.decisions).toEqual(runCycle(cycleInputFrom(prepared!, NOW)).decisions);
  });

  it('decides several inputs in one pass over the exposures exactly as a cycle of its own decides each', async () => {
    const { prepared } = await prepareRun(repoRoot, NOW);
    const now = cycleInputFrom(prepared!, NOW);
    // Another clock (exceptions expire, due dates pass) and only some assets: each side decides by its own input.
    const later = { ...cycleInputFrom(prepared!, '2027-04-01T00:00:00.000Z'), select: (f: { asset: string }) => f.asset !== 'payments-api' };
    const [a, b] = runCycles([now, later]) as [CycleResult, CycleResult];
    const comparable = (r: CycleResult) => ({ ...r, validation: undefined });
    expect(comparable(a)).toEqual(comparable(runCycle(now)));
    expect(comparable(b)).toEqual(comparable(runCycle(later)));
    expect(b.decisions.length).toBeLessThan(a.decisions.length);
    expect(b.problems.map((p) => p.code)).toContain('exception-expired-in-use');
  });
});
