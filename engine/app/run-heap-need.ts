/**
 * Whether `ctem run` fits in the heap, checked once the exposures are known (after
 * ingest) and before the cycle (engine/heap-need.ts). Pure.
 *
 * What a run holds at its largest is live data, not garbage: the merged exposures, then
 * their decisions and issues (docs/scale.md). Measured with `--trace-gc` in the heap
 * Node allows itself on a standard 2-core runner (2,096 MiB), 2026-11-29:
 *
 * - 775,796 exposures (the bench's full estate): at most 918 MiB live after a full
 *   collection; 1,160,758 exposures (size 1.5): 1,349 MiB, and the run completed;
 *   about 1,120 bytes an exposure beyond some 90 MiB that do not grow with them;
 * - about 2,000,000 findings (size 2, some 1.55 million exposures): 1,502 MiB live when
 *   the cycle started; V8 then collected for a minute at about 1,700 MiB live in a heap of
 *   2,076 MiB and stopped the process, out of heap, after 273 s;
 * - with `--ledger` (a steady run, at a quarter of the full size): about 440 bytes an
 *   exposure more (the ledger's index and each record as it is compared).
 *
 * So the need is live data over three quarters: V8 needs that much room to collect
 * without thrashing (completed at 65% of the heap, failed at 82%).
 */
import type { Problem } from '../errors.ts';
import { heapTooSmall } from '../heap-need.ts';

/** Live heap that does not grow with the exposures: feeds, inventory, policy, attack graph, code. */
const FIXED_LIVE_BYTES = 96 * 2 ** 20;
/** Live heap per exposure at the run's largest, without and with the ledger. */
const LIVE_BYTES_PER_EXPOSURE = 1_120;
const LEDGER_LIVE_BYTES_PER_EXPOSURE = 440;
/** The share of the heap live data may fill for V8 to collect it without thrashing. */
const LIVE_SHARE = 0.75;

export function runHeapNeed(exposures: number, opts: { ledger: boolean }): number {
  const perExposure = LIVE_BYTES_PER_EXPOSURE + (opts.ledger ? LEDGER_LIVE_BYTES_PER_EXPOSURE : 0);
  return (FIXED_LIVE_BYTES + exposures * perExposure) / LIVE_SHARE;
}

export function checkRunHeap(exposures: number, limit: number, opts: { ledger: boolean }): Problem[] {
  const doing = `deciding, planning and writing ${exposures} exposures${opts.ledger ? ' and recording them in the ledger' : ''}`;
  return heapTooSmall(doing, runHeapNeed(exposures, opts), limit, 'ctem run', 'docs/scale.md');
}
