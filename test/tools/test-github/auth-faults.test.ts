/**
 * Authentication, permissions, rate limits and injected faults, seen through Octokit
 * with and without its retry and throttling plugins.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { describe, expect, it } from 'vitest';
import { Faults } from '../../../tools/test-github/faults.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const repo = { owner: 'acme', repo: 'web' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function world(opts: Parameters<typeof startGitHub>[0] = {}): Promise<TestGitHub> {
  const gh = await startGitHub(opts);
  gh.state.seedRepo({ owner: 'acme', name: 'web' });
  gh.state.seedRepo({ owner: 'acme', name: 'api' });
  gh.state.seedIssue({ owner: 'acme', repo: 'web', title: 'existing' });
  return gh;
}

/** Octokit with both plugins, tuned so retries take milliseconds, not seconds. */
function resilientClient(gh: TestGitHub, events: { secondary: number[]; primary: number[] }) {
  const MyOctokit = Octokit.plugin(retry, throttling);
  return new MyOctokit({
    auth: 'test-token',
    baseUrl: gh.url,
    log: quiet,
    retry: { retryAfterBaseValue: 5 },
    throttle: {
      // retry-after seconds × this many ms: a retry-after of 2 waits 20 ms here.
      retryAfterBaseValue: 10,
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _o: unknown, retryCount: number) => {
        events.secondary.push(retryAfter);
        return retryCount < 2;
      },
      onRateLimit: (retryAfter: number) => {
        events.primary.push(retryAfter);
        return false;
      },
    },
  });
}

