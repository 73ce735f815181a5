/**
 * A sharded run and the decision ledger: the shards read first-seen dates and
 * previous decisions from it (`ctem run --shard K/N --ledger`), the merge step
 * records the run (`ctem merge-shards --ledger`), and the ledger ends up exactly as
 * unsharded runs leave it, run after run. Two clones of one exposure repository
 * (same commits, so the same policy commits in every decision): one run whole,
 * one sharded; their ledger branches must hold the same tree.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import { exposureRepo, type TestRepo } from '../../support/ledger-repo.ts';
import { runCli } from '../../support/cli.ts';
import { planShards } from './plan-shards.ts';

const DAY1 = '2026-11-01T06:00:00.000Z';
const DAY2 = '2026-11-08T06:00:00.000Z';
const N = 3;
const GATEWAY_REPORT = 'reports/edge-gateway.trivy.json';

const tree = async (r: TestRepo) => (await r.git.raw(['rev-parse', 'ctem-ledger^{tree}'])).trim();

async function shards(repo: TestRepo, work: string, now: string, ledger: boolean): Promise<string[]> {
  const { dirs, runs } = await planShards(N, await mkdtemp(join(work, 'shards-')), { now, dir: repo.dir, args: ledger ? ['--ledger'] : [] });
  if (ledger) for (const r of runs) expect(r.stdout).toContain('ledger: first-seen dates and previous decisions read from the ledger; `ctem merge-shards --ledger` records the run');
  return dirs;
}

describe('a sharded run with the decision ledger', () => {
  let whole: TestRepo;
  let sharded: TestRepo;
  let work: string;

  beforeAll(async () => {
    whole = await exposureRepo();
    work = await mkdtemp(join(tmpdir(), 'ctem-shard-ledger-'));
    const dir = join(work, 'sharded-repo');
    await simpleGit().clone(whole.dir, dir, ['--quiet']);
    const git = simpleGit({ baseDir: dir });
    await git.removeRemote('origin');
    sharded = { dir, git };
  });

  it('records, run after run, exactly the ledger unsharded runs record', async () => {
    for (const [i, now] of [DAY1, DAY2].entries()) {
      if (i === 1) {
        // Between the runs the edge gateway's scanner reports nothing (an optional source): its records close, the others keep their first-seen dates.
        for (const repo of [whole, sharded]) await rm(join(repo.dir, GATEWAY_REPORT));
      }
      const w = await runCli(['run', '--dry-run', '--ledger', '--dir', whole.dir, '--out', join(work, `whole-${i}`)], { now });
      expect(w.code, w.stderr.join('\n')).toBe(0);
      const dirs = await shards(sharded, work, now, true);
      const m = await runCli(['merge-shards', '--ledger', '--dir', sharded.dir, '--out', join(work, `merged-${i}`), ...dirs]);
      expect(m.code, m.stderr.join('\n')).toBe(0);
      const recorded = (r: typeof m) => r.stdout.find((l) => l.startsWith('ledger: recorded in'))!.replace(/ @ [0-9a-f]{12}/, '');
      expect(recorded(m)).toBe(recorded(w));
      expect(await tree(sharded), `the ledger after run ${i + 1}`).toBe(await tree(whole));
    }
  }, 240_000);

  it('refuses to record shards that ran without --ledger, or on a ledger that has moved since', async () => {
    const without = await shards(sharded, work, DAY2, false);
    const r = await runCli(['merge-shards', '--ledger', '--dir', sharded.dir, '--out', join(work, 'refused-1'), ...without]);
    expect(r.code).toBe(4);
    expect(r.stderr.join('\n')).toContain('the shards ran without --ledger');

    const read = await shards(sharded, work, DAY2, true);
    // Another run is recorded after the shards read the ledger (a day later: a run at the same time with the same
    // decisions would leave the ledger's memory as it was, and merging would be right).
    expect((await runCli(['run', '--dry-run', '--ledger', '--dir', sharded.dir, '--out', join(work, 'between')], { now: '2026-11-09T06:00:00.000Z' })).code).toBe(0);
    const moved = await runCli(['merge-shards', '--ledger', '--dir', sharded.dir, '--out', join(work, 'refused-2'), ...read]);
    expect(moved.code).toBe(4);
    expect(moved.stderr.join('\n')).toMatch(/the ledger has changed since the shards read it\n {2}hint: run the shards again/);

    // Shards that read the ledger and shards that did not are not one run.
    const mixed = await runCli(['merge-shards', '--dir', sharded.dir, '--out', join(work, 'refused-3'), read[0]!, ...without.slice(1)]);
    expect(mixed.code).toBe(4);
    expect(mixed.stderr.join('\n')).toContain('read the ledger and no ledger');
  }, 240_000);
});
