/**
 * Mobilisation against the test GitHub, run after run: each test's GitHub traffic is
 * checked against GitHub's OpenAPI description (no violations), and the figures are
 * the server's own request log.
 */
import { describe, expect, it } from 'vitest';
import { parseCommentMarker } from '../../../engine/mobilise/markers.ts';
import { allIssues, duplicateKeys, expectNoViolations, startGitHub } from './support.ts';
import { issuesFor, runOnce, seedEstate, specs } from './scenario.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';

const byKey = (gh: TestGitHub) => new Map(allIssues(gh).map((i) => [i.key, i.issue]));
const comments = (gh: TestGitHub, key: string) => byKey(gh).get(key)!.comments.map((c) => c.body);

describe('first run, then nothing changed', () => {
  it('creates exactly the planned issues, then the next run makes no write and one search read', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const issues = issuesFor(specs(12));
    const state: { cache?: string } = {};

    const first = await runOnce(gh, issues, state);
    expect(first.report.plan.actions.every((a) => a.op === 'create')).toBe(true);
    expect(first.report.outcomes.filter((o) => o.op === 'create' && o.status === 'done')).toHaveLength(12);
    const made = allIssues(gh);
    expect(made).toHaveLength(12);
    for (const want of issues) {
      const got = made.find((m) => m.key === want.key)!;
      expect(got.repository).toBe(want.repository);
      expect(got.issue).toMatchObject({ title: want.title, body: want.body, state: 'open', assignees: want.assignees });
      expect([...got.issue.labels].sort()).toEqual(want.labels);
    }
    // Every outcome names the issue for the ledger.
    for (const o of first.report.outcomes) expect(o.url).toMatch(/\/acme\/\w+\/issues\/\d+$/);
    // Labels were created once per repository, with colours.
    const creates = gh.log.of('issues/create-label').map((e) => e.path);
    expect(new Set(creates).size).toBe(3);
    expect(gh.state.repo('acme', 'web')!.labels.get('priority:p1')?.color).toBe('b60205');

    gh.log.clear();
    const second = await runOnce(gh, issues, state);
    expect(second.report.plan.actions).toEqual([]);
    expect(second.report.plan.unchanged).toBe(12);
    expect(gh.log.writes).toBe(0);
    expect(gh.log.entries.map((e) => e.operationId)).toEqual(['search/issues-and-pull-requests']);
    expect(second.counts).toEqual({ reads: 1, writes: 0, notModified: 0 });
    expect(second.report.listing).toMatchObject({ mode: 'search', searchReads: 1, listReads: 0, listNotModified: 0, listed: 0, tracked: 12 });
    expectNoViolations(gh);
  });

  it('lists N issues in ceil(N/100) pages, even without a cache, and writes nothing', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const issues = issuesFor(specs(250, () => ({ asset: 'web' })));
    for (const i of issues) gh.state.seedIssue({ owner: 'acme', repo: 'web', title: i.title, body: i.body, labels: i.labels, assignees: i.assignees });
    const cold = await runOnce(gh, issues, {}, { repositories: ['acme/web'], snapshots: false });
    expect(cold.report.plan.unchanged).toBe(250);
    expect(gh.log.writes).toBe(0);
    expect(gh.log.reads).toBe(Math.ceil(250 / 100));
    expectNoViolations(gh);
  });
});

