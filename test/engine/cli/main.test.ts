import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

describe('ctem', () => {
  it('suggests the command a typo was meant to be', async () => {
    const r = await runCli(['runn', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["ctem: unknown command 'runn' (did you mean 'run'?)", '  hint: see ctem --help']);
  });

  it('names an unknown command without a guess when none is close', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["ctem: unknown command 'frobnicate'", '  hint: see ctem --help']);
  });
});
