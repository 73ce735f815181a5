/**
 * How far the heap may grow is V8's to measure, and depends on machine load: the
 * effect is measured by `npm run bench` (docs/scale.md). Here: that the flag is set,
 * once, and never over one given to node itself.
 */
import type * as v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', async (original) => ({ ...(await original<typeof v8>()), setFlagsFromString }));

async function freshHeapModule() {
  vi.resetModules();
  return import('../../../engine/app/heap.ts');
}

describe('boundHeapGrowth', () => {
  const execArgv = process.execArgv;
  beforeEach(() => setFlagsFromString.mockClear());
  afterEach(() => {
    process.execArgv = execArgv;
  });

  it('sets a growth factor of 1.8 for the process, once', async () => {
    const { boundHeapGrowth, HEAP_GROWING_PERCENT } = await freshHeapModule();
    boundHeapGrowth();
    boundHeapGrowth();
    expect(HEAP_GROWING_PERCENT).toBe(80);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=80']]);
  });

  it('leaves a factor given to node itself alone, in either spelling', async () => {
    for (const given of ['--heap-growing-percent=300', '--heap_growing_percent=20']) {
      process.execArgv = [...execArgv, given];
      const { boundHeapGrowth } = await freshHeapModule();
      boundHeapGrowth();
      expect(setFlagsFromString).not.toHaveBeenCalled();
    }
  });

  it('goes on with the default growth where V8 refuses the flag', async () => {
    setFlagsFromString.mockImplementationOnce(() => {
      throw new Error('unknown flag');
    });
    const { boundHeapGrowth } = await freshHeapModule();
    expect(() => boundHeapGrowth()).not.toThrow();
  });
});
