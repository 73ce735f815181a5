/** The sticky plan comment on a pull request, against the test GitHub: one comment, edited in place, never a second. */
import { describe, expect, it } from 'vitest';
import { ACTIONS_LOGIN, fitComment, postPlanComment, whoAmI } from '../../../engine/github/plan-comment.ts';
import { COMMENT_LIMIT, PLAN_MARKER } from '../../../engine/plan/markdown.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { expectNoViolations, startGitHub, testClient } from './support.ts';

const REPO = 'acme/exposures';
const plan = (headline: string) => `${PLAN_MARKER}\n## ctem plan\n\n${headline}\n`;

/** A pull request from a branch with one commit more than main. */
async function pullRequest(gh: TestGitHub): Promise<number> {
  const repo = gh.state.seedRepo({ owner: 'acme', name: 'exposures', branches: ['raise-p2'] });
  const head = gh.state.commit(gh.state.branchHead(repo, 'main'), { 'policies/50-baseline.yaml': Buffer.from('rules: []\n') }, 'Raise to P2');
  repo.refs.set('refs/heads/raise-p2', head.sha);
  const res = await testClient(gh).octokit.rest.pulls.create({ owner: 'acme', repo: 'exposures', head: 'raise-p2', base: 'main', title: 'Raise to P2' });
  return res.data.number;
}

const commentsOf = (gh: TestGitHub, number: number) => gh.state.repo('acme', 'exposures')!.issues.get(number)!.comments;

describe('the plan comment on a pull request', () => {
  it('is created once, then edited in place on every push, and left alone when the plan is the same', async () => {
    const gh = await startGitHub();
    const number = await pullRequest(gh);
    const client = testClient(gh);

    const first = await postPlanComment(client, { repository: REPO, number }, plan('raises 4 exposures to P2'));
    expect(first).toMatchObject({ op: 'create', author: 'ctem-bot', url: expect.stringMatching(new RegExp(`/acme/exposures/issues/${number}#issuecomment-${first.id}$`)) });

    const second = await postPlanComment(client, { repository: REPO, number }, plan('raises 6 exposures to P2'));
    expect(second).toMatchObject({ op: 'update', id: first.id });
    expect(commentsOf(gh, number).map((c) => c.body)).toEqual([plan('raises 6 exposures to P2')]);

    gh.log.clear();
    expect(await postPlanComment(client, { repository: REPO, number }, plan('raises 6 exposures to P2'))).toMatchObject({ op: 'none', id: first.id });
    expect(gh.log.writes).toBe(0);
    expectNoViolations(gh);
  });

  it("edits only ctem's own comment: a marker typed by someone else, or quoted later in a comment, is not ctem's", async () => {
    const gh = await startGitHub();
    const number = await pullRequest(gh);
    const issue = gh.state.repo('acme', 'exposures')!.issues.get(number)!;
    gh.state.ensureUser('mallory');
    gh.state.newComment(issue, plan('forged by someone else'), 'mallory');
    gh.state.newComment(issue, `as the bot said:\n\n${plan('quoted')}`, 'ctem-bot');
    const client = testClient(gh);

    const posted = await postPlanComment(client, { repository: REPO, number }, plan('the real plan'));
    expect(posted.op).toBe('create');
    await postPlanComment(client, { repository: REPO, number }, plan('the real plan, after a push'));
    expect(commentsOf(gh, number).map((c) => [c.user, c.body])).toEqual([
      ['mallory', plan('forged by someone else')],
      ['ctem-bot', `as the bot said:\n\n${plan('quoted')}`],
      ['ctem-bot', plan('the real plan, after a push')],
    ]);
    expectNoViolations(gh);
  });

  it('finds its comment after an answer lost on the way back, instead of posting a second one', async () => {
    const gh = await startGitHub();
    const number = await pullRequest(gh);
    gh.faults.add({ kind: 'drop', phase: 'after', match: { operationId: 'issues/create-comment' }, times: 1 });
    const posted = await postPlanComment(testClient(gh), { repository: REPO, number }, plan('raises 4 exposures to P2'));
    expect(posted.op).toBe('create');
    expect(commentsOf(gh, number)).toHaveLength(1);
    expect(posted.id).toBe(commentsOf(gh, number)[0]!.id);
  });

  it("with the workflow's own token, which may not read /user, the comment is github-actions[bot]'s", async () => {
    const gh = await startGitHub({ tokens: { 'ghs-installation': { login: ACTIONS_LOGIN, kind: 'app' }, 'test-token': { permissions: 'all' } } });
    const number = await pullRequest(gh);
    gh.faults.add({ kind: 'status', status: 403, message: 'Resource not accessible by integration', match: { operationId: 'users/get-authenticated' } });
    const client = testClient(gh, 'ghs-installation');
    expect(await whoAmI(client)).toBe(ACTIONS_LOGIN);
    const first = await postPlanComment(client, { repository: REPO, number }, plan('one'));
    const second = await postPlanComment(client, { repository: REPO, number }, plan('two'));
    expect([first.op, second.op, second.id]).toEqual(['create', 'update', first.id]);
    expect(commentsOf(gh, number).map((c) => c.user)).toEqual([ACTIONS_LOGIN]);
  });

  it("never posts more than GitHub's limit", async () => {
    const gh = await startGitHub();
    const number = await pullRequest(gh);
    const huge = plan('x'.repeat(COMMENT_LIMIT + 5000));
    const posted = await postPlanComment(testClient(gh), { repository: REPO, number }, huge);
    expect(posted.op).toBe('create');
    const body = commentsOf(gh, number)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(PLAN_MARKER)).toBe(true);
    expect(body).toMatch(/comment truncated to GitHub's size limit/);
    expect(fitComment(plan('short'))).toBe(plan('short'));
    expectNoViolations(gh);
  });
});
