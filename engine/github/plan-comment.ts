/**
 * Post the plan on its pull request as ONE sticky comment: list the pull request's
 * comments, let `stickyCommentAction` pick ctem's own (the oldest that starts with the
 * hidden marker and was written by ctem's login), then edit it in place, create it,
 * or leave it when the text is unchanged. Never a second comment: a create whose
 * answer was lost is looked for before it is tried again. Shell module.
 */
import { COMMENT_LIMIT, PLAN_MARKER } from '../plan/markdown.ts';
import { stickyCommentAction, type PullRequestComment } from '../plan/sticky-comment.ts';
import { ONCE, type GitHubClient } from './client.ts';
import { classify } from './failure.ts';
import { splitRepository } from './repository.ts';

/** Who writes with the workflow's GITHUB_TOKEN; `GET /user` is not open to that token. */
export const ACTIONS_LOGIN = 'github-actions[bot]';

export interface PlanCommentTarget {
  repository: string;
  /** The pull request (its comments are issue comments). */
  number: number;
  /** ctem's login; found with `GET /user` when not given (ACTIONS_LOGIN for an installation token). */
  author?: string;
}

export interface PostedComment {
  op: 'create' | 'update' | 'none';
  id: number;
  url?: string;
  author: string;
}

const own = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

/** GitHub's comment object, reduced to what the decision needs; anything else in it is ignored. */
function parseComment(raw: unknown): (PullRequestComment & { url?: string }) | undefined {
  const id = own(raw, 'id');
  if (typeof id !== 'number') return undefined;
  const body = own(raw, 'body');
  const login = own(own(raw, 'user'), 'login');
  const url = own(raw, 'html_url');
  return { id, body: typeof body === 'string' ? body : '', user: typeof login === 'string' ? { login } : null, ...(typeof url === 'string' ? { url } : {}) };
}

/** The body as posted: never over GitHub's limit (`planMarkdown` already fits; this is the last guard). */
export function fitComment(body: string, limit = COMMENT_LIMIT): string {
  if (body.length <= limit) return body;
  const cut = '\n\n… (comment truncated to GitHub\'s size limit; run `ctem plan` for the full report)\n';
  return body.slice(0, limit - cut.length) + cut;
}

export async function whoAmI(client: GitHubClient): Promise<string> {
  try {
    const res = await client.octokit.rest.users.getAuthenticated();
    const login = own(res.data, 'login');
    if (typeof login === 'string' && login !== '') return login;
  } catch (e) {
    // An installation token (the workflow's GITHUB_TOKEN) may not read /user: it comments as github-actions[bot].
    if ((e as { status?: number }).status !== 403) throw e;
  }
  return ACTIONS_LOGIN;
}

async function listComments(client: GitHubClient, target: PlanCommentTarget) {
  const { owner, repo } = splitRepository(target.repository);
  const raw = await client.octokit.paginate(client.octokit.rest.issues.listComments, { owner, repo, issue_number: target.number, per_page: 100 });
  return (raw as unknown[]).map(parseComment).filter((c): c is NonNullable<ReturnType<typeof parseComment>> => c !== undefined);
}

export async function postPlanComment(client: GitHubClient, target: PlanCommentTarget, markdown: string, attempts = 3): Promise<PostedComment> {
  const body = fitComment(markdown);
  if (!body.startsWith(PLAN_MARKER)) throw new Error('a plan comment starts with the plan marker');
  const author = target.author ?? (await whoAmI(client));
  const { owner, repo } = splitRepository(target.repository);
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    const comments = await listComments(client, target);
    const action = stickyCommentAction(comments, body, author);
    const url = (id: number) => comments.find((c) => c.id === id)?.url;
    // After a lost answer, finding the exact text means the create did happen.
    if (action.op === 'none') return { op: i === 0 ? 'none' : 'create', id: action.id, url: url(action.id), author };
    if (action.op === 'update') {
      const res = await client.octokit.rest.issues.updateComment({ owner, repo, comment_id: action.id, body });
      return { op: 'update', id: action.id, url: res.data.html_url, author };
    }
    try {
      const res = await client.octokit.rest.issues.createComment({ owner, repo, issue_number: target.number, body, ...ONCE });
      return { op: 'create', id: res.data.id, url: res.data.html_url, author };
    } catch (e) {
      last = e;
      // The comment may exist although its answer was lost: the next round lists again before creating.
      if (classify(e, { what: 'comment' }).kind !== 'transient') throw e;
    }
  }
  throw last;
}