describe('authentication and permissions', () => {
  it('answers 401 for a bad or missing token', async () => {
    const gh = await world();
    const bad = await errorOf(client(gh, 'wrong').issues.get({ ...repo, issue_number: 1 }));
    expect(bad.status).toBe(401);
    expect(bad.response?.data).toMatchObject({ message: 'Bad credentials' });
    const res = await fetch(`${gh.url}/repos/acme/web/issues/1`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Requires authentication' });
    const bearer = await fetch(`${gh.url}/repos/acme/web/issues/1`, { headers: { authorization: 'Bearer test-token' } });
    expect(bearer.status).toBe(200);
    expectNoViolations(gh);
  });

  it('answers 403 "Resource not accessible by personal access token" for a missing permission', async () => {
    const gh = await world({
      tokens: {
        'test-token': { permissions: 'all' },
        'read-only': { permissions: ['issues:read'] },
        'app-token': { permissions: ['contents:read'], kind: 'app', login: 'ctem-app[bot]' },
      },
    });
    const ro = client(gh, 'read-only');
    expect((await ro.issues.listForRepo({ ...repo })).status).toBe(200);
    const denied = await errorOf(ro.issues.create({ ...repo, title: 'nope' }));
    expect(denied.status).toBe(403);
    expect(denied.response?.data).toMatchObject({ message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue' });
    expect(denied.response?.headers['x-accepted-github-permissions']).toBe('issues=write');
    expect((await errorOf(ro.pulls.list({ ...repo }))).status).toBe(403);
    expect(gh.state.repo('acme', 'web')?.issues.size).toBe(1);

    const app = await errorOf(client(gh, 'app-token').issues.createComment({ ...repo, issue_number: 1, body: 'x' }));
    expect(app.response?.data).toMatchObject({ message: 'Resource not accessible by integration' });
    expectNoViolations(gh);
  });

  it('hides repositories a token was not granted (GitHub answers 404)', async () => {
    const gh = await world({ tokens: { scoped: { repos: ['acme/api'] } } });
    const o = client(gh, 'scoped');
    expect((await o.repos.get({ owner: 'acme', repo: 'api' })).status).toBe(200);
    expect((await errorOf(o.repos.get(repo))).status).toBe(404);
    expect((await o.repos.listForOrg({ org: 'acme' })).data.map((r) => r.name)).toEqual(['api']);
    expectNoViolations(gh);
  });

  it('reports the primary rate limit in headers and /rate_limit, and enforces it', async () => {
    const gh = await world({ rateLimits: { core: 3 } });
    const events = { secondary: [] as number[], primary: [] as number[] };
    const o = resilientClient(gh, events);
    const r1 = await o.issues.get({ ...repo, issue_number: 1 });
    expect(r1.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core' });
    const overview = await o.rateLimit.get();
    expect(overview.data.resources.core).toMatchObject({ limit: 3, remaining: 2, used: 1 });
    expect(overview.data.resources.search).toMatchObject({ limit: 30, remaining: 30 });
    await o.issues.get({ ...repo, issue_number: 1 });
    await o.issues.get({ ...repo, issue_number: 1 });
    const err = await errorOf(o.issues.get({ ...repo, issue_number: 1 }));
    expect(err.status).toBe(403);
    expect((err.response?.data as { message: string }).message).toMatch(/^API rate limit exceeded for user ID \d+\.$/);
    expect(err.response?.headers['x-ratelimit-remaining']).toBe('0');
    // Octokit's throttling plugin recognised it as the primary limit.
    expect(events.primary).toHaveLength(1);
    expect(events.primary[0]).toBeGreaterThan(3000);
    expectNoViolations(gh);
  });
});

describe('fault injection', () => {
  it('503 once, then plugin-retry succeeds; secondary rate limit honoured by plugin-throttling', async () => {
    const gh = await world();
    gh.faults.add({ kind: 'status', status: 503, match: { operationId: 'issues/get' }, nth: 1 });
    gh.faults.add({ kind: 'secondary-rate-limit', retryAfter: 2, match: { operationId: 'issues/list-for-repo' }, times: 1 });
    const events = { secondary: [] as number[], primary: [] as number[] };
    const o = resilientClient(gh, events);

    const got = await o.issues.get({ ...repo, issue_number: 1 });
    expect(got.status).toBe(200);
    expect(gh.log.of('issues/get').map((e) => [e.status, e.fault])).toEqual([
      [503, 'status-503'],
      [200, undefined],
    ]);

    const listed = await o.issues.listForRepo({ ...repo });
    expect(listed.data).toHaveLength(1);
    expect(events.secondary).toEqual([2]);
    const [limited, ok] = gh.log.of('issues/list-for-repo');
    expect([limited?.status, ok?.status]).toEqual([403, 200]);
    expect(gh.faults.fired.map((f) => f.name)).toEqual(['status-503', 'secondary-rate-limit']);
    expectNoViolations(gh);
  });

  it('sends the real secondary-rate-limit answer: 403, retry-after, GitHub\'s message', async () => {
    const gh = await world({ faults: { rules: [{ kind: 'secondary-rate-limit', retryAfter: 7 }, { kind: 'status', status: 429, match: { method: 'POST' } }] } });
    const err = await errorOf(client(gh).issues.get({ ...repo, issue_number: 1 }));
    expect(err.status).toBe(403);
    expect(err.response?.headers['retry-after']).toBe('7');
    expect((err.response?.data as { message: string }).message).toMatch(/^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./);
    gh.faults.clear();
    gh.faults.add({ kind: 'status', status: 429, match: { method: 'POST' } });
    const tooMany = await errorOf(client(gh).issues.create({ ...repo, title: 't' }));
    expect(tooMany.status).toBe(429);
    expect(tooMany.response?.headers['retry-after']).toBe('1');
    expect(gh.state.repo('acme', 'web')?.issues.size).toBe(1);
    expectNoViolations(gh);
  });

  it('write then drop: the issue is created but the client never hears back', async () => {
    const gh = await world();
    gh.faults.add({ kind: 'drop', phase: 'after', match: { operationId: 'issues/create' }, times: 1 });
    const o = client(gh);
    const marker = '<!-- ctem:finding=f-42 -->';
    await expect(o.issues.create({ ...repo, title: 'Fix f-42', body: `body\n${marker}` })).rejects.toThrow();
    // The write happened...
    const issues = [...(gh.state.repo('acme', 'web')?.issues.values() ?? [])];
    expect(issues.map((i) => i.title)).toEqual(['existing', 'Fix f-42']);
    expect(gh.log.entries.at(-1)).toMatchObject({ status: 0, fault: 'drop-after', write: true });
    // ...so a careful client looks before creating again, and finds it.
    const found = await o.search.issuesAndPullRequests({ q: `repo:acme/web is:issue "${marker}" in:body` });
    expect(found.data.items.map((i) => i.number)).toEqual([2]);
    expectNoViolations(gh);
  });

  it('write then drop, with a blindly retrying client: a duplicate (the hazard the fault exists to expose)', async () => {
    const gh = await world();
    gh.faults.add({ kind: 'drop', phase: 'after', match: { operationId: 'issues/create' }, times: 1 });
    const o = new (Octokit.plugin(retry))({ auth: 'test-token', baseUrl: gh.url, log: quiet, retry: { retryAfterBaseValue: 5 } });
    await o.issues.create({ ...repo, title: 'Fix f-43' });
    expect([...(gh.state.repo('acme', 'web')?.issues.values() ?? [])].filter((i) => i.title === 'Fix f-43')).toHaveLength(2);
    expectNoViolations(gh);
  });

  it('drop before the write, 502 after the write, and slow answers', async () => {
    const gh = await world();
    const o = client(gh);
    gh.faults.add({ kind: 'drop', match: { operationId: 'issues/create' }, times: 1 });
    await expect(o.issues.create({ ...repo, title: 'lost' })).rejects.toThrow();
    expect(gh.state.repo('acme', 'web')?.issues.size).toBe(1);

    gh.faults.add({ kind: 'status', status: 502, phase: 'after', match: { operationId: 'issues/create' }, times: 1 });
    const bad = await errorOf(o.issues.create({ ...repo, title: 'made anyway' }));
    expect(bad.status).toBe(502);
    expect(String(bad.response?.data)).toContain('<html>');
    expect(gh.state.repo('acme', 'web')?.issues.get(2)?.title).toBe('made anyway');

    gh.faults.add({ kind: 'delay', delayMs: 150, match: { path: /\/issues\/1$/ } });
    const t0 = performance.now();
    await o.issues.get({ ...repo, issue_number: 1 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expectNoViolations(gh);
  });

  it('is deterministic: the same seed fires on the same requests', () => {
    const run = (seed: number): number[] => {
      const f = new Faults({ seed, rules: [{ kind: 'status', status: 500, probability: 0.3 }] });
      return Array.from({ length: 40 }, (_, i) => i).filter(() => f.decide({ method: 'GET', path: '/x', write: false }).action !== undefined);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(7).length).toBeGreaterThan(4);
    const nth = new Faults({ rules: [{ kind: 'status', status: 500, nth: [2, 4], match: { method: 'GET' } }] });
    const fired = [1, 2, 3, 4, 5].map(() => nth.decide({ method: 'GET', path: '/x', write: false }).action !== undefined);
    expect(fired).toEqual([false, true, false, true, false]);
  });
});
