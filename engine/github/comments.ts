/**
 * Comments that are said once. Before commenting, ctem reads the issue's comments and
 * looks for its own markers (only in comments by the issue's author — ctem itself —
 * since anyone may write a comment): an escalation is never repeated; any other
 * comment is skipped when ctem's latest comment on the issue already says it (a run
 * that crashed after commenting). A comment whose answer was lost is looked for
 * again before it is retried.
 */
import { parseCommentMarker, type CommentMarker } from '../mobilise/markers.ts';
import { ONCE, type GitHubClient } from './client.ts';
import { conditionalList } from './conditional.ts';
import type { EtagCache } from './etag-cache.ts';
import { classify } from './failure.ts';
import { splitRepository } from './repository.ts';

export interface IssueRef {
  repository: string;
  number: number;
  /** ctem's login (the issue's author); when unknown, every comment's marker counts. */
  author?: string;
}

export function alreadySaid(said: readonly CommentMarker[], m: CommentMarker): boolean {
  const mine = said.filter((s) => s.key === m.key);
  if (m.kind === 'escalate') return mine.some((s) => s.kind === 'escalate');
  const last = mine.at(-1);
  return last !== undefined && last.kind === m.kind && (last.ref ?? '') === (m.ref ?? '');
}

export async function ctemComments(client: GitHubClient, cache: EtagCache, issue: IssueRef): Promise<CommentMarker[]> {
  const { owner, repo } = splitRepository(issue.repository);
  const parse = (x: unknown) => {
    if (x === null || typeof x !== 'object') return undefined;
    const body = Object.hasOwn(x, 'body') ? (x as { body: unknown }).body : undefined;
    const user = Object.hasOwn(x, 'user') ? (x as { user: unknown }).user : undefined;
    const login = user !== null && typeof user === 'object' && Object.hasOwn(user, 'login') ? (user as { login: unknown }).login : undefined;
    return { body: typeof body === 'string' ? body : '', user: { login: typeof login === 'string' ? login : '' } };
  };
  const all = await conditionalList(client, cache, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number }, parse);
  return all
    .filter((c) => issue.author === undefined || c.user.login.toLowerCase() === issue.author.toLowerCase())
    .map((c) => parseCommentMarker(c.body))
    .filter((m): m is CommentMarker => m !== undefined);
}

/** Post `body` (which ends with a comment marker) unless it was already said. */
export async function commentOnce(client: GitHubClient, cache: EtagCache, issue: IssueRef, body: string, attempts = 3): Promise<'posted' | 'already'> {
  const m = parseCommentMarker(body);
  if (!m) throw new Error('a ctem comment needs its marker');
  if (alreadySaid(await ctemComments(client, cache, issue), m)) return 'already';
  const { owner, repo } = splitRepository(issue.repository);
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      await client.octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body, ...ONCE });
      return 'posted';
    } catch (e) {
      last = e;
      const f = classify(e, { what: 'comment', repository: issue.repository });
      if (f.kind !== 'transient') throw e;
      // The comment may have been made although the answer was lost.
      if (alreadySaid(await ctemComments(client, cache, issue), m)) return 'posted';
    }
  }
  throw last;
}
