import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../engine/errors.ts';
import { checkPlanHeap, PLAN_HEAP_BYTES_PER_EXPOSURE } from '../../../engine/plan/heap-need.ts';

const MIB = 2 ** 20;
/** The heap Node allows itself on a standard 2-core runner of 7 GB. */
const STANDARD_RUNNER = 2_096 * MIB;

describe("ctem plan's heap check", () => {
  it('lets the full-size estate (775,796 exposures) compare in a standard runner, as measured', () => {
    expect(checkPlanHeap(775_796, STANDARD_RUNNER)).toEqual([]);
  });

  it('refuses twice that before deciding, saying how much heap it needs and how to give it', () => {
    const [p, ...rest] = checkPlanHeap(1_551_592, STANDARD_RUNNER);
    expect(rest).toEqual([]);
    expect(formatProblem(p!)).toBe(`comparing 1551592 exposures under two configurations needs about ${Math.ceil((1_551_592 * PLAN_HEAP_BYTES_PER_EXPOSURE) / MIB)} MiB of heap; this Node process may use 2096 MiB`);
    expect(p!.hint).toBe('run ctem plan with NODE_OPTIONS=--max-old-space-size=5632, on a machine with that much memory free (docs/plan.md)');
  });
});
