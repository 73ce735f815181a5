/** Review requests and reviews on pull requests, checked against GitHub's OpenAPI description. */
import { describe, expect, it } from 'vitest';
import { submitReview } from '../../../tools/test-github/handlers/reviews.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const repo = { owner: 'acme', repo: 'exposures' };

/** A repository with one open pull request (#1) from `ctem/renew`, opened by ctem-bot. */
function seed(gh: TestGitHub) {
  gh.state.seedUser({ login: 'security-lead' });
  gh.state.seedTeam({ org: 'acme', slug: 'security-team', members: ['security-lead'] });
  const r = gh.state.seedRepo({ owner: 'acme', name: 'exposures', branches: ['ctem/renew'] });
  const c = gh.state.commit(gh.state.branchHead(r, 'main'), { 'x.yaml': Buffer.from('x: 1\n') }, 'renew');
  r.refs.set('refs/heads/ctem/renew', c.sha);
  const pr = gh.state.newIssue(r, { title: 'renew', body: 'please review', user: 'ctem-bot' });
  pr.pull = { id: gh.state.nextId('pull'), head: 'ctem/renew', base: 'main', draft: false, maintainerCanModify: false, merged: false };
  return { r, pr };
}

describe('requesting reviewers', () => {
  it('requests users and teams of the organisation; the pull request then lists them; asking again changes nothing', async () => {
    const gh = await startGitHub();
    seed(gh);
    const o = client(gh);
    const res = await o.pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ['security-lead'], team_reviewers: ['security-team'] });
    expect(res.status).toBe(201);
    expect(res.data.requested_reviewers?.map((u) => u.login)).toEqual(['security-lead']);
    expect(res.data.requested_teams?.map((t) => t.slug)).toEqual(['security-team']);
    await o.pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ['Security-Lead'] });
    const listed = await o.pulls.list({ ...repo, head: 'acme:ctem/renew' });
    expect(listed.data[0]!.requested_reviewers?.map((u) => u.login)).toEqual(['security-lead']);
    expect((await o.pulls.get({ ...repo, pull_number: 1 })).data.requested_teams?.map((t) => t.name)).toEqual(['security-team']);
    expectNoViolations(gh);
  });

  it('refuses, as GitHub does, a reviewer who is not a collaborator, a team of no one here, and the author', async () => {
    const gh = await startGitHub();
    seed(gh);
    const o = client(gh);
    const stranger = await errorOf(o.pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ['nobody-here'] }));
    expect(stranger.status).toBe(422);
    expect(stranger.response?.data).toMatchObject({ message: expect.stringMatching(/^Reviews may only be requested from collaborators/) });
    expect((await errorOf(o.pulls.requestReviewers({ ...repo, pull_number: 1, team_reviewers: ['ghosts'] }))).status).toBe(422);
    const author = await errorOf(o.pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ['ctem-bot'] }));
    expect(author.response?.data).toMatchObject({ message: 'Review cannot be requested from pull request author.' });
    expect((await errorOf(o.pulls.requestReviewers({ ...repo, pull_number: 9, reviewers: ['security-lead'] }))).status).toBe(404);
    expectNoViolations(gh);
  });

  it('needs pull_requests: write', async () => {
    const gh = await startGitHub({ tokens: { 'read-only': { permissions: ['pull_requests:read'] } } });
    seed(gh);
    const err = await errorOf(client(gh, 'read-only').pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ['security-lead'] }));
    expect(err.status).toBe(403);
    expect(err.response?.headers['x-accepted-github-permissions']).toBe('pull_requests=write');
    expectNoViolations(gh);
  });
});

describe('reviews', () => {
  it('lists submitted reviews; a review ends its reviewer\'s request, and the request of their team', async () => {
    const gh = await startGitHub();
    const { r, pr } = seed(gh);
    const o = client(gh);
    await o.pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ['security-lead'], team_reviewers: ['security-team'] });
    expect((await o.pulls.listReviews({ ...repo, pull_number: 1 })).data).toEqual([]);
    submitReview(gh.state, r, pr, 'security-lead', 'APPROVED', 'Renew it.');
    const reviews = await o.pulls.listReviews({ ...repo, pull_number: 1 });
    expect(reviews.data.map((v) => [v.user?.login, v.state, v.body])).toEqual([['security-lead', 'APPROVED', 'Renew it.']]);
    const after = await o.pulls.get({ ...repo, pull_number: 1 });
    expect(after.data.requested_reviewers).toEqual([]);
    expect(after.data.requested_teams).toEqual([]);
    expectNoViolations(gh);
  });
});