describe('changes between runs', () => {
  it('closes the issue of a fixed finding with the evidence, and reopens it when the finding regresses', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const all = specs(6);
    const state: { cache?: string } = {};
    await runOnce(gh, issuesFor(all), state);
    const fixed = issuesFor(all).find((i) => i.decisions[0]!.fingerprint === all[1]!.fingerprint)!;

    const without = issuesFor(all.filter((_, i) => i !== 1));
    const closing = await runOnce(gh, without, state, { today: '2026-12-03' });
    // Found from the last run's snapshot and one search, as every quiet day is.
    expect(closing.report.listing.mode).toBe('search');
    expect(closing.report.plan.actions).toEqual([expect.objectContaining({ op: 'close', key: fixed.key })]);
    const closed = byKey(gh).get(fixed.key)!;
    expect(closed.state).toBe('closed');
    expect(closed.stateReason).toBe('completed');
    expect(comments(gh, fixed.key)).toHaveLength(1);
    expect(comments(gh, fixed.key)[0]).toContain(`Closed by ctem on 2026-12-03: none of the 1 exposure(s) of this issue was reported in the latest run`);
    expect(comments(gh, fixed.key)[0]).toContain(`No longer reported: \`${all[1]!.fingerprint}\`.`);

    gh.log.clear();
    const quiet = await runOnce(gh, without, state);
    expect(quiet.report.plan.actions).toEqual([]);
    expect(gh.log.writes).toBe(0);

    const back = await runOnce(gh, issuesFor(all), state, { today: '2026-12-10' });
    expect(back.report.listing.mode).toBe('search');
    expect(back.report.plan.actions.map((a) => a.op)).toEqual(['reopen']);
    expect(byKey(gh).get(fixed.key)!.state).toBe('open');
    expect(comments(gh, fixed.key)[1]).toMatch(/^Reopened by ctem on 2026-12-10: the exposure is back/);
    expect(duplicateKeys(allIssues(gh))).toEqual([]);
    expectNoViolations(gh);
  });

  it('comments when the priority or due date changes, and updates the issue', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const state: { cache?: string } = {};
    await runOnce(gh, issuesFor(specs(3)), state);
    const raised = issuesFor(specs(3, (i) => (i === 2 ? { priority: 'P1', due: '2026-12-02' } : {})));
    const target = raised.find((i) => i.decisions[0]!.fingerprint === specs(3)[2]!.fingerprint)!;
    await runOnce(gh, raised, state);
    expect(comments(gh, target.key)).toEqual([expect.stringContaining('P3 due 2026-12-01 → **P1** due **2026-12-02**')]);
    expect(byKey(gh).get(target.key)!.body).toBe(target.body);
    expect(byKey(gh).get(target.key)!.labels).toContain('priority:P1');
    expectNoViolations(gh);
  });

  it('escalates an overdue issue exactly once, mentioning the owner team', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const state: { cache?: string } = {};
    await runOnce(gh, issuesFor(specs(5)), state);
    const overdue = issuesFor(specs(5, (i) => (i === 0 ? { overdue: true } : {})));
    const key = overdue.find((i) => i.overdue)!.key;
    await runOnce(gh, overdue, state);
    await runOnce(gh, overdue, state);
    const said = comments(gh, key);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^⚠️ @acme\/web-team: this issue is \*\*overdue\*\*/);
    expect(byKey(gh).get(key)!.labels).toContain('overdue');

    // Someone removes the label: ctem puts it back, but does not say it again.
    const issue = byKey(gh).get(key)!;
    issue.labels = issue.labels.filter((l) => l !== 'overdue');
    await runOnce(gh, overdue, state);
    expect(comments(gh, key)).toHaveLength(1);
    expect(byKey(gh).get(key)!.labels).toContain('overdue');
    expectNoViolations(gh);
  });

  it('escalates once even when the run dies between the comment and the label', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const state: { cache?: string } = {};
    await runOnce(gh, issuesFor(specs(3)), state);
    const overdue = issuesFor(specs(3, (i) => (i === 0 ? { overdue: true } : {})));
    const key = overdue.find((i) => i.overdue)!.key;
    const rule = gh.faults.add({ kind: 'status', status: 500, match: { operationId: 'issues/add-labels' } });
    const dying = await runOnce(gh, overdue, state);
    expect(dying.report.outcomes.find((o) => o.op === 'escalate')?.status).toBe('failed');
    expect(comments(gh, key)).toHaveLength(1);
    gh.faults.remove(rule);
    await runOnce(gh, overdue, state);
    expect(comments(gh, key)).toHaveLength(1);
    expect(byKey(gh).get(key)!.labels).toContain('overdue');
    expectNoViolations(gh);
  });

  it('trusts only its own comments: a forged escalation marker from someone else does not silence it', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const state: { cache?: string } = {};
    await runOnce(gh, issuesFor(specs(3)), state);
    const overdue = issuesFor(specs(3, (i) => (i === 0 ? { overdue: true } : {})));
    const key = overdue.find((i) => i.overdue)!.key;
    gh.state.newComment(byKey(gh).get(key)!, `nothing to see <!-- ctem:comment {"key":"${key}","kind":"escalate"} -->`, 'mallory');
    await runOnce(gh, overdue, state);
    expect(comments(gh, key).filter((c) => parseCommentMarker(c)?.kind === 'escalate')).toHaveLength(2);
    expect(comments(gh, key)[1]).toMatch(/^⚠️/);
    expectNoViolations(gh);
  });
});

