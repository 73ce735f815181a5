/**
 * The steady-state read cost, against the test GitHub: once a run has left a snapshot
 * of the listing, the next run asks one issue search what changed and lists only the
 * repositories where something did — at most ceil(N/100) requests for N tracked issues
 * when nothing changed, however many repositories they are spread over. Search is
 * never trusted with ctem's own writes, and whenever the snapshot or the search cannot
 * be relied on, every repository is listed as before.
 */
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { inProgressMarker } from '../../../engine/github/snapshot.ts';
import { parseCommentMarker } from '../../../engine/mobilise/markers.ts';
import type { RenderedIssue } from '../../../engine/mobilise/plan.ts';
import { manualClock, type ManualClock } from '../../../tools/test-github/clock.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { asset, decision, rendered, type DecisionSpec } from '../mobilise/factory.ts';
import { primeSnapshot, runOnce, snapshotAtKill, type RunState } from './scenario.ts';
import { allIssues, duplicateKeys, expectNoViolations, startGitHub } from './support.ts';

// Eight repositories: listing them all costs at least eight requests.
const REPOS = Array.from({ length: 8 }, (_, i) => `acme/svc-${i}`);
const ASSETS = REPOS.map((r, i) => asset(`svc-${i}`, r));
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const units = (n: number, over: (i: number) => Partial<DecisionSpec> = () => ({})): DecisionSpec[] =>
  Array.from({ length: n }, (_, i) => ({ fingerprint: `fq${String(i).padStart(18, '0')}`, asset: `svc-${i % REPOS.length}`, pkg: `pkg-${i}`, priority: 'P3' as const, ...over(i) }));
const issuesOf = (s: readonly DecisionSpec[]): RenderedIssue[] => rendered(s.map(decision), ASSETS, { central: 'acme/svc-0' });

async function world(opts: { clock?: ManualClock; searchLagMs?: number } = {}): Promise<TestGitHub> {
  const gh = await startGitHub({ ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.searchLagMs ? { searchLagMs: opts.searchLagMs } : {}) });
  gh.state.seedUser({ login: 'alice' });
  for (const r of REPOS) gh.state.seedRepo({ owner: 'acme', name: r.slice('acme/'.length) });
  gh.auth.setToken('alice-token', { login: 'alice' });
  return gh;
}

/** A person working on GitHub, not ctem. */
const human = (gh: TestGitHub) => new Octokit({ auth: 'alice-token', baseUrl: gh.url, log: { debug() {}, info() {}, warn() {}, error() {} } });

/** The requests that found the issues: searches and listings, whatever their answer. */
const listingRequests = (gh: TestGitHub) => gh.log.entries.filter((e) => e.operationId === 'search/issues-and-pull-requests' || e.operationId === 'issues/list-for-repo');

const run = (gh: TestGitHub, issues: readonly RenderedIssue[], state: RunState, at?: Date) => runOnce(gh, issues, state, { repositories: REPOS, ...(at ? { at } : {}) });

const issueOf = (gh: TestGitHub, key: string) => {
  const found = allIssues(gh).find((i) => i.key === key);
  if (!found) throw new Error(`no issue for ${key}`);
  return found;
};

