/**
 * Pull request reviews: requesting reviewers (users, and teams of the repository's
 * organisation) and listing reviews. As on GitHub, a request for someone who cannot
 * review (unknown, or the pull request's author) is a 422, requesting someone already
 * requested changes nothing, and submitting a review ends that person's request.
 */
import { notFound, unprocessable } from '../errors.ts';
import { paginateByPage } from '../paginate.ts';
import type { IssueRecord, RepoRecord, ReviewRecord, State } from '../state.ts';
import { json, repoOf, writableRepo, type Ctx, type Route } from './context.ts';

function requirePull(ctx: Ctx, repo: RepoRecord): IssueRecord & { pull: NonNullable<IssueRecord['pull']> } {
  const issue = repo.issues.get(Number(ctx.params.pull_number));
  if (!issue?.pull) throw notFound();
  return issue as IssueRecord & { pull: NonNullable<IssueRecord['pull']> };
}

const notCollaborator = (repo: RepoRecord) =>
  unprocessable(`Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner}/${repo.name} repository.`);

export const requestReviewers: Route = {
  permission: 'pull_requests:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const issue = requirePull(ctx, repo);
    const input = (ctx.body ?? {}) as { reviewers?: string[]; team_reviewers?: string[] };
    const users = (input.reviewers ?? []).map((login) => {
      const u = ctx.state.user(login);
      if (!u || u.type !== 'User') throw notCollaborator(repo);
      if (u.login.toLowerCase() === issue.user.toLowerCase()) throw unprocessable('Review cannot be requested from pull request author.');
      return u.login;
    });
    const teams = (input.team_reviewers ?? []).map((slug) => {
      const t = ctx.state.teams.find((x) => x.org.toLowerCase() === repo.owner.toLowerCase() && x.slug.toLowerCase() === slug.toLowerCase());
      if (!t) throw notCollaborator(repo);
      return t.slug;
    });
    const pr = issue.pull;
    pr.requestedReviewers = [...new Set([...(pr.requestedReviewers ?? []), ...users])];
    pr.requestedTeams = [...new Set([...(pr.requestedTeams ?? []), ...teams])];
    issue.updatedAt = ctx.state.now();
    return json(201, ctx.render.pullSimple(repo, issue));
  },
};

export const listReviews: Route = {
  permission: 'pull_requests:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    const issue = requirePull(ctx, repo);
    const page = paginateByPage(issue.pull.reviews ?? [], ctx.query, ctx.url);
    return json(200, page.items.map((v) => ctx.render.review(repo, issue, v)), page.link ? { link: page.link } : undefined);
  },
};

/** A review as a person would submit it in the web interface (for tests): it ends their pending request, and their teams'. */
export function submitReview(state: State, repo: RepoRecord, issue: IssueRecord, user: string, verdict: ReviewRecord['state'] = 'APPROVED', body = ''): ReviewRecord {
  const pr = issue.pull;
  if (!pr) throw new Error(`#${issue.number} is not a pull request`);
  const review: ReviewRecord = { id: state.nextId('review'), user, state: verdict, body, commitId: state.branchHead(repo, pr.head) ?? '0'.repeat(40), submittedAt: state.now() };
  pr.reviews = [...(pr.reviews ?? []), review];
  pr.requestedReviewers = (pr.requestedReviewers ?? []).filter((l) => l.toLowerCase() !== user.toLowerCase());
  const teamsOfUser = state.teams.filter((t) => t.org.toLowerCase() === repo.owner.toLowerCase() && t.members.some((m) => m.toLowerCase() === user.toLowerCase())).map((t) => t.slug);
  pr.requestedTeams = (pr.requestedTeams ?? []).filter((s) => !teamsOfUser.includes(s));
  issue.updatedAt = state.now();
  return review;
}
