/**
 * Crash safety and convergence. One scenario exercises every kind of action — issues
 * created, updated, commented on (priority change), escalated, closed and reopened;
 * pull requests created, updated in place and closed. It is run killed at 50 random
 * points (from request k on, every request is dropped, and request k itself is made
 * and then its answer lost, like a process killed mid-write), then run again cleanly;
 * and run with 20% of requests failing. The killed run starts in steady state — from a
 * snapshot of the last listing, asking search what changed — and leaves on disk only
 * the snapshot writes made before request k (the "in progress" marker, so a kill
 * between a create and the final snapshot write is among them). Each must end in
 * exactly the desired state: no duplicate issue, pull request or comment, and further
 * runs that write nothing and find the issues in at most ceil(N/100) requests.
 */
import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../../engine/config/schema/policy.ts';
import { parseCommentMarker } from '../../../engine/mobilise/markers.ts';
import type { RenderedIssue } from '../../../engine/mobilise/plan.ts';
import { createRenderer } from '../../../engine/mobilise/render.ts';
import { applyFileEdit, desiredPullRequests, type DesiredPr } from '../../../engine/prs/desired-prs.ts';
import { withPrTemplates } from '../../../engine/prs/templates.ts';
import { prng, type FaultRule } from '../../../tools/test-github/faults.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { asset, decision, rendered, ROUTES, type DecisionSpec } from '../mobilise/factory.ts';
import { primeSnapshot, runOnce, snapshotAtKill, type RunState } from './scenario.ts';
import { allIssues, allPulls, duplicateKeys, expectNoViolations, startGitHub } from './support.ts';

const REPOS = ['acme/api', 'acme/exposures', 'acme/security', 'acme/web'];
const ASSETS = [asset('web', 'acme/web'), asset('api', 'acme/api'), asset('batch')];
const ROUTE: RouteConfig = {
  ...ROUTES[0]!,
  playbook: { file: 'package.json', packages: ['jquery'], replace: { from: '"jquery": "{{package.installed_version}}"', to: '"jquery": "{{package.fixed_version}}"' } },
};
const EXCEPTIONS = 'exceptions:\n  - id: exc-1\n    type: risk-accepted\n    selector: { vulnerability: CVE-1 }\n    reason: Reachable only from the admin network.\n    approver: alice\n    expires: 2026-12-05\n';
const PACKAGE_JSON = '{\n  "dependencies": {\n    "jquery": "3.3.9"\n  }\n}\n';

const unit = (i: number, over: Partial<DecisionSpec> = {}): DecisionSpec => ({
  fingerprint: `fp${String(i).padStart(18, '0')}`,
  asset: ['web', 'api', 'batch'][i % 3]!,
  pkg: `pkg-${i}`,
  priority: (['P2', 'P3', 'P4'] as const)[i % 3],
  ...over,
});

const issuesOf = (s: DecisionSpec[]): RenderedIssue[] => rendered(s.map(decision), ASSETS, { routes: [ROUTE, ROUTES[1]!], central: 'acme/security' });

function prsOf(issues: RenderedIssue[], unscoped: string[], exceptionDue: boolean): DesiredPr[] {
  return desiredPullRequests({
    exposureRepository: 'acme/exposures',
    trackingLabel: 'ctem',
    organisation: 'Acme',
    today: '2026-11-28',
    unscoped: unscoped.map((id) => asset(id)),
    unassignedOwner: 'acme/security-team',
    exceptions: [{ id: 'exc-1', file: 'exceptions/q4.yaml', expires: exceptionDue ? '2026-12-05' : '2027-06-01', approver: 'alice', reason: 'r', type: 'risk-accepted' }],
    warningDays: 14,
    maxExceptionDays: 90,
    issues,
    routes: new Map([[ROUTE.id, ROUTE]]),
    assets: new Map(ASSETS.map((a) => [a.id, a])),
    render: createRenderer(withPrTemplates(new Map())),
  }).prs;
}

// Before: units 0-5 (5 already fixed and closed); a scope-drift PR for one asset; a renewal PR.
const BEFORE = Array.from({ length: 6 }, (_, i) => unit(i));
// After: 1 changes priority, 2 is overdue, 3 gains an exposure, 4 is fixed, 5 regresses,
// 6 and 7 are new, 8 is a jquery upgrade with a playbook; two unassigned assets; the exception was renewed.
const AFTER = [
  ...BEFORE.filter((_, i) => i !== 4).map((s, i) => (i === 1 ? { ...s, priority: 'P1' as const, due: '2026-11-30' } : i === 2 ? { ...s, overdue: true } : s)),
  unit(3, { fingerprint: 'fx00000000000000000003' }),
  ...[6, 7].map((i) => unit(i)),
  unit(8, { asset: 'web', pkg: 'jquery', installed: '3.3.9', fixed: ['3.4.0'] }),
];
const AFTER_ISSUES = issuesOf(AFTER);
const AFTER_PRS = prsOf(AFTER_ISSUES, ['legacy-ftp', 'kiosk'], false);
const ESCALATED = AFTER_ISSUES.find((i) => i.overdue)!.key;
const CLOSED = issuesOf([BEFORE[4]!])[0]!.key;
const REOPENED = issuesOf([BEFORE[5]!])[0]!.key;
const CHANGED = issuesOf([AFTER[1]!])[0]!.key;

