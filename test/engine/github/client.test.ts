/**
 * The GitHub client against the test GitHub: GitHub's rate-limit and retry discipline,
 * with every wait on a virtual clock, and the request figures each run prints.
 */
import { describe, expect, it } from 'vitest';
import { createGitHubClient, ONCE } from '../../../engine/github/client.ts';
import { conditionalGet } from '../../../engine/github/conditional.ts';
import { EtagCache } from '../../../engine/github/etag-cache.ts';
import { classify } from '../../../engine/github/failure.ts';
import { manualClock } from '../../../tools/test-github/clock.ts';
import { expectNoViolations, startGitHub, testClient } from './support.ts';

const repo = { owner: 'acme', repo: 'api' };

describe('the GitHub client', () => {
  it('counts reads, writes and 304s exactly as GitHub sees them', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const c = testClient(gh);
    const cache = new EtagCache(gh.url);
    const list = () => conditionalGet(c, cache, 'GET /repos/{owner}/{repo}/issues', { ...repo, state: 'all' }, (x) => x);
    expect((await list()).notModified).toBe(false);
    await c.octokit.rest.issues.create({ ...repo, title: 'one' });
    expect((await list()).notModified).toBe(false);
    const again = await list();
    expect(again.notModified).toBe(true);
    expect((again.data as Array<{ title: string }>).map((i) => i.title)).toEqual(['one']);
    expect(c.counts).toEqual({ reads: 2, writes: 1, notModified: 1 });
    expect({ reads: gh.log.reads, writes: gh.log.writes, notModified: gh.log.notModified }).toEqual(c.counts);
    expectNoViolations(gh);
  });

  it('spaces writes a second apart', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const c = testClient(gh);
    for (let i = 0; i < 5; i++) await c.octokit.rest.issues.create({ ...repo, title: `t${i}` });
    expect(c.timer.slept).toBeGreaterThanOrEqual(4000);
    expectNoViolations(gh);
  });

  it('retries a read that failed with a 5xx or a dropped connection, backing off', async () => {
    const gh = await startGitHub({ faults: { rules: [{ kind: 'status', status: 503, nth: 1 }, { kind: 'drop', nth: 2 }] } });
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const c = testClient(gh);
    const res = await c.octokit.rest.issues.listForRepo(repo);
    expect(res.status).toBe(200);
    expect(gh.log.entries.map((e) => e.status)).toEqual([503, 0, 200]);
    expect(c.timer.slept).toBe(1000 + 2000);
  });

  it('never repeats a create blindly: a lost answer is left to the caller to look for', async () => {
    const gh = await startGitHub({ faults: { rules: [{ kind: 'drop', phase: 'after', match: { operationId: 'issues/create' }, nth: 1 }] } });
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const c = testClient(gh);
    const err = await c.octokit.rest.issues.create({ ...repo, title: 'once', ...ONCE }).catch((e: unknown) => e);
    expect(classify(err, { what: 'create' }).kind).toBe('transient');
    expect(gh.log.of('issues/create')).toHaveLength(1);
    expect([...gh.state.repo('acme', 'api')!.issues.values()].map((i) => i.title)).toEqual(['once']);
  });

  it('honours retry-after on a secondary rate limit, then succeeds', async () => {
    const gh = await startGitHub({ faults: { rules: [{ kind: 'secondary-rate-limit', retryAfter: 7, nth: 1 }] } });
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const c = testClient(gh);
    const res = await c.octokit.rest.issues.create({ ...repo, title: 'after a pause', ...ONCE });
    expect(res.status).toBe(201);
    expect(gh.log.entries.map((e) => e.status)).toEqual([403, 201]);
    expect(c.timer.slept).toBeGreaterThanOrEqual(7000);
    expectNoViolations(gh);
  });

  it('waits for x-ratelimit-reset when the primary limit is spent, when the wait is allowed', async () => {
    const clock = manualClock(new Date());
    const gh = await startGitHub({ clock, rateLimits: { core: 2 } });
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const timer = { now: () => clock.now().getTime(), sleep: async (ms: number) => clock.advance(ms) };
    const c = createGitHubClient({ token: 'test-token', baseUrl: gh.url, timer, limits: { maxWaitMs: 2 * 3600_000 } });
    await c.octokit.rest.issues.listForRepo(repo);
    await c.octokit.rest.issues.listForRepo(repo);
    const start = clock.now().getTime();
    const third = await c.octokit.rest.issues.listForRepo(repo);
    expect(third.status).toBe(200);
    expect(gh.log.entries.map((e) => e.status)).toEqual([200, 200, 403, 200]);
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(3600_000);
    expectNoViolations(gh);
  });

  it('fails fast, naming the rate limit, when the reset is too far away to wait for', async () => {
    const gh = await startGitHub({ rateLimits: { core: 1 } });
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const c = testClient(gh);
    await c.octokit.rest.issues.listForRepo(repo);
    const err = await c.octokit.rest.issues.listForRepo(repo).catch((e: unknown) => e);
    const f = classify(err, { what: 'list issues', repository: 'acme/api' });
    expect(f).toMatchObject({ kind: 'rate-limit', fatal: true });
    expect(f.message).toMatch(/rate limit/);
  });
});