describe('a quiet run', () => {
  it('after a first run that creates exactly the planned issues, makes no write and at most ceil(N/100) list or search reads', async () => {
    const gh = await world();
    const issues = issuesOf(units(230));
    const state: RunState = {};

    const first = await run(gh, issues, state);
    expect(first.report.plan.actions.map((a) => a.op)).toEqual(issues.map(() => 'create'));
    expect(first.report.listing).toMatchObject({ mode: 'full', reason: 'no snapshot of an earlier listing', listed: 8 });
    const made = allIssues(gh);
    expect(made).toHaveLength(230);
    expect(duplicateKeys(made)).toEqual([]);
    for (const want of issues) expect(issueOf(gh, want.key)).toMatchObject({ repository: want.repository, issue: { title: want.title, body: want.body, state: 'open' } });
    expect(new Set(made.map((m) => m.repository)).size).toBe(8);

    gh.log.clear();
    const quiet = await run(gh, issues, state);
    expect(gh.log.writes).toBe(0);
    expect(quiet.report.plan).toEqual({ actions: [], unchanged: 230 });
    const bound = Math.ceil(230 / 100);
    expect(listingRequests(gh).length).toBeLessThanOrEqual(bound);
    expect(quiet.report.listing).toMatchObject({ mode: 'search', listed: 0, listReads: 0, listNotModified: 0, tracked: 230, repositories: 8 });
    expect(quiet.report.listing.searchReads).toBe(listingRequests(gh).length);
    expect(gh.log.entries.every((e) => e.operationId === 'search/issues-and-pull-requests')).toBe(true);

    // Without the snapshot, the same quiet run lists every repository: one request each at least.
    gh.log.clear();
    const blind = await runOnce(gh, issues, {}, { repositories: REPOS, snapshots: false });
    expect(blind.report.listing).toMatchObject({ mode: 'full', listed: 8 });
    expect(listingRequests(gh).length).toBeGreaterThanOrEqual(8);
    expect(listingRequests(gh).length).toBeGreaterThan(bound);
    expectNoViolations(gh);
  }, 60_000);

  it('a day later, looks back only to the last run: one search request, whatever N', async () => {
    const clock = manualClock(new Date());
    const gh = await world({ clock });
    const issues = issuesOf(units(40));
    const state: RunState = {};
    await run(gh, issues, state, clock.now());
    clock.advance(DAY);
    await run(gh, issues, state, clock.now());
    clock.advance(DAY);
    gh.log.clear();
    const quiet = await run(gh, issues, state, clock.now());
    expect(gh.log.writes).toBe(0);
    expect(listingRequests(gh)).toHaveLength(1);
    const q = String(listingRequests(gh)[0]!.query.q);
    // The server received the time intact: `+00:00`, not " 00:00" (a `+` Octokit would send as is, read as a space).
    expect(q).toMatch(/^is:issue label:"ctem" updated:>=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00 repo:acme\/svc-0 repo:acme\/svc-1 /);
    // The window starts an hour (the margin) before the previous run began.
    expect(Date.parse(/updated:>=(\S+)/.exec(q)![1]!)).toBe(Math.floor((clock.now().getTime() - DAY - HOUR) / 1000) * 1000);
    expect(quiet.report.listing).toMatchObject({ mode: 'search', searchReads: 1, listed: 0 });
    expectNoViolations(gh);
  });
});

describe('changes made by people between runs', () => {
  async function steady(clock: ManualClock, n = 24): Promise<{ gh: TestGitHub; issues: RenderedIssue[]; state: RunState }> {
    const gh = await world({ clock });
    const issues = issuesOf(units(n));
    const state: RunState = {};
    await run(gh, issues, state, clock.now());
    clock.advance(HOUR);
    return { gh, issues, state };
  }

  it('an issue closed by hand is noticed: only its repository is listed, and the issue reopened with a comment', async () => {
    const clock = manualClock(new Date());
    const { gh, issues, state } = await steady(clock);
    const target = issues[5]!;
    const [owner, repo] = target.repository.split('/') as [string, string];
    clock.advance(10 * 60_000);
    await human(gh).issues.update({ owner, repo, issue_number: issueOf(gh, target.key).issue.number, state: 'closed' });
    clock.advance(HOUR);
    gh.log.clear();
    const next = await run(gh, issues, state, clock.now());
    expect(next.report.listing).toMatchObject({ mode: 'search', listed: 1 });
    expect(gh.log.of('issues/list-for-repo').map((e) => e.path)).toEqual([`/repos/${target.repository}/issues`, `/repos/${target.repository}/issues`]);
    expect(next.report.plan.actions.map((a) => [a.op, a.key])).toEqual([['reopen', target.key]]);
    expect(issueOf(gh, target.key).issue.state).toBe('open');
    expect(issueOf(gh, target.key).issue.comments.map((c) => parseCommentMarker(c.body)?.kind)).toEqual(['reopen']);

    clock.advance(HOUR);
    gh.log.clear();
    await run(gh, issues, state, clock.now());
    expect(gh.log.writes).toBe(0);
    expect(duplicateKeys(allIssues(gh))).toEqual([]);
    expectNoViolations(gh);
  });

  it('a title edited by hand is noticed and put back', async () => {
    const clock = manualClock(new Date());
    const { gh, issues, state } = await steady(clock);
    const target = issues[2]!;
    const [owner, repo] = target.repository.split('/') as [string, string];
    await human(gh).issues.update({ owner, repo, issue_number: issueOf(gh, target.key).issue.number, title: 'renamed by a human' });
    clock.advance(HOUR);
    const next = await run(gh, issues, state, clock.now());
    expect(next.report.plan.actions).toEqual([expect.objectContaining({ op: 'update', key: target.key, changes: { title: target.title } })]);
    expect(issueOf(gh, target.key).issue.title).toBe(target.title);
    expectNoViolations(gh);
  });

  it('a change in the same second as ctem\'s own last write is noticed (GitHub\'s times have whole seconds)', async () => {
    const clock = manualClock(new Date());
    const gh = await world({ clock });
    const issues = issuesOf(units(6));
    const state: RunState = {};
    await run(gh, issues, state, clock.now());
    // The clock has not moved: the edit carries the very updated_at ctem recorded.
    const target = issues[1]!;
    const [owner, repo] = target.repository.split('/') as [string, string];
    await human(gh).issues.update({ owner, repo, issue_number: issueOf(gh, target.key).issue.number, labels: ['ctem', 'wontfix'] });
    const next = await run(gh, issues, state, clock.now());
    expect(next.report.listing.listed).toBe(1);
    expect(next.report.plan.actions).toEqual([expect.objectContaining({ op: 'update', key: target.key, changes: { labels: target.labels } })]);
    expectNoViolations(gh);
  });

  it('a change the search index has not caught up with is found by the next run, which looks back a margin', async () => {
    const clock = manualClock(new Date());
    const gh = await world({ clock, searchLagMs: 5 * 60_000 });
    const issues = issuesOf(units(12));
    const state: RunState = {};
    await run(gh, issues, state, clock.now());
    clock.advance(2 * HOUR);
    await run(gh, issues, state, clock.now());
    clock.advance(2 * HOUR);
    const target = issues[7]!;
    const [owner, repo] = target.repository.split('/') as [string, string];
    await human(gh).issues.update({ owner, repo, issue_number: issueOf(gh, target.key).issue.number, title: 'edited just before the run' });

    clock.advance(60_000);
    const unseen = await run(gh, issues, state, clock.now());
    expect(unseen.report.plan.actions).toEqual([]);
    clock.advance(2 * HOUR);
    const seen = await run(gh, issues, state, clock.now());
    expect(seen.report.plan.actions.map((a) => [a.op, a.key])).toEqual([['update', target.key]]);
    expect(issueOf(gh, target.key).issue.title).toBe(target.title);
    expectNoViolations(gh);
  });

  it('an issue deleted by hand, which search can no longer show, makes the run list everything', async () => {
    const clock = manualClock(new Date());
    const { gh, issues, state } = await steady(clock);
    const target = issues[3]!;
    const r = gh.state.repo('acme', target.repository.slice('acme/'.length))!;
    r.issues.delete(issueOf(gh, target.key).issue.number);
    const next = await run(gh, issues, state, clock.now());
    expect(next.report.listing).toMatchObject({ mode: 'full', listed: 8 });
    expect(next.report.listing.reason).toMatch(/^the search missed 1 issue\(s\) the snapshot says changed since then/);
    expect(next.report.plan.actions.map((a) => [a.op, a.key])).toEqual([['create', target.key]]);
    expectNoViolations(gh);
  });
});