/** The "before" world, seeded directly: what earlier runs left on GitHub. */
function seedBefore(gh: TestGitHub): void {
  gh.state.seedUser({ login: 'alice' });
  gh.state.seedRepo({ owner: 'acme', name: 'web', files: { 'package.json': PACKAGE_JSON } });
  gh.state.seedRepo({ owner: 'acme', name: 'api' });
  gh.state.seedRepo({ owner: 'acme', name: 'security' });
  gh.state.seedRepo({ owner: 'acme', name: 'exposures', files: { 'exceptions/q4.yaml': EXCEPTIONS } });
  for (const i of issuesOf(BEFORE)) {
    const [owner, repo] = i.repository.split('/') as [string, string];
    gh.state.seedIssue({ owner, repo, title: i.title, body: i.body, labels: i.labels, assignees: i.assignees, state: i.key === REOPENED ? 'closed' : 'open' });
  }
  for (const p of prsOf([], ['legacy-ftp'], true)) {
    const [owner, name] = p.repository.split('/') as [string, string];
    const r = gh.state.repo(owner, name)!;
    const main = gh.state.branchHead(r, 'main')!;
    const blob = gh.state.commits.get(main)!.tree.get(p.path);
    const text = applyFileEdit(p.edit, blob ? gh.state.blobs.get(blob)!.toString('utf8') : undefined)!;
    r.refs.set(`refs/heads/${p.branch}`, gh.state.commit(main, { [p.path]: Buffer.from(text) }, p.commit_message).sha);
    const pr = gh.state.newIssue(r, { title: p.title, body: p.body, user: 'ctem-bot', labels: ['ctem'] });
    pr.pull = { id: gh.state.nextId('pull'), head: p.branch, base: 'main', draft: false, maintainerCanModify: false, merged: false };
  }
  // Labels made by seeding have no description, which GitHub's description of pull
  // request listings does not allow (ctem itself always gives one).
  for (const r of gh.state.repos.values()) for (const l of r.labels.values()) l.description ??= 'seeded';
}

const run = (gh: TestGitHub, state: RunState) => runOnce(gh, AFTER_ISSUES, state, { prs: AFTER_PRS, repositories: REPOS });

/** Exactly the desired state, and nothing twice. */
function expectConverged(gh: TestGitHub, where: string): void {
  const issues = allIssues(gh);
  const pulls = allPulls(gh);
  expect(duplicateKeys(issues), where).toEqual([]);
  expect(duplicateKeys(pulls), where).toEqual([]);
  for (const want of AFTER_ISSUES) {
    const got = issues.find((i) => i.key === want.key)!;
    expect(got, `${where}: issue ${want.title}`).toBeDefined();
    expect({ repo: got.repository, state: got.issue.state, title: got.issue.title, body: got.issue.body, assignees: got.issue.assignees }, where).toEqual({
      repo: want.repository,
      state: 'open',
      title: want.title,
      body: want.body,
      assignees: want.assignees,
    });
    expect([...got.issue.labels].sort(), where).toEqual(want.labels);
  }
  const said = (key: string) => issues.find((i) => i.key === key)!.issue.comments.map((c) => parseCommentMarker(c.body)?.kind);
  expect(said(ESCALATED), where).toEqual(['escalate']);
  expect(said(CHANGED), where).toEqual(['change']);
  expect(said(REOPENED), where).toEqual(['reopen']);
  expect(said(CLOSED), where).toEqual(['close']);
  expect(issues.find((i) => i.key === CLOSED)!.issue.state, where).toBe('closed');
  for (const want of AFTER_PRS) {
    const got = pulls.filter((p) => p.key === want.key);
    expect(got.map((p) => p.issue.state), `${where}: ${want.branch}`).toEqual(['open']);
    expect({ title: got[0]!.issue.title, body: got[0]!.issue.body, labels: got[0]!.issue.labels }, where).toEqual({ title: want.title, body: want.body, labels: ['ctem'] });
  }
  const renewal = pulls.find((p) => p.key === 'renew:exc-1')!;
  expect(renewal.issue.state, where).toBe('closed');
  expect(renewal.issue.comments.map((c) => parseCommentMarker(c.body)?.kind), where).toEqual(['pr-close']);
  expect(issues.length + pulls.length, where).toBe(AFTER_ISSUES.length + 1 + AFTER_PRS.length + 1);
}

