import { describe, expect, it } from 'vitest';
import { checkRunHeap, runHeapNeed } from '../../../engine/app/run-heap-need.ts';

const MIB = 2 ** 20;
/** The heap Node allows itself on a standard 2-core runner of 7 GB. */
const STANDARD = 2_096 * MIB;

describe("ctem run's heap need", () => {
  it('lets through the estates measured to complete in the standard heap', () => {
    expect(checkRunHeap(775_796, STANDARD, { ledger: false })).toEqual([]); // the bench's full estate
    expect(checkRunHeap(1_160_758, STANDARD, { ledger: false })).toEqual([]); // size 1.5
    expect(checkRunHeap(775_796, STANDARD, { ledger: true })).toEqual([]); // the full estate's steady ledger run
  });

  it('refuses the estate measured to run out of that heap, with the heap to give', () => {
    expect(checkRunHeap(1_550_000, STANDARD, { ledger: false })).toEqual([
      {
        code: 'heap-too-small',
        severity: 'error',
        message: 'deciding, planning and writing 1550000 exposures needs about 2336 MiB of heap; this Node process may use 2096 MiB',
        hint: 'run ctem run with NODE_OPTIONS=--max-old-space-size=3072, on a machine with that much memory free (docs/scale.md)',
      },
    ]);
  });

  it('counts the ledger as more heap per exposure, and says so', () => {
    expect(runHeapNeed(1_000_000, { ledger: true })).toBeGreaterThan(runHeapNeed(1_000_000, { ledger: false }));
    const [p] = checkRunHeap(1_000_000, STANDARD, { ledger: true });
    expect(p?.message).toMatch(/^deciding, planning and writing 1000000 exposures and recording them in the ledger needs about \d+ MiB/);
    expect(checkRunHeap(1_000_000, STANDARD, { ledger: false })).toEqual([]);
  });
});
