import { describe, expect, it } from 'vitest';
import { cycleInputFrom, prepareRun } from '../../engine/app/prepare.ts';
import { runCycle } from '../../engine/cycle.ts';
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
});
