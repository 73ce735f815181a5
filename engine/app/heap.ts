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
