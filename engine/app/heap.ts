/**
 * How big the heap of a run gets. V8 lets the old generation grow to the live size
 * at its last full collection times a factor it picks itself (about 2 on the
 * generated estate), and with memory to spare it may not collect again for a long
 * time: a run peaked near twice what it ever held live (docs/scale.md, "What brought
 * the memory down"). Two things here, both asked for by the shell, neither needed for
 * a correct result:
 *
 * - `collectGarbage()`: a full collection at a moment the shell knows a large part of
 *   the heap has just died — when the findings are handed to the cycle (ingest's
 *   parse trees, the intern pools) and before writing (the cycle's temporaries).
 *   `gc()` exists only with `--expose-gc`, which neither the CLI's shebang nor the
 *   Action's runner can pass portably; setting the flag at run time makes V8 install
 *   `gc` in contexts created afterwards, so one new context is made to fetch it and
 *   the flag is set back.
 * - `boundHeapGrowth()`: a smaller growth factor for the process.
 *
 * Measured on the full-size estate (one run each, a 2-core machine): peak RSS 2,283
 * MiB without either; 2,021 with the collection at the hand-over; 1,970 with the one
 * before writing as well; then, with the exposures let go as they are decided
 * (engine/cycle.ts), 1,908 at V8's own growth (224 s of CPU), 1,737 at a factor of
 * 1.8 (216 s) and 1,563 at 1.6 (253 s: the extra collections start to cost). Hence 1.8.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * The growth factor, as V8's percent: 1.8 times the live size. A run holds one large
 * thing at a time (the findings, then the decisions) and makes its garbage in
 * short-lived pieces, so a smaller factor costs few extra collections. Set once, for
 * the process, by `prepareRun` before ingest; a `--heap-growing-percent` given to
 * node itself is left as it is.
 */
export const HEAP_GROWING_PERCENT = 80;

let growthBounded = false;

export function boundHeapGrowth(): void {
  if (growthBounded) return;
  growthBounded = true;
  // (V8 flags cannot be given in NODE_OPTIONS: the command line is the only other place.)
  if (process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // Not a V8 that knows the flag: the default growth applies.
  }
}

function findCollector(): (() => void) | null {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/** Run a full collection now. Returns whether one ran. */
export function collectGarbage(): boolean {
  if (collector === undefined) collector = findCollector();
  if (collector === null) return false;
  collector();
  return true;
}

/** The most heap this process may use: `--max-old-space-size` if given, else what V8 chose from the machine's memory. */
export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}
