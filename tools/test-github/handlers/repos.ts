/** Repositories: one repository, and an organization's repositories (with GitHub's filters and sorts). */
import { notFound } from '../errors.ts';
import { paginateByPage } from '../paginate.ts';
import type { RepoRecord } from '../state.ts';
import { json, q, repoOf, type Route } from './context.ts';

export const get: Route = {
  permission: 'metadata:read',
  handle(ctx) {
    return json(200, ctx.render.repo(repoOf(ctx), { full: true }));
  },
};

export const listForOrg: Route = {
  permission: 'metadata:read',
  handle(ctx) {
    const org = ctx.state.user(ctx.params.org as string);
    if (!org || org.type !== 'Organization') throw notFound();
    const type = q(ctx, 'type') ?? 'all';
    const sort = q(ctx, 'sort') ?? 'created';
    const direction = q(ctx, 'direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
    const key = (r: RepoRecord): string =>
      sort === 'full_name' ? `${r.owner}/${r.name}`.toLowerCase() : (sort === 'updated' ? r.updatedAt : sort === 'pushed' ? r.pushedAt : r.createdAt).toISOString();
    const list = ctx.state
      .reposOf(org.login)
      .filter((r) => ctx.auth.canSee(ctx.principal, `${r.owner}/${r.name}`))
      .filter((r) => {
        if (type === 'public') return r.visibility === 'public';
        if (type === 'private') return r.private;
        if (type === 'forks') return r.fork;
        if (type === 'sources') return !r.fork;
        return true;
      })
      .sort((a, b) => (direction === 'asc' ? 1 : -1) * (key(a).localeCompare(key(b)) || a.id - b.id));
    const page = paginateByPage(list, ctx.query, ctx.url);
    return json(200, page.items.map((r) => ctx.render.repo(r)), page.link ? { link: page.link } : undefined);
  },
};
