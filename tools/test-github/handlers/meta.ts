/** The authenticated user, the rate-limit overview, and issue search. */
import { paginateByPage } from '../paginate.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { matches, parseQuery } from '../search.ts';
import type { IssueRecord, RepoRecord } from '../state.ts';
import { json, q, type Route } from './context.ts';

export const getAuthenticated: Route = {
  permission: null,
  handle(ctx) {
    return json(200, ctx.render.privateUser(ctx.state.ensureUser(ctx.principal.login)));
  },
};

/** GET /rate_limit needs the limiter, so it is built by the server. */
export function rateLimitRoute(limiter: RateLimiter): Route {
  return {
    permission: null,
    handle(ctx) {
      const core = limiter.status(ctx.principal.token, 'core');
      const search = limiter.status(ctx.principal.token, 'search');
      const strip = ({ resource: _r, ...rest }: typeof core) => rest;
      return json(200, { resources: { core: strip(core), search: strip(search) }, rate: strip(core) });
    },
  };
}

export const searchIssues: Route = {
  permission: null,
  resource: 'search',
  handle(ctx) {
    const query = parseQuery(q(ctx, 'q') ?? '');
    const now = ctx.state.now().getTime();
    const hits: Array<{ repo: RepoRecord; issue: IssueRecord }> = [];
    for (const repo of ctx.state.repos.values()) {
      if (!ctx.auth.canSee(ctx.principal, `${repo.owner}/${repo.name}`)) continue;
      for (const issue of repo.issues.values()) {
        // The search index trails writes by `searchLagMs`: an issue created or changed
        // since then is not found yet (its older version would be, which for a search by
        // update time is the same as not at all).
        if (now - Math.max(issue.createdAt.getTime(), issue.updatedAt.getTime()) < ctx.state.searchLagMs) continue;
        if (matches(query, repo, issue)) hits.push({ repo, issue });
      }
    }
    const sort = q(ctx, 'sort');
    const sign = q(ctx, 'order') === 'asc' ? 1 : -1;
    const key = (i: IssueRecord): number => (sort === 'updated' ? i.updatedAt.getTime() : sort === 'comments' ? i.comments.length : i.createdAt.getTime());
    hits.sort((a, b) => sign * (key(a.issue) - key(b.issue) || a.issue.id - b.issue.id));
    // Search only ever returns the first 1000 results.
    const page = paginateByPage(hits, ctx.query, ctx.url, 1000);
    return json(
      200,
      { total_count: hits.length, incomplete_results: false, items: page.items.map((h) => ctx.render.searchItem(h.repo, h.issue)), search_type: 'lexical' },
      page.link ? { link: page.link } : undefined,
    );
  },
};
