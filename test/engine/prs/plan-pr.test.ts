import { describe, expect, it } from 'vitest';
import type { DesiredPr } from '../../../engine/prs/desired-prs.ts';
import { needsReviews, planPr, reviewersToRequest, wantedReviewers, type ObservedPr, type PrObservation } from '../../../engine/prs/plan-pr.ts';

const d: DesiredPr = {
  kind: 'playbook',
  key: 'fix:k1',
  repository: 'acme/web',
  branch: 'ctem/fix/k1',
  path: 'package.json',
  edit: { kind: 'replace', from: '"jquery": "3.3.9"', to: '"jquery": "3.4.0"' },
  title: 'ctem: Upgrade jquery',
  body: 'body',
  commit_message: 'm',
  labels: ['ctem'],
  reviewers: [],
  rank: '1',
};
const base = { text: '{"jquery": "3.3.9"}', sha: 'b1' };
const fixed = { text: '{"jquery": "3.4.0"}', sha: 'b2' };
const pr = { number: 7, state: 'open' as const, merged: false, title: d.title, body: d.body, labels: ['ctem'] };
const obs = (o: Partial<PrObservation>): PrObservation => ({ baseBranch: 'main', baseSha: 'S0', baseFile: base, ...o });
const ops = (o: PrObservation) => planPr(d, o).steps.map((s) => s.op);

describe('planning one pull request', () => {
  it('makes the branch, the commit and the pull request when nothing exists', () => {
    expect(planPr(d, obs({}))).toEqual({
      needed: true,
      steps: [{ op: 'create-branch', sha: 'S0' }, { op: 'put-file', text: fixed.text, sha: 'b1' }, { op: 'create-pr' }],
    });
  });

  it('does nothing when branch and pull request are already right', () => {
    expect(ops(obs({ branchSha: 'S1', branchFile: fixed, pr }))).toEqual([]);
  });

  it('rewrites the branch only when its file differs: reset to the default branch (forced), then one commit', () => {
    const stale = { text: '{"jquery": "3.3.10"}', sha: 'b3' };
    expect(planPr(d, obs({ branchSha: 'S1', branchFile: stale, pr })).steps).toEqual([
      { op: 'reset-branch', sha: 'S0' },
      { op: 'put-file', text: fixed.text, sha: 'b1' },
    ]);
    // A branch still at the default branch's head needs no reset.
    expect(ops(obs({ branchSha: 'S0', branchFile: base, pr }))).toEqual(['put-file']);
  });

  it('reopens a closed pull request, and updates what changed', () => {
    expect(planPr(d, obs({ branchSha: 'S1', branchFile: fixed, pr: { ...pr, state: 'closed', title: 'old', labels: [] } })).steps).toEqual([
      { op: 'reopen-pr', number: 7 },
      { op: 'update-pr', number: 7, title: d.title },
      { op: 'label-pr', number: 7, labels: ['ctem'] },
    ]);
  });

  it('opens a new pull request when the previous one was merged but the change is needed again', () => {
    expect(ops(obs({ branchSha: 'S1', branchFile: fixed, pr: { ...pr, state: 'closed', merged: true } }))).toEqual(['create-pr']);
  });

  it('closes the pull request, with a comment, when the default branch no longer needs the change', () => {
    const plan = planPr(d, obs({ baseFile: fixed, branchSha: 'S1', branchFile: fixed, pr }));
    expect(plan.needed).toBe(false);
    expect(plan.steps).toEqual([{ op: 'close-pr', number: 7, comment: expect.stringContaining('Closed by ctem: `package.json` on `main` no longer needs this change.') }]);
    expect(planPr(d, obs({ baseFile: fixed })).steps).toEqual([]);
  });
});

describe('requesting reviews', () => {
  const renewal: DesiredPr = { ...d, kind: 'exception-renewal', key: 'renew:e1', repository: 'acme/exposures', reviewers: ['security-lead', 'acme/risk-board', 'other-org/board'] };
  const open: ObservedPr = { ...pr, author: 'ctem-bot' };

  it('asks users by login and teams of the repository\'s own organisation by slug', () => {
    expect(wantedReviewers(renewal)).toEqual({ users: ['security-lead'], teams: ['risk-board'] });
  });

  it('asks everyone wanted right after opening the pull request', () => {
    expect(planPr(renewal, obs({})).steps.slice(-2)).toEqual([{ op: 'create-pr' }, { op: 'request-review', reviewers: ['security-lead'], teams: ['risk-board'] }]);
    expect(ops(obs({})).includes('request-review')).toBe(false);
  });

  it('asks nobody who is already asked, or has reviewed, or wrote the pull request', () => {
    const steps = (p: Partial<ObservedPr>) => planPr(renewal, obs({ branchSha: 'S1', branchFile: fixed, pr: { ...open, ...p } })).steps;
    expect(steps({ requestedReviewers: ['Security-Lead'], requestedTeams: ['risk-board'] })).toEqual([]);
    expect(steps({ requestedReviewers: [], requestedTeams: [], reviewedBy: ['security-lead'] })).toEqual([]);
    expect(steps({ requestedReviewers: [], requestedTeams: ['risk-board'], reviewedBy: [] })).toEqual([{ op: 'request-review', number: 7, reviewers: ['security-lead'], teams: [] }]);
    expect(reviewersToRequest({ ...renewal, reviewers: ['ctem-bot'] }, { ...open, reviewedBy: [] })).toEqual({ users: [], teams: [] });
  });

  it('counts a team as asked once anyone but the author has reviewed', () => {
    expect(reviewersToRequest(renewal, { ...open, requestedReviewers: ['security-lead'], reviewedBy: ['ctem-bot'] }).teams).toEqual(['risk-board']);
    expect(reviewersToRequest(renewal, { ...open, requestedReviewers: ['security-lead'], reviewedBy: ['someone'] }).teams).toEqual([]);
  });

  it('reads the reviews only when a wanted reviewer is not (or no longer) asked', () => {
    expect(needsReviews(renewal, { ...open, requestedReviewers: ['security-lead'], requestedTeams: ['risk-board'] })).toBe(false);
    expect(needsReviews(renewal, { ...open, requestedReviewers: ['security-lead'] })).toBe(true);
    expect(needsReviews(d, open)).toBe(false);
    expect(needsReviews(renewal, { ...open, merged: true })).toBe(false);
    expect(needsReviews(renewal, undefined)).toBe(false);
  });
});