/** Two more runs write nothing; by the second, the snapshot is complete and search finds the issues within ceil(N/100) requests. */
async function expectQuietRun(gh: TestGitHub, state: RunState, where: string): Promise<void> {
  gh.faults.clear();
  gh.log.clear();
  const r = await run(gh, state);
  expect(r.report.failures, where).toEqual([]);
  expect(gh.log.writes, `${where}: a converged state needs no write`).toBe(0);
  gh.log.clear();
  const steady = await run(gh, state);
  expect(gh.log.writes, `${where}: steady state`).toBe(0);
  const l = steady.report.listing;
  expect({ mode: l.mode, listed: l.listed }, `${where}: steady state listing`).toEqual({ mode: 'search', listed: 0 });
  expect(l.searchReads + l.listReads + l.listNotModified, where).toBeLessThanOrEqual(Math.max(1, Math.ceil(l.tracked / 100)));
}

describe('convergence', () => {
  it('a clean run reaches the desired state, and the next one writes nothing', async () => {
    const gh = await startGitHub();
    seedBefore(gh);
    const state: RunState = {};
    await primeSnapshot(gh, state, REPOS);
    const r = await run(gh, state);
    expect(r.report.failures).toEqual([]);
    expectConverged(gh, 'clean');
    await expectQuietRun(gh, state, 'clean');
    expectNoViolations(gh);
  });

  it('killed at 50 random points and run again, ends in the desired state with no duplicates', async () => {
    const reference = await startGitHub();
    seedBefore(reference);
    const primed: RunState = {};
    await primeSnapshot(reference, primed, REPOS);
    reference.log.clear();
    // Every killed run is this run up to its kill point: one that starts in steady state.
    expect((await run(reference, primed)).report.listing.mode).toBe('search');
    const total = reference.log.entries.length;
    const random = prng(20261128);
    const points = Array.from({ length: 50 }, () => 1 + Math.floor(random() * total));
    let killedAfterACreate = 0;
    for (const k of points) {
      const gh = await startGitHub();
      seedBefore(gh);
      const state: RunState = {};
      await primeSnapshot(gh, state, REPOS);
      gh.log.clear();
      // Request k is made and its answer lost; everything after it never arrives.
      gh.faults.add({ name: 'killed', kind: 'drop', phase: 'after', nth: k });
      gh.faults.add({ name: 'dead', kind: 'drop', nth: Array.from({ length: 2000 }, (_, i) => k + 1 + i) });
      await run(gh, state);
      // On disk: the snapshot as last written before request k (the in-progress marker).
      state.snapshot = snapshotAtKill(state, k);
      // A killed process saves no cache half the time.
      if (random() < 0.5) delete state.cache;
      if (gh.log.entries.slice(0, k).some((e) => e.operationId === 'issues/create')) killedAfterACreate++;
      gh.faults.clear();
      const again = await run(gh, state);
      expect(again.report.listing.reason, `killed at request ${k}: the marker makes the next run list everything`).toMatch(/did not finish/);
      expect(again.report.failures, `killed at request ${k} of ${total}`).toEqual([]);
      expectConverged(gh, `killed at request ${k} of ${total}`);
      await expectQuietRun(gh, state, `killed at request ${k}`);
      expectNoViolations(gh);
      await gh.close();
    }
    // Among them, kills between a create and the snapshot write that would record it.
    expect(killedAfterACreate).toBeGreaterThan(5);
  }, 600_000);

  it('with 20% of requests failing (5xx, secondary rate limits, dropped connections, writes whose answer is lost), converges without duplicates', async () => {
    for (const seed of [1, 2, 3]) {
      const faults: FaultRule[] = [
        { kind: 'status', status: 502, probability: 0.05 },
        { kind: 'status', status: 503, probability: 0.03 },
        { kind: 'secondary-rate-limit', retryAfter: 2, probability: 0.04 },
        { kind: 'drop', probability: 0.04 },
        { kind: 'drop', phase: 'after', match: { writesOnly: true }, probability: 0.08 },
      ];
      const gh = await startGitHub();
      seedBefore(gh);
      const state: RunState = {};
      // From steady state: the search that starts each run is as likely to fail as anything else.
      await primeSnapshot(gh, state, REPOS);
      gh.log.clear();
      gh.faults.clear(seed);
      for (const f of faults) gh.faults.add(f);
      let runs = 0;
      for (; runs < 4; runs++) {
        const r = await run(gh, state);
        if (r.report.failures.length === 0 && !r.report.fatal) break;
      }
      expect(runs, `seed ${seed}: converged within two runs`).toBeLessThan(2);
      const injected = gh.faults.fired.length;
      expect(injected / gh.log.entries.length, `seed ${seed}`).toBeGreaterThan(0.1);
      expectConverged(gh, `seed ${seed}`);
      await expectQuietRun(gh, state, `seed ${seed}`);
      expectNoViolations(gh);
      await gh.close();
    }
  }, 120_000);
});
