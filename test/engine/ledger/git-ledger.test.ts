import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CtemError, ExitCode } from '../../../engine/errors.ts';
import { readHistory } from '../../../engine/ledger/history.ts';
import { exposurePath } from '../../../engine/ledger/layout.ts';
import type { LedgerLocation } from '../../../engine/ledger/location.ts';
import { openLedger } from '../../../engine/ledger/open-ledger.ts';
import { recordRun } from '../../../engine/ledger/record-run.ts';
import { ledgerMemory } from '../../../engine/ledger/write-plan.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { exposureRepo, type TestRepo } from '../../support/ledger-repo.ts';
import { decision } from './decisions.ts';

const BRANCH: LedgerLocation = { kind: 'branch', branch: 'ctem-ledger', remote: 'origin' };
const A = 'aa00000000000000000a';
const B = 'bb00000000000000000b';

async function record(root: string, decisions: Decision[], now: string, location: LedgerLocation = BRANCH) {
  const ledger = await openLedger(root, location);
  return recordRun(ledger, await ledger.state(), {
    decisions,
    issues: [],
    plan: { actions: [], unchanged: 0 },
    now,
    dryRun: false,
    policyCommits: new Map(),
    feeds: {},
    configCommit: null,
  });
}

const rev = async (r: TestRepo, ref: string) => (await r.git.raw(['rev-parse', ref])).trim();

describe('the ledger on a branch', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await exposureRepo();
  });

  it('writes one commit per run on an orphan branch, never touching the working tree, the index or HEAD', async () => {
    // Work in progress of every kind, which a checkout would disturb.
    await writeFile(join(repo.dir, 'ctem.yaml'), (await readFile(join(repo.dir, 'ctem.yaml'), 'utf8')) + '# edited\n');
    await writeFile(join(repo.dir, 'notes.txt'), 'untracked\n');
    await repo.git.add('notes.txt');
    await writeFile(join(repo.dir, 'notes.txt'), 'untracked, then changed\n');
    const before = { status: await repo.git.raw(['status', '--porcelain']), head: await rev(repo, 'HEAD'), branch: await repo.git.raw(['symbolic-ref', 'HEAD']), index: await readFile(join(repo.dir, '.git', 'index')) };

    const r1 = await record(repo.dir, [decision(A), decision(B)], '2026-11-01T06:00:00.000Z');
    const r2 = await record(repo.dir, [decision(A, { priority: 'P1', due_date: '2026-11-08' })], '2026-11-02T06:00:00.000Z');

    expect(await repo.git.raw(['status', '--porcelain'])).toBe(before.status);
    expect(await rev(repo, 'HEAD')).toBe(before.head);
    expect(await repo.git.raw(['symbolic-ref', 'HEAD'])).toBe(before.branch);
    expect(await readFile(join(repo.dir, '.git', 'index'))).toEqual(before.index);

    expect((await repo.git.raw(['rev-list', 'ctem-ledger'])).trim().split('\n')).toEqual([r2.commit, r1.commit]);
    expect((await repo.git.raw(['rev-list', '--max-parents=0', 'ctem-ledger'])).trim()).toBe(r1.commit);
    expect(await repo.git.raw(['merge-base', 'ctem-ledger', 'main']).catch(() => '')).toBe('');
  });

  it('makes `git diff` between two runs show exactly what changed, and `git log` of one record its history', async () => {
    await record(repo.dir, [decision(A), decision(B)], '2026-11-01T06:00:00.000Z');
    await record(repo.dir, [decision(A, { priority: 'P1', due_date: '2026-11-08' })], '2026-11-02T06:00:00.000Z');
    await record(repo.dir, [decision(A, { priority: 'P1', due_date: '2026-11-08' })], '2026-11-03T06:00:00.000Z');

    const changed = (await repo.git.raw(['diff', '--name-status', 'ctem-ledger~2', 'ctem-ledger~1'])).trim().split('\n').sort();
    expect(changed).toEqual(
      [`M\t${exposurePath(A)}`, `D\t${exposurePath(B)}`, 'M\tindex/aa.tsv', 'M\tindex/bb.tsv', 'A\truns/2026/2026-11-02T060000.000Z.json', 'M\tsummary.json'].sort(),
    );
    const diff = await repo.git.raw(['diff', 'ctem-ledger~2', 'ctem-ledger~1', '--', exposurePath(A)]);
    expect(diff).toContain('-  "priority": "P3",');
    expect(diff).toContain('+  "priority": "P1",');

    const log = (await repo.git.raw(['log', '--format=%s', 'ctem-ledger', '--', exposurePath(A)])).trim().split('\n');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^ctem run 2026-11-02T06:00:00.000Z: 1 exposures \(0 new, 1 changed, 1 closed\)$/);

    const ledger = await openLedger(repo.dir, BRANCH);
    const history = await readHistory(ledger, B);
    expect(history.map((p) => [p.run_at, p.record?.priority ?? 'closed'])).toEqual([
      ['2026-11-01T06:00:00.000Z', 'P3'],
      ['2026-11-02T06:00:00.000Z', 'closed'],
    ]);
  });

  it('refuses a ledger that diverged from its remote copy, and writes nothing', async () => {
    const mine = await record(repo.dir, [decision(A)], '2026-11-01T06:00:00.000Z');
    // The remote's ledger was force-pushed: an unrelated history.
    const tree = (await repo.git.raw(['rev-parse', 'main^{tree}'])).trim();
    const theirs = (await repo.git.raw(['commit-tree', tree, '-m', 'rewritten'])).trim();
    await repo.git.raw(['update-ref', 'refs/remotes/origin/ctem-ledger', theirs]);

    const err = await openLedger(repo.dir, BRANCH).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CtemError);
    expect((err as CtemError).exitCode).toBe(ExitCode.git);
    expect((err as CtemError).problems[0]).toMatchObject({ code: 'ledger-diverged' });
    expect((err as CtemError).problems[0]!.message).toMatch(/'ctem-ledger' .* and 'origin\/ctem-ledger' .* have diverged/);
    expect((err as CtemError).problems[0]!.hint).toMatch(/git branch -f ctem-ledger origin\/ctem-ledger/);
    expect(await rev(repo, 'ctem-ledger')).toBe(mine.commit);

    // The documented recovery: make the remote's copy the ledger, and runs go on from it.
    await repo.git.raw(['branch', '-f', 'ctem-ledger', 'origin/ctem-ledger']);
    const next = await record(repo.dir, [decision(A)], '2026-11-02T06:00:00.000Z');
    expect((await repo.git.raw(['rev-parse', `${next.commit}^`])).trim()).toBe(theirs);
  });

  it('builds on the remote copy when the local branch is behind it, and on the local one when it is ahead', async () => {
    const r1 = await record(repo.dir, [decision(A)], '2026-11-01T06:00:00.000Z');
    const r2 = await record(repo.dir, [decision(A), decision(B)], '2026-11-02T06:00:00.000Z');
    // Behind: another runner pushed r2; this clone's branch is still at r1.
    await repo.git.raw(['update-ref', 'refs/remotes/origin/ctem-ledger', r2.commit!]);
    await repo.git.raw(['update-ref', 'refs/heads/ctem-ledger', r1.commit!]);
    const r3 = await record(repo.dir, [decision(A), decision(B)], '2026-11-03T06:00:00.000Z');
    expect((await repo.git.raw(['rev-parse', `${r3.commit}^`])).trim()).toBe(r2.commit);
    expect(r3.run.changes).toMatchObject({ new: 0, unchanged: 2 });
    // Ahead: r3 is not pushed yet.
    const r4 = await record(repo.dir, [decision(A)], '2026-11-04T06:00:00.000Z');
    expect((await repo.git.raw(['rev-parse', `${r4.commit}^`])).trim()).toBe(r3.commit);
  });

  it('refuses to overwrite a run another writer recorded while this one was running', async () => {
    await record(repo.dir, [decision(A)], '2026-11-01T06:00:00.000Z');
    const slow = await openLedger(repo.dir, BRANCH);
    const state = await slow.state();
    await record(repo.dir, [decision(B)], '2026-11-02T06:00:00.000Z');
    const tip = await rev(repo, 'ctem-ledger');
    const err = await recordRun(slow, state, { decisions: [decision(A)], issues: [], plan: { actions: [], unchanged: 0 }, now: '2026-11-02T07:00:00.000Z', dryRun: false, policyCommits: new Map(), feeds: {}, configCommit: null }).catch((e: unknown) => e);
    expect((err as CtemError).problems?.[0]).toMatchObject({ code: 'ledger-moved' });
    expect(await rev(repo, 'ctem-ledger')).toBe(tip);
  });
});

