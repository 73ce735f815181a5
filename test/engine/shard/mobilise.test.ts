/**
 * A sharded run that mobilises: N shards plan, `ctem merge-shards --mobilise`
 * opens, updates and closes the issues and pull requests on GitHub — the same ones,
 * with the same titles, bodies, labels and assignees, as one unsharded `ctem run`
 * at the same clock, run for run (the per-run cap included) — and a second merge of
 * the same shards writes nothing. Against the test GitHub, which checks every
 * request against GitHub's OpenAPI description.
 */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { repoRoot } from '../../support/corpus.ts';
import { planShards } from './plan-shards.ts';
import { allIssues, allPulls, duplicateKeys, expectNoViolations, figures, runCtem, seedExample, startGitHub, type CliRun } from '../github/support.ts';

const NOW = '2026-11-28T12:00:00.000Z';
const TOKEN = 'ghp_CTEMshardTOKEN_0123456789abcdefRECOGNISABLE';
const N = 3;

/** What an owner sees of every issue and pull request: everything but ids and timestamps. */
function world(gh: TestGitHub) {
  const seen = (items: ReturnType<typeof allIssues>) =>
    items
      .map(({ repository, issue: i }) => ({ repository, number: i.number, title: i.title, body: i.body, state: i.state, labels: [...i.labels].sort(), assignees: [...i.assignees].sort(), comments: i.comments.map((c) => c.body) }))
      .sort((a, b) => `${a.repository}#${a.number}`.localeCompare(`${b.repository}#${b.number}`));
  return { issues: seen(allIssues(gh)), pulls: seen(allPulls(gh)) };
}

