import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { semiSpaceGiven, SEMI_SPACE_FLAG } from '../../../engine/app/young-generation.ts';
import { repoRoot } from '../../support/corpus.ts';

const entry = join(repoRoot, 'test', 'fixtures', 'young-generation', 'entry.ts');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env }, timeout: 60_000 });
  return { status: r.status, stderr: r.stderr, out: JSON.parse(r.stdout) as { execArgv: string[]; args: string[] } };
}

describe('the young generation of a run', () => {
  it('is taken as given when node was told a semi-space size, on its command line or in NODE_OPTIONS', () => {
    expect(semiSpaceGiven(['--max-semi-space-size=8'], undefined)).toBe(true);
    expect(semiSpaceGiven(['--max_semi_space_size', '8'], undefined)).toBe(true);
    expect(semiSpaceGiven([], '--enable-source-maps --max-semi-space-size=32')).toBe(true);
    expect(semiSpaceGiven(['--import', 'tsx'], '--max-old-space-size=4096')).toBe(false);
    expect(semiSpaceGiven([], undefined)).toBe(false);
    // Another option that merely starts the same way is not it.
    expect(semiSpaceGiven(['--max-semi-space-size-x=8'], undefined)).toBe(false);
  });

  it('runs an entry point again in a child node with the larger semi-space, its arguments and options kept, its exit code passed on', () => {
    const r = run(['3', 'plan', '--dry-run']);
    expect(r.status).toBe(3);
    expect(r.out.args).toEqual(['3', 'plan', '--dry-run']);
    expect(r.out.execArgv).toEqual(['--import', 'tsx', SEMI_SPACE_FLAG]);
  });

  it('does not respawn when node was given a semi-space size (NODE_OPTIONS is how to opt out)', () => {
    const r = run(['0'], { NODE_OPTIONS: '--max-semi-space-size=16' });
    expect(r.status).toBe(0);
    expect(r.out.execArgv).toEqual(['--import', 'tsx']);
  });
});
