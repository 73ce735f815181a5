/**
 * A full garbage collection, asked for by the shell at the one moment it knows a
 * large part of the heap has just died: when the prepared findings are handed to
 * the cycle, the reports' parse trees and the intern pools are garbage.
 *
 * Why ask at all: V8 sizes the old generation from the live size it saw at its last
 * full collection, times a growth factor of up to 2 or more. The last one before the
 * hand-over ran while ingest's garbage was still counted, so the cycle was allowed to
 * grow the heap far past what it ever held live. On the generated full-size estate
 * (docs/scale.md) one collection here took the run's peak RSS from 2,283 to about
 * 1,660 MiB, for about a second of CPU.
 *
 * `gc()` exists only with `--expose-gc`, which neither the CLI's shebang nor the
 * Action's runner can pass portably. Setting the flag at run time makes V8 install
 * `gc` in contexts created afterwards: one new context is made to fetch it, and the
 * flag is set back. Where that is not possible, this does nothing: collecting is an
 * optimisation, never needed for a correct result.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * After a full collection V8 lets the heap grow to the live size times a factor it
 * picks from how fast collection runs — about 2 on the generated estate, so a run
 * peaked near twice what it ever held live. A run of ctem holds one large structure
 * at a time (the findings, then the decisions) and makes its garbage in short-lived
 * pieces, so a smaller factor costs few extra collections: at size 0.25, 1.6 took the
 * peak from 652 to 559 MiB for no measurable time; 1.3 to 511 MiB for 15% more CPU.
 * Set once, for the process, by the shell before ingest; a `--heap-growing-percent`
 * given to node itself is left as it is.
 */
export const HEAP_GROWING_PERCENT = 60;

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