describe('the ledger in a directory', () => {
  it('writes the same files into the working tree for the workflow to commit, and reads them back on the next run', async () => {
    const repo = await exposureRepo();
    const dir: LedgerLocation = { kind: 'directory', directory: 'ledger' };
    await record(repo.dir, [decision(A), decision(B)], '2026-11-01T06:00:00.000Z', dir);
    expect(JSON.parse(await readFile(join(repo.dir, 'ledger', exposurePath(A)), 'utf8'))).toMatchObject({ fingerprint: A, priority: 'P3' });
    const second = await record(repo.dir, [decision(A)], '2026-11-02T06:00:00.000Z', dir);
    expect(second.commit).toBeUndefined();
    expect(second.run.changes).toMatchObject({ unchanged: 1, closed: 1 });
    await expect(readFile(join(repo.dir, 'ledger', exposurePath(B)))).rejects.toThrow();
    expect((await repo.git.raw(['rev-list', '--all'])).trim().split('\n')).toHaveLength(1);
  });

  it('tells the next run, as a branch does, when each exposure was last reported (from the run records it lists)', async () => {
    for (const location of [BRANCH, { kind: 'directory', directory: 'ledger' } as LedgerLocation]) {
      const repo = await exposureRepo();
      await record(repo.dir, [decision(A), decision(B)], '2026-11-01T06:00:00.000Z', location);
      await record(repo.dir, [decision(A)], '2026-11-02T06:00:00.000Z', location);
      const ledger = await openLedger(repo.dir, location);
      const { lastSeen } = ledgerMemory(await ledger.state());
      expect([lastSeen.get(A), lastSeen.get(B)], location.kind).toEqual(['2026-11-02T06:00:00.000Z', '2026-11-01T06:00:00.000Z']);
    }
  });

  it('never follows a symbolic link out of the ledger directory', async () => {
    const repo = await exposureRepo();
    const elsewhere = await mkdtemp(join(tmpdir(), 'ctem-elsewhere-'));
    await mkdir(join(repo.dir, 'ledger'));
    await symlink(elsewhere, join(repo.dir, 'ledger', 'runs'));
    await symlink(join(elsewhere, 'target.json'), join(repo.dir, 'ledger', 'summary.json'));
    const err = await record(repo.dir, [decision(A)], '2026-11-01T06:00:00.000Z', { kind: 'directory', directory: 'ledger' }).catch((e: unknown) => e);
    expect((err as CtemError).problems?.[0]).toMatchObject({ code: 'ledger-directory' });
    expect(await readdir(elsewhere)).toEqual([]);
  });
});
