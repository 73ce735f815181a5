/**
 * Repository contents: read a file or directory at a ref, and create or update a
 * file on a branch (one commit per PUT). Updating needs the current blob sha, as on
 * GitHub: without it 422 '"sha" wasn't supplied.', with a stale one 409.
 */
import { GitHubError, conflict, notFound, unprocessable } from '../errors.ts';
import { blobSha } from '../ids.ts';
import { json, q, repoOf, writableRepo, type Route } from './context.ts';

export const get: Route = {
  permission: 'contents:read',
  handle(ctx) {
    const repo = repoOf(ctx);
    const ref = q(ctx, 'ref') ?? repo.defaultBranch;
    const commit = ctx.state.resolveCommit(repo, ref);
    if (!commit) throw new GitHubError(404, `No commit found for the ref ${ref}`);
    const path = (ctx.params.path as string).replace(/^\/+|\/+$/g, '');
    const blob = commit.tree.get(path);
    if (blob) {
      const data = ctx.state.blobs.get(blob) ?? Buffer.alloc(0);
      // `mediaType: { format: 'raw' }` asks for the file itself rather than JSON.
      if (/application\/vnd\.github(\.v3)?\.raw/.test(ctx.accept)) return { status: 200, raw: { data, contentType: 'application/vnd.github.raw; charset=utf-8' } };
      return json(200, ctx.render.contentFile(repo, path, ref, blob, data));
    }
    // A directory: its direct children, files and sub-directories, sorted by name.
    const prefix = `${path}/`;
    const children = new Map<string, { type: 'file' | 'dir'; sha: string; size: number }>();
    for (const [p, sha] of commit.tree) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      const childPath = prefix + (head as string);
      if (tail.length === 0) children.set(childPath, { type: 'file', sha, size: ctx.state.blobs.get(sha)?.length ?? 0 });
      else if (!children.has(childPath)) children.set(childPath, { type: 'dir', sha: blobSha(Buffer.from(childPath)), size: 0 });
    }
    if (children.size === 0) throw notFound();
    const entries = [...children.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([p, c]) => ctx.render.contentEntry(repo, p, ref, c.sha, c.type, c.size));
    return json(200, entries);
  },
};

export const put: Route = {
  permission: 'contents:write',
  handle(ctx) {
    const repo = writableRepo(ctx);
    const path = (ctx.params.path as string).replace(/^\/+|\/+$/g, '');
    const input = ctx.body as { message: string; content: string; sha?: string; branch?: string; committer?: { name: string; email: string }; author?: { name: string; email: string } };
    const branch = input.branch ?? repo.defaultBranch;
    const head = ctx.state.branchHead(repo, branch);
    if (!head) throw new GitHubError(404, `Branch ${branch} not found`);
    if (!/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(input.content)) throw unprocessable('content is not valid Base64');
    const content = Buffer.from(input.content, 'base64');
    const existing = ctx.state.commits.get(head)?.tree.get(path);
    if (existing) {
      if (input.sha === undefined) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
      if (input.sha !== existing) throw conflict(`${path} does not match ${input.sha}`);
    }
    const commit = ctx.state.commit(head, { [path]: content }, input.message, input.author ?? input.committer);
    repo.refs.set(`refs/heads/${branch}`, commit.sha);
    repo.pushedAt = ctx.state.now();
    const blob = blobSha(content);
    return json(existing ? 200 : 201, ctx.render.fileCommit(repo, path, branch, blob, content.length, commit));
  },
};
