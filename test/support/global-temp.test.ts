/** The test run's temporary files go in one directory of its own, removed when the run ends (global-temp.ts). */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the test run\'s temporary directory', () => {
  it('is where os.tmpdir() points in a test', async () => {
    expect(basename(tmpdir())).toMatch(/^ctem-tests-/);
    const made = await mkdtemp(join(tmpdir(), 'ctem-x-'));
    expect(dirname(made)).toBe(tmpdir());
  });
});