describe("ctem's own writes never depend on search", () => {
  it('with a search index that has not seen the issues ctem just created, the next run neither duplicates nor writes', async () => {
    const gh = await world({ searchLagMs: HOUR });
    const issues = issuesOf(units(30));
    const state: RunState = {};
    await run(gh, issues, state);
    gh.log.clear();
    const next = await run(gh, issues, state);
    expect(next.report.listing).toMatchObject({ mode: 'search', listed: 0 });
    expect(gh.log.of('search/issues-and-pull-requests').length).toBe(1);
    expect(gh.log.writes).toBe(0);
    expect(allIssues(gh)).toHaveLength(30);
    expectNoViolations(gh);
  });

  it('a run killed between a create and the snapshot write leaves a marker: the next run lists in full and adopts the issue', async () => {
    // Issues 3 to 6 are new; the run is killed just after the second of them is created
    // (its answer lost, nothing after it arriving), before the snapshot is written.
    const before = issuesOf(units(3));
    const after = issuesOf(units(7));
    const setup = async () => {
      const gh = await world({ searchLagMs: HOUR });
      const state: RunState = {};
      await run(gh, before, state);
      gh.log.clear();
      return { gh, state };
    };
    const reference = await setup();
    await run(reference.gh, after, reference.state);
    const k = reference.gh.log.entries.flatMap((e, i) => (e.operationId === 'issues/create' ? [i + 1] : []))[1]!;
    expect(k).toBeGreaterThan(0);

    const scenario = async (leftOnDisk: 'what the killed run left' | 'the snapshot from before it') => {
      const { gh, state } = await setup();
      const old = state.snapshot;
      gh.faults.add({ name: 'killed', kind: 'drop', phase: 'after', nth: k });
      gh.faults.add({ name: 'dead', kind: 'drop', nth: Array.from({ length: 500 }, (_, i) => k + 1 + i) });
      await run(gh, after, state);
      state.snapshot = leftOnDisk === 'what the killed run left' ? snapshotAtKill(state, k) : old;
      gh.faults.clear();
      const again = await run(gh, after, state);
      return { gh, again };
    };

    const safe = await scenario('what the killed run left');
    expect(safe.again.report.listing).toMatchObject({ mode: 'full' });
    expect(safe.again.report.listing.reason).toMatch(/^the run that started .* did not finish/);
    expect(duplicateKeys(allIssues(safe.gh))).toEqual([]);
    expect(allIssues(safe.gh)).toHaveLength(7);
    expectNoViolations(safe.gh);

    // Without the marker, the old snapshot and a search that has not indexed the new
    // issue yet would have ctem create it a second time: the marker is what prevents it.
    const unsafe = await scenario('the snapshot from before it');
    expect(unsafe.again.report.listing.mode).toBe('search');
    expect(duplicateKeys(allIssues(unsafe.gh))).not.toEqual([]);
  });
});

