import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCOPE_DRIFT_SHOWN, scopeDriftLine, summarise, writeOutputs } from '../../../engine/app/outputs.ts';
import { cycleInputFrom, prepareRun } from '../../../engine/app/prepare.ts';
import { runCycle } from '../../../engine/cycle.ts';
import { repoRoot } from '../../support/corpus.ts';
import { recordingProgress } from '../../support/recording-progress.ts';

describe("the console's scope-drift line", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `host-${String(i + 1).padStart(4, '0')}`);

  it('is absent when every asset is in a scope', () => {
    expect(scopeDriftLine([])).toBeUndefined();
  });

  it('names every asset when there are few', () => {
    expect(scopeDriftLine(['legacy-ftp', 'hackathon-bot'])).toBe('scope drift: 2 asset(s) in no scope: legacy-ftp, hackathon-bot');
    expect(scopeDriftLine(ids(SCOPE_DRIFT_SHOWN))).not.toContain('more');
  });

  it('names the first few of thousands and says how many more plan.md lists', () => {
    const line = scopeDriftLine(ids(5000))!;
    expect(line).toBe(`scope drift: 5000 asset(s) in no scope: ${ids(SCOPE_DRIFT_SHOWN).join(', ')} and ${5000 - SCOPE_DRIFT_SHOWN} more (plan.md lists them all)`);
    expect(line.length).toBeLessThan(250);
  });
});

describe('writing the outputs', () => {
  it('reports every decision and action written to a bar, and writes the same files as without one', async () => {
    const now = '2026-11-28T10:00:00.000Z';
    const { prepared } = await prepareRun(repoRoot, now);
    const result = runCycle(cycleInputFrom(prepared!, now));
    const summary = summarise(result, prepared!.findingCount);
    const { progress, events } = recordingProgress();
    const [plain, barred] = [await mkdtemp(join(tmpdir(), 'ctem-out-')), await mkdtemp(join(tmpdir(), 'ctem-out-'))];
    await writeOutputs(plain, result, summary, prepared!.stats, { now, dryRun: true });
    await writeOutputs(barred, result, summary, prepared!.stats, { now, dryRun: true }, progress);
    const items = result.decisions.length + result.plan.actions.length;
    expect(events).toEqual([`start writing decisions.ndjson, plan.json, plan.md ${items} items`, `update ${items}`, 'stop']);
    for (const f of ['decisions.ndjson', 'plan.json', 'plan.md']) expect(await readFile(join(barred, f), 'utf8')).toBe(await readFile(join(plain, f), 'utf8'));
  });
});
