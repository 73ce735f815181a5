/**
 * One scratch directory for the whole test run, removed when the run ends. `TMPDIR`
 * (and `TMP`, `TEMP`: what Node reads on Windows) points at it, so every directory a
 * test makes under `os.tmpdir()` goes there, and so do those of the CLI and git
 * processes the tests start. Without it, each run of the suite left several thousand
 * directories behind in the machine's temporary directory (gigabytes over a day of
 * runs). Vitest's `globalSetup`: it runs before the test processes start, and they
 * inherit the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAMES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'ctem-tests-'));
  const previous = NAMES.map((n) => process.env[n]);
  for (const n of NAMES) process.env[n] = dir;
  return () => {
    NAMES.forEach((n, i) => {
      const value = previous[i];
      if (value === undefined) delete process.env[n];
      else process.env[n] = value;
    });
    rmSync(dir, { recursive: true, force: true });
  };
}
