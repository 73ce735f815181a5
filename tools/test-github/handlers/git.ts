/** Git references (branches and tags): get, create, move (fast-forward unless forced), delete. */
import { notFound, unprocessable } from '../errors.ts';
import { json, repoOf, writableRepo, type Route } from './context.ts';

export const getRef: Route = {
  permission: 'contents:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    const ref = `refs/${ctx.params.ref as string}`;
    const sha = repo.refs.get(ref);
    if (!sha) throw notFound();
    return json(200, ctx.render.gitRef(repo, ref, sha));
  },
};

export const createRef: Route = {
  permission: 'contents:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const { ref, sha } = ctx.body as { ref: string; sha: string };
    if (!/^refs\/[^/]+\/.+/.test(ref)) throw unprocessable(`${ref} is not a valid ref name.`);
    if (repo.refs.has(ref)) throw unprocessable('Reference already exists');
    if (!ctx.state.commits.has(sha)) throw unprocessable('Object does not exist');
    repo.refs.set(ref, sha);
    const out = ctx.render.gitRef(repo, ref, sha);
    return json(201, out, { location: out.url as string });
  },
};

export const updateRef: Route = {
  permission: 'contents:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const ref = `refs/${ctx.params.ref as string}`;
    const { sha, force } = ctx.body as { sha: string; force?: boolean };
    const current = repo.refs.get(ref);
    if (!current) throw unprocessable('Reference does not exist');
    if (!ctx.state.commits.has(sha)) throw unprocessable('Object does not exist');
    if (!force && !ctx.state.isAncestor(current, sha)) throw unprocessable('Update is not a fast forward');
    repo.refs.set(ref, sha);
    repo.pushedAt = ctx.state.now();
    return json(200, ctx.render.gitRef(repo, ref, sha));
  },
};

export const deleteRef: Route = {
  permission: 'contents:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const ref = `refs/${ctx.params.ref as string}`;
    if (!repo.refs.has(ref)) throw unprocessable('Reference does not exist');
    repo.refs.delete(ref);
    // Deleting a PR's head branch closes the PR, as on GitHub.
    const branch = ref.replace(/^refs\/heads\//, '');
    for (const issue of repo.issues.values()) {
      if (issue.pull && issue.state === 'open' && issue.pull.head === branch) {
        issue.state = 'closed';
        issue.closedAt = ctx.state.now();
        issue.updatedAt = issue.closedAt;
        issue.closedBy = ctx.principal.login;
      }
    }
    return { status: 204 };
  },
};
