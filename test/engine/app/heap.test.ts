import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../engine/app/heap.ts';

/** A WeakRef to an object nothing else holds (made in its own function, so no local keeps it). */
function unreferenced(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('x') });
}

// A WeakRef's target is kept alive until the end of the job that created or read it.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('collectGarbage', () => {
  it('runs a full collection without --expose-gc: an unreferenced object is gone afterwards', async () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    const ref = unreferenced();
    await nextTurn();
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referenced', async () => {
    const kept = { payload: 'still here' };
    const ref = new WeakRef(kept);
    await nextTurn();
    collectGarbage();
    expect(ref.deref()).toBe(kept);
  });

  it('does not leave gc() on the global object', () => {
    collectGarbage();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