describe('ctem merge-shards --mobilise', () => {
  let work: string;
  let shardDirs: string[];
  const env = (gh: TestGitHub) => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme-robotics/security-exposures' });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ctem-shard-mobilise-'));
    ({ dirs: shardDirs } = await planShards(N, work, { now: NOW }));
  }, 120_000);

  it('does on GitHub, run for run, what one unsharded run does, and then nothing', async () => {
    const whole = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    const sharded = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    seedExample(whole);
    seedExample(sharded);
    const unshardedRuns: CliRun[] = [];
    const mergedRuns: CliRun[] = [];
    // The example caps new issues at 50 a run: the first run defers the rest, the second opens them, the third is quiet.
    for (let i = 0; i < 3; i++) {
      unshardedRuns.push(await runCtem(['run', '--out', join(work, 'whole-out'), '--cache', join(work, 'whole-cache', 'etags.json')], { env: env(whole), now: NOW }));
      // The merge's own clock is not the run's: it mobilises at the shards' --now.
      mergedRuns.push(await runCtem(['merge-shards', '--mobilise', '--out', join(work, 'merged-out'), '--cache', join(work, 'merged-cache', 'etags.json'), ...shardDirs], { env: env(sharded), now: '2030-01-01T00:00:00.000Z' }));
      expect(unshardedRuns[i]!.code, unshardedRuns[i]!.stderr.join('\n')).toBe(0);
      expect(mergedRuns[i]!.code, mergedRuns[i]!.stderr.join('\n')).toBe(0);
      expect(world(sharded), `after run ${i + 1}`).toEqual(world(whole));
      const issuesLine = (r: CliRun) => r.stdout.find((l) => l.startsWith('issues: '));
      expect(issuesLine(mergedRuns[i]!)).toBe(issuesLine(unshardedRuns[i]!));
    }
    expect(world(sharded).issues.length).toBeGreaterThan(50);
    expect(mergedRuns[0]!.stdout.find((l) => l.startsWith('issues: '))).toMatch(/^issues: 50 opened, .* deferred by the per-run cap/);
    expect(figures(mergedRuns[2]!).writes).toBe(0);
    expect(mergedRuns[2]!.stdout.find((l) => l.startsWith('issues: '))).toMatch(/^issues: 0 opened, 0 updated, 0 commented, 0 escalated, 0 reopened, 0 closed; \d+ unchanged$/);
    expect(duplicateKeys(allIssues(sharded))).toEqual([]);
    expectNoViolations(sharded);
  }, 240_000);

  it('writes the plan as executed and what it did, and never the token', async () => {
    const gh = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    seedExample(gh);
    const out = join(work, 'once-out');
    const r = await runCtem(['merge-shards', '--mobilise', '--out', out, '--cache', join(work, 'once-cache', 'etags.json'), ...shardDirs], { env: env(gh) });
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['decisions.ndjson', 'mobilisation.json', 'plan.json', 'plan.md']);
    const plan = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as { dry_run: boolean; generated_at: string };
    expect(plan).toMatchObject({ dry_run: false, generated_at: NOW });
    const record = JSON.parse(await readFile(join(out, 'mobilisation.json'), 'utf8')) as { outcomes: { status: string }[] };
    expect(record.outcomes.filter((o) => o.status === 'done')).toHaveLength(50);
    for (const text of [...r.stdout, ...r.stderr]) expect(text).not.toContain(TOKEN);
    for (const f of await readdir(out)) expect(await readFile(join(out, f), 'utf8')).not.toContain(TOKEN);
  }, 120_000);

  it('opens the issues that group across assets (owner-rule), which only the merge step plans, as an unsharded run does', async () => {
    // The bundled example with its package route grouped by owner and rule instead, and no per-run cap.
    const dir = await mkdtemp(join(tmpdir(), 'ctem-shard-owner-rule-'));
    for (const d of ['scopes', 'policies', 'exceptions', 'templates', 'examples']) await cp(join(repoRoot, d), join(dir, d), { recursive: true });
    await writeFile(join(dir, 'ctem.yaml'), (await readFile(join(repoRoot, 'ctem.yaml'), 'utf8')).replace('max_new_issues_per_run: 50', 'max_new_issues_per_run: 1000'));
    const routes = join(dir, 'policies', '00-routes.yaml');
    const text = await readFile(routes, 'utf8');
    expect(text).toContain('group_by: asset-package');
    await writeFile(routes, text.replace('group_by: asset-package', 'group_by: owner-rule'));
    const { dirs, runs } = await planShards(N, join(dir, 'shards'), { now: NOW, dir });
    for (const r of runs) expect(r.stdout.join('\n')).toMatch(/group across assets: ctem merge-shards plans them/);
    const whole = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    const sharded = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    seedExample(whole);
    seedExample(sharded);
    const w = await runCtem(['run', '--dir', dir, '--out', join(dir, 'whole-out'), '--cache', join(dir, 'whole-cache.json')], { env: env(whole), now: NOW });
    const m = await runCtem(['merge-shards', '--mobilise', '--dir', dir, '--out', join(dir, 'merged-out'), '--cache', join(dir, 'merged-cache.json'), ...dirs], { env: env(sharded) });
    expect(w.code, w.stderr.join('\n')).toBe(0);
    expect(m.code, m.stderr.join('\n')).toBe(0);
    expect(world(sharded)).toEqual(world(whole));
    expect(world(sharded).issues.length).toBeGreaterThan(10);
    expectNoViolations(sharded);
  }, 240_000);

  it('needs a token before it reads anything, and --repository and --cache only with --mobilise', async () => {
    const noToken = await runCtem(['merge-shards', '--mobilise', '--out', join(work, 'x'), join(work, 'no-such-shard')], { env: {} });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr[0]).toBe('ctem merge-shards: GITHUB_TOKEN is not set; mobilising on GitHub needs a token');
    const stray = await runCtem(['merge-shards', '--cache', 'c.json', ...shardDirs]);
    expect(stray.code).toBe(2);
    expect(stray.stderr[0]).toBe('ctem merge-shards: --repository and --cache are for --mobilise');
    const badRepo = await runCtem(['merge-shards', '--mobilise', '--repository', 'not a repo', ...shardDirs], { env: { GITHUB_TOKEN: TOKEN } });
    expect(badRepo.code).toBe(2);
    expect(badRepo.stderr[0]).toBe("ctem merge-shards: --repository must be owner/name, not 'not a repo'");
  });
});