describe('falls back to listing every repository', () => {
  async function steadyState(): Promise<{ gh: TestGitHub; issues: RenderedIssue[]; state: RunState }> {
    const gh = await world();
    const issues = issuesOf(units(16));
    const state: RunState = {};
    await run(gh, issues, state);
    return { gh, issues, state };
  }

  it.each([
    ['no snapshot of an earlier listing', (_s: RunState) => undefined],
    ['the snapshot of the last listing is unreadable', (s: RunState) => s.snapshot!.slice(0, 200)],
    [
      'no repository is in the snapshot',
      (s: RunState) => {
        const raw = JSON.parse(s.snapshot!) as { repositories: unknown };
        raw.repositories = JSON.parse('{"__proto__":{"repository":"__proto__","listed_at":"2026-11-28T10:00:00Z","items":[]},"constructor":{"polluted":true}}');
        return JSON.stringify(raw);
      },
    ],
    ['the snapshot is of another GitHub or tracking label', (s: RunState) => s.snapshot!.replace('"label":"ctem"', '"label":"security"')],
    ['the run that started 2026-11-28T10:00:00.000Z did not finish, so what it did is not in the snapshot', (s: RunState) => inProgressMarker({ api: JSON.parse(s.snapshot!).api, label: 'ctem' }, '2026-11-28T10:00:00.000Z')],
  ])('when %s', async (reason, damage) => {
    const { gh, issues, state } = await steadyState();
    state.snapshot = damage(state);
    gh.log.clear();
    const r = await run(gh, issues, state);
    expect(r.report.listing).toMatchObject({ mode: 'full', reason, listed: 8, searchReads: 0 });
    expect(gh.log.writes).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // ...and the run leaves a good snapshot again.
    gh.log.clear();
    expect((await run(gh, issues, state)).report.listing.mode).toBe('search');
    expectNoViolations(gh);
  });

  it('for a snapshot more than 7 days old, and for a repository new to the configuration (that one alone)', async () => {
    const clock = manualClock(new Date());
    const gh = await world({ clock });
    const issues = issuesOf(units(16));
    const state: RunState = {};
    await runOnce(gh, issues, state, { repositories: REPOS.slice(0, 7), at: clock.now() });
    clock.advance(HOUR);
    const grown = await run(gh, issues, state, clock.now());
    expect(grown.report.listing).toMatchObject({ mode: 'search', listed: 1, listReads: 1 });
    clock.advance(8 * DAY);
    const old = await run(gh, issues, state, clock.now());
    expect(old.report.listing).toMatchObject({ mode: 'full', reason: 'the snapshot is more than 7 days old', listed: 8 });
    expectNoViolations(gh);
  });

  it('when the search budget (30 a minute) is used up, at once, without waiting for it', async () => {
    const { gh, issues, state } = await steadyState();
    gh.rateLimiter.exhaust('test-token', 'search');
    gh.log.clear();
    const r = await run(gh, issues, state);
    expect(r.report.listing).toMatchObject({ mode: 'full', listed: 8, searchReads: 1 });
    expect(r.report.listing.reason).toMatch(/rate limit/i);
    expect(r.waited).toBe(0);
    expect(r.report.failures).toEqual([]);
    expect(gh.log.writes).toBe(0);
    expectNoViolations(gh);
  });

  it('when more than the 1,000 results search returns have changed', async () => {
    const gh = await world();
    const issues = issuesOf(units(1001));
    for (const i of issues) gh.state.seedIssue({ owner: 'acme', repo: i.repository.slice('acme/'.length), title: i.title, body: i.body, labels: i.labels, assignees: i.assignees });
    const state: RunState = {};
    await primeSnapshot(gh, state, REPOS);
    gh.log.clear();
    const r = await run(gh, issues, state);
    expect(r.report.listing).toMatchObject({ mode: 'full', reason: 'the search found 1001 changed issues, more than the 1000 it returns', searchReads: 1, listed: 8 });
    expect(gh.log.writes).toBe(0);
    expectNoViolations(gh);
  }, 60_000);
});
