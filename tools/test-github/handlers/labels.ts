/** Repository labels and the labels on an issue. Names are case-insensitive, as on GitHub. */
import { GitHubError, notFound, validationFailed } from '../errors.ts';
import { paginateByPage } from '../paginate.ts';
import { issuesRepo, json, repoOf, type Route } from './context.ts';

export const listForRepo: Route = {
  permission: 'issues:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    const list = [...repo.labels.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    const page = paginateByPage(list, ctx.query, ctx.url);
    return json(200, page.items.map((l) => ctx.render.label(repo, l)), page.link ? { link: page.link } : undefined);
  },
};

export const create: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const input = ctx.body as { name: string; color?: string; description?: string };
    if (input.name.trim() === '') throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
    if (repo.labels.has(input.name.toLowerCase())) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
    const color = (input.color ?? 'ededed').replace(/^#/, '');
    if (!/^[0-9a-f]{6}$/i.test(color)) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
    if ((input.description ?? '').length > 100) {
      throw validationFailed({ resource: 'Label', code: 'custom', field: 'description', message: 'description is too long (maximum is 100 characters)' });
    }
    const label = ctx.state.addLabel(repo, input.name, color, input.description ?? null);
    const out = ctx.render.label(repo, label);
    return json(201, out, { location: out.url as string });
  },
};

export const get: Route = {
  permission: 'issues:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    const label = repo.labels.get((ctx.params.name as string).toLowerCase());
    if (!label) throw notFound();
    return json(200, ctx.render.label(repo, label));
  },
};

/** The five body forms GitHub accepts for "add labels", reduced to names. */
function namesFrom(body: unknown): string[] {
  const list = Array.isArray(body) ? body : typeof body === 'string' ? [body] : ((body as { labels?: unknown[] }).labels ?? []);
  return list.map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name ?? ''))).filter((n) => n !== '');
}

export const addToIssue: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const issue = ctx.state.requireIssue(repo, Number(ctx.params.issue_number));
    const names = namesFrom(ctx.body);
    if (names.length === 0) throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'labels' });
    ctx.state.applyLabels(repo, issue, names, 'add');
    issue.updatedAt = ctx.state.now();
    return json(200, ctx.render.labelsOf(repo, issue));
  },
};

export const removeFromIssue: Route = {
  permission: 'issues:write',
  handle(ctx) {
    const repo = issuesRepo(ctx, true);
    const issue = ctx.state.requireIssue(repo, Number(ctx.params.issue_number));
    const name = (ctx.params.name as string).toLowerCase();
    const before = issue.labels.length;
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
    if (issue.labels.length === before) throw new GitHubError(404, 'Label does not exist');
    issue.updatedAt = ctx.state.now();
    return json(200, ctx.render.labelsOf(repo, issue));
  },
};
