/** Pull requests: list, create (with GitHub's checks on head/base), get, update. */
import { notFound, validationFailed } from '../errors.ts';
import { paginateByPage } from '../paginate.ts';
import type { IssueRecord, RepoRecord } from '../state.ts';
import { checkText, json, q, repoOf, writableRepo, type Ctx, type Route } from './context.ts';
import { setState } from './issues.ts';

/** `head` may be `branch` or `owner:branch` (cross-fork form; only same-repo is modelled). */
function headBranch(head: string): string {
  const i = head.indexOf(':');
  return i >= 0 ? head.slice(i + 1) : head;
}

function pullsOf(repo: RepoRecord): IssueRecord[] {
  return [...repo.issues.values()].filter((i) => i.pull);
}

function requirePull(ctx: Ctx, repo: RepoRecord): IssueRecord {
  const issue = repo.issues.get(Number(ctx.params.pull_number));
  if (!issue?.pull) throw notFound();
  return issue;
}

export const list: Route = {
  permission: 'pull_requests:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    const state = q(ctx, 'state') ?? 'open';
    const head = q(ctx, 'head');
    const base = q(ctx, 'base');
    const sort = q(ctx, 'sort') ?? 'created';
    const sign = (q(ctx, 'direction') ?? 'desc') === 'asc' ? 1 : -1;
    const list = pullsOf(repo)
      .filter((i) => (state === 'all' || i.state === state) && (!head || i.pull?.head === headBranch(head)) && (!base || i.pull?.base === base))
      .sort((a, b) => sign * ((sort === 'updated' ? a.updatedAt.getTime() - b.updatedAt.getTime() : a.createdAt.getTime() - b.createdAt.getTime()) || a.number - b.number));
    const page = paginateByPage(list, ctx.query, ctx.url);
    return json(200, page.items.map((i) => ctx.render.pullSimple(repo, i)), page.link ? { link: page.link } : undefined);
  },
};

export const create: Route = {
  permission: 'pull_requests:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const input = ctx.body as { title?: string; head: string; base: string; body?: string; draft?: boolean; maintainer_can_modify?: boolean };
    if (input.title === undefined) throw validationFailed({ resource: 'PullRequest', code: 'missing_field', field: 'title' });
    checkText('PullRequest', { title: input.title, body: input.body });
    const head = headBranch(input.head);
    const headSha = ctx.state.branchHead(repo, head);
    const baseSha = ctx.state.branchHead(repo, input.base);
    if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
    if (!headSha) throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
    const existing = pullsOf(repo).find((i) => i.state === 'open' && i.pull?.head === head && i.pull?.base === input.base);
    if (existing) throw validationFailed({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` });
    if (ctx.state.isAncestor(headSha, baseSha)) {
      throw validationFailed({ resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${head}` });
    }
    const issue = ctx.state.newIssue(repo, { title: input.title, body: input.body ?? null, user: ctx.principal.login });
    issue.pull = {
      id: ctx.state.nextId('pull'),
      head,
      base: input.base,
      draft: input.draft ?? false,
      maintainerCanModify: input.maintainer_can_modify ?? false,
      merged: false,
    };
    const out = ctx.render.pull(repo, issue);
    return json(201, out, { location: out.url as string });
  },
};

export const get: Route = {
  permission: 'pull_requests:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    return json(200, ctx.render.pull(repo, requirePull(ctx, repo)));
  },
};

export const update: Route = {
  permission: 'pull_requests:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const issue = requirePull(ctx, repo);
    const pr = issue.pull as NonNullable<IssueRecord['pull']>;
    const input = ctx.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string; maintainer_can_modify?: boolean };
    checkText('PullRequest', { title: input.title, body: input.body });
    if (input.base !== undefined) {
      if (!ctx.state.branchHead(repo, input.base)) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
      pr.base = input.base;
    }
    if (input.title !== undefined) issue.title = input.title;
    if (input.body !== undefined) issue.body = input.body;
    if (input.maintainer_can_modify !== undefined) pr.maintainerCanModify = input.maintainer_can_modify;
    if (input.state !== undefined) {
      if (input.state === 'open' && issue.state === 'closed' && !ctx.state.branchHead(repo, pr.head)) {
        throw validationFailed({ resource: 'PullRequest', code: 'custom', message: 'state cannot be changed. The head branch has been deleted.' });
      }
      setState(ctx, issue, input.state, undefined);
    }
    issue.updatedAt = ctx.state.now();
    return json(200, ctx.render.pull(repo, issue));
  },
};