describe('limits and failures', () => {
  it('opens at most max_new_issues_per_run, most urgent first, and the rest on later runs', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const issues = issuesFor(specs(8));
    const state: { cache?: string } = {};
    const first = await runOnce(gh, issues, state, { maxNew: 3 });
    expect(allIssues(gh).map((i) => i.issue.title).sort()).toEqual(issues.slice(0, 3).map((i) => i.title).sort());
    expect(issues.slice(0, 3).every((i) => i.priority === 'P1' || i.priority === 'P2')).toBe(true);
    expect(first.report.outcomes.filter((o) => o.status === 'deferred').map((o) => o.key)).toEqual(issues.slice(3).map((i) => i.key));
    await runOnce(gh, issues, state, { maxNew: 3 });
    await runOnce(gh, issues, state, { maxNew: 3 });
    expect(allIssues(gh)).toHaveLength(8);
    expectNoViolations(gh);
  });

  it('adopts an issue whose create succeeded but whose answer was lost, instead of creating it twice', async () => {
    const gh = await startGitHub({ faults: { rules: [{ kind: 'drop', phase: 'after', match: { operationId: 'issues/create' }, nth: [2, 3] }] } });
    seedEstate(gh);
    const issues = issuesFor(specs(4));
    const run = await runOnce(gh, issues, {});
    expect(allIssues(gh)).toHaveLength(4);
    expect(duplicateKeys(allIssues(gh))).toEqual([]);
    expect(run.report.outcomes.filter((o) => o.status === 'already-done')).toHaveLength(2);
    expect(run.report.outcomes.every((o) => o.number !== undefined)).toBe(true);
    expectNoViolations(gh);
  });

  it('skips a repository it cannot list (planning blind could duplicate), and carries on elsewhere', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const run = await runOnce(gh, issuesFor(specs(6)), {}, { repositories: ['acme/api', 'acme/security', 'acme/web', 'acme/gone'] });
    expect(run.report.unlisted.map((u) => u.repository)).toEqual(['acme/gone']);
    expect(run.report.unlisted[0]!.failure.message).toMatch(/not found on acme\/gone/);
    expect(allIssues(gh)).toHaveLength(6);
    expectNoViolations(gh);
  });

  it('creates the issue without assignees GitHub refuses, and says so', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    const issues = issuesFor(specs(1, () => ({ owner: { team: 'acme/web-team', users: ['nobody-here'] } })));
    const run = await runOnce(gh, issues, {});
    expect(allIssues(gh)[0]!.issue.assignees).toEqual([]);
    expect(run.report.outcomes[0]).toMatchObject({ status: 'done', detail: 'created without assignees: nobody-here cannot be assigned in acme/web' });
    expectNoViolations(gh);
  });
});

describe('a token without the needed permission', () => {
  it('stops at the first refused write with one error naming the permission and the repository', async () => {
    const gh = await startGitHub({ tokens: { 'read-only': { permissions: ['issues:read'] } } });
    seedEstate(gh);
    const run = await runOnce(gh, issuesFor(specs(6)), {}, { token: 'read-only' });
    expect(run.report.fatal?.message).toMatch(/^the token lacks the `issues: write` permission on acme\/\w+ \(GitHub: 403 Resource not accessible by personal access token\)/);
    expect(gh.log.writes).toBe(1);
    expect(run.report.outcomes.filter((o) => o.status === 'failed')).toHaveLength(1);
    expect(run.report.outcomes.filter((o) => o.status === 'skipped').length).toBeGreaterThan(0);
    expectNoViolations(gh);
  });

  it('names `issues: read` when it cannot even list', async () => {
    const gh = await startGitHub({ tokens: { 'no-issues': { permissions: ['contents:read'] } } });
    seedEstate(gh);
    const run = await runOnce(gh, issuesFor(specs(3)), {}, { token: 'no-issues' });
    expect(run.report.fatal?.message).toMatch(/^the token lacks the `issues: read` permission on acme\/api/);
    expect(gh.log.writes).toBe(0);
    expect(gh.log.entries).toHaveLength(1);
    expectNoViolations(gh);
  });
});
