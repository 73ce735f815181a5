/** Issues and issue comments: list (with PRs, as GitHub does), create, get, update, comment. */
import { notFound, validationFailed } from '../errors.ts';
import { paginateByPage } from '../paginate.ts';
import type { IssueRecord, RepoRecord } from '../state.ts';
import { checkText, issuesRepo, json, q, type Ctx, type Route } from './context.ts';

interface IssueInput {
  title?: string | number | null;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  labels?: Array<string | { name?: string }>;
  assignee?: string | null;
  assignees?: string[];
}

const labelNames = (labels: IssueInput['labels']): string[] =>
  (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== '');

/** Assignees must be users GitHub knows; unknown logins are a 422, as for non-collaborators. */
function checkAssignees(ctx: Ctx, logins: string[]): string[] {
  for (const login of logins) {
    if (!ctx.state.user(login)) throw validationFailed({ resource: 'Issue', field: 'assignees', code: 'invalid', value: login });
  }
  return logins.map((l) => ctx.state.user(l)?.login ?? l);
}

function sortIssues(list: IssueRecord[], sort: string, direction: string): IssueRecord[] {
  const key = (i: IssueRecord): number => (sort === 'updated' ? i.updatedAt.getTime() : sort === 'comments' ? i.comments.length : i.createdAt.getTime());
  const sign = direction === 'asc' ? 1 : -1;
  // Ties fall back to the number so the order is total and pages never overlap.
  return [...list].sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

export const listForRepo: Route = {
  permission: 'issues:read',
  handle(ctx) {
    const repo = issuesRepo(ctx);
    const state = q(ctx, 'state') ?? 'open';
    const wanted = (q(ctx, 'labels') ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const since = q(ctx, 'since');
    const assignee = q(ctx, 'assignee');
    const creator = q(ctx, 'creator');
    let list = [...repo.issues.values()].filter((i) => {
      if (state !== 'all' && i.state !== state) return false;
      const have = i.labels.map((l) => l.toLowerCase());
      if (!wanted.every((w) => have.includes(w))) return false;
      if (since && i.updatedAt.getTime() < new Date(since).getTime()) return false;
      if (creator && i.user.toLowerCase() !== creator.toLowerCase()) return false;
      if (assignee === 'none' && i.assignees.length > 0) return false;
      if (assignee === '*' && i.assignees.length === 0) return false;
      if (assignee && assignee !== 'none' && assignee !== '*' && !i.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) return false;
      return true;
    });
    list = sortIssues(list, q(ctx, 'sort') ?? 'created', q(ctx, 'direction') ?? 'desc');
    const page = paginateByPage(list, ctx.query, ctx.url);
    return json(200, page.items.map((i) => ctx.render.issue(repo, i)), page.link ? { link: page.link } : undefined);
  },
};

export const create: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const input = ctx.body as IssueInput;
    if (input.title === undefined || input.title === null) throw validationFailed({ resource: 'Issue', code: 'missing_field', field: 'title' });
    checkText('Issue', { title: String(input.title), body: input.body });
    const assignees = checkAssignees(ctx, [...(input.assignees ?? []), ...(input.assignee ? [input.assignee] : [])]);
    const issue = ctx.state.newIssue(repo, {
      title: String(input.title),
      body: input.body ?? null,
      user: ctx.principal.login,
      labels: labelNames(input.labels),
      assignees: [...new Set(assignees)],
    });
    repo.updatedAt = ctx.state.now();
    const body = ctx.render.issue(repo, issue);
    return json(201, body, { location: body.url as string });
  },
};

export const get: Route = {
  permission: 'issues:read',
  handle(ctx) {
    const repo = issuesRepo(ctx);
    return json(200, ctx.render.issue(repo, ctx.state.requireIssue(repo, Number(ctx.params.issue_number))));
  },
};

/** Open/close bookkeeping shared with pull requests. */
export function setState(ctx: Ctx, issue: IssueRecord, state: 'open' | 'closed', reason: IssueInput['state_reason']): void {
  if (state === 'closed') {
    if (issue.state !== 'closed') {
      issue.closedAt = ctx.state.now();
      issue.closedBy = ctx.principal.login;
    }
    issue.state = 'closed';
    issue.stateReason = issue.pull ? null : (reason ?? 'completed');
  } else {
    if (issue.state === 'closed') issue.stateReason = issue.pull ? null : 'reopened';
    else if (reason !== undefined) issue.stateReason = reason;
    issue.state = 'open';
    issue.closedAt = null;
  }
}

export const update: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const issue = ctx.state.requireIssue(repo, Number(ctx.params.issue_number));
    const input = ctx.body as IssueInput;
    checkText('Issue', { title: input.title === null || input.title === undefined ? undefined : String(input.title), body: input.body });
    if (input.title !== undefined && input.title !== null) issue.title = String(input.title);
    if (input.body !== undefined) issue.body = input.body;
    if (input.labels !== undefined) ctx.state.applyLabels(repo, issue, labelNames(input.labels), 'set');
    if (input.assignees !== undefined) issue.assignees = checkAssignees(ctx, input.assignees);
    else if (input.assignee !== undefined) issue.assignees = input.assignee === null ? [] : checkAssignees(ctx, [input.assignee]);
    if (input.state !== undefined) setState(ctx, issue, input.state, input.state_reason);
    else if (input.state_reason !== undefined && issue.state === 'closed') issue.stateReason = input.state_reason;
    issue.updatedAt = ctx.state.now();
    return json(200, ctx.render.issue(repo, issue));
  },
};

export const listComments: Route = {
  permission: 'issues:read',
  handle(ctx) {
    const repo = issuesRepo(ctx);
    const issue = ctx.state.requireIssue(repo, Number(ctx.params.issue_number));
    const since = q(ctx, 'since');
    const list = issue.comments.filter((c) => !since || c.updatedAt.getTime() >= new Date(since).getTime());
    const page = paginateByPage(list, ctx.query, ctx.url);
    return json(200, page.items.map((c) => ctx.render.comment(repo, c)), page.link ? { link: page.link } : undefined);
  },
};

export const createComment: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const issue = ctx.state.requireIssue(repo, Number(ctx.params.issue_number));
    const { body } = ctx.body as { body: string };
    checkText('IssueComment', { body });
    if (body.trim() === '') throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
    const comment = ctx.state.newComment(issue, body, ctx.principal.login);
    const out = ctx.render.comment(repo, comment);
    return json(201, out, { location: out.url as string });
  },
};

function findComment(repo: RepoRecord, id: number) {
  for (const issue of repo.issues.values()) {
    const c = issue.comments.find((x) => x.id === id);
    if (c) return { issue, comment: c };
  }
  throw notFound();
}

export const updateComment: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const { comment } = findComment(repo, Number(ctx.params.comment_id));
    const { body } = ctx.body as { body: string };
    checkText('IssueComment', { body });
    comment.body = body;
    comment.updatedAt = ctx.state.now();
    return json(200, ctx.render.comment(repo, comment));
  },
};
