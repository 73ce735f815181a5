/**
 * What a route handler gets and gives back. Handlers run after authentication and
 * after the request has passed the OpenAPI contract, so they may rely on the body
 * having the documented types; what they still check is GitHub's business rules
 * (duplicates, lengths, missing objects), answering with GitHub's errors.
 */
import type { Auth, Grant, Principal } from '../auth.ts';
import { GitHubError, notFound, validationFailed } from '../errors.ts';
import type { RateResource } from '../rate-limit.ts';
import type { Renderer } from '../render.ts';
import type { RepoRecord, State } from '../state.ts';

export type Query = Record<string, string | string[]>;

export interface Ctx {
  state: State;
  render: Renderer;
  auth: Auth;
  principal: Principal;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  /** The full request URL (for pagination links). */
  url: URL;
  /** The Accept header (media types such as `application/vnd.github.raw`). */
  accept: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file content); the spec describes no schema for it. */
  raw?: { data: Buffer; contentType: string };
}

export interface Route {
  /** The permission the token needs; null for none (e.g. GET /user). */
  permission: Grant | null;
  /** Which rate-limit bucket the request is charged to (default `core`). */
  resource?: RateResource;
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

/** The last value of a query parameter (GitHub takes the last when one is repeated). */
export function q(ctx: Ctx, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** The repository named by the path, as this token sees it (an invisible repo is a 404). */
export function repoOf(ctx: Ctx): RepoRecord {
  const owner = ctx.params.owner as string;
  const name = ctx.params.repo as string;
  const repo = ctx.state.requireRepo(owner, name);
  if (!ctx.auth.canSee(ctx.principal, `${repo.owner}/${repo.name}`)) throw notFound();
  return repo;
}

/** A repository that accepts writes: GitHub refuses every write to an archived one. */
export function writableRepo(ctx: Ctx): RepoRecord {
  const repo = repoOf(ctx);
  if (repo.archived) throw new GitHubError(403, 'Repository was archived so is read-only.');
  return repo;
}

/** A repository whose issues are enabled; GitHub answers 410 Gone otherwise. */
export function issuesRepo(ctx: Ctx, write = false): RepoRecord {
  const repo = write ? writableRepo(ctx) : repoOf(ctx);
  if (!repo.hasIssues) throw new GitHubError(410, 'Issues are disabled for this repo');
  return repo;
}

export const MAX_BODY = 65536;
export const MAX_TITLE = 256;

/** GitHub's length limits on titles and bodies (issues, PRs, comments). */
export function checkText(resource: string, fields: { title?: unknown; body?: unknown }): void {
  if (typeof fields.body === 'string' && fields.body.length > MAX_BODY) {
    throw validationFailed({ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` });
  }
  if (typeof fields.title === 'string' && fields.title.length > MAX_TITLE) {
    throw validationFailed({ resource, code: 'custom', field: 'title', message: `title is too long (maximum is ${MAX_TITLE} characters)` });
  }
  if (fields.title !== undefined && String(fields.title).trim() === '') {
    throw validationFailed({ resource, code: 'missing_field', field: 'title' });
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
