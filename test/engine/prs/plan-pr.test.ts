import { describe, expect, it } from 'vitest';
import type { DesiredPr } from '../../../engine/prs/desired-prs.ts';
import { planPr, type PrObservation } from '../../../engine/prs/plan-pr.ts';

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
