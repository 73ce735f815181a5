/**
 * Whether `ctem plan` fits in the heap, checked once the exposures are known and before
 * either side is decided (engine/heap-need.ts). Pure.
 */
import type { Problem } from '../errors.ts';
import { heapTooSmall } from '../heap-need.ts';

/**
 * Heap per exposure for comparing two configurations: both sides' decisions and issues, held
 * together for the comparison (the exposures are let go as both sides decide them). Measured at
 * full size (775,796 exposures, 2026-11-29): a peak of 1,741 MiB of heap in use, garbage
 * included, in a 2,096 MiB heap (2,353 bytes an exposure); a fifth more, as for the merge.
 */
export const PLAN_HEAP_BYTES_PER_EXPOSURE = 2_800;

export function checkPlanHeap(exposures: number, limit: number): Problem[] {
  return heapTooSmall(`comparing ${exposures} exposures under two configurations`, exposures * PLAN_HEAP_BYTES_PER_EXPOSURE, limit, 'ctem plan', 'docs/plan.md');
}
