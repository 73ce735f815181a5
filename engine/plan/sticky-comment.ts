/**
 * One plan comment per pull request, updated on every push, never a second one.
 * Given the pull request's comments, decide whether to create, update or leave
 * alone. Pure: the GitHub calls belong to the Action.
 */
import { PLAN_MARKER } from './markdown.ts';

export interface PullRequestComment {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
}

export type StickyCommentAction = { op: 'create'; body: string } | { op: 'update'; id: number; body: string } | { op: 'none'; id: number };

/**
 * Only comments that START with the marker count (quoting a plan elsewhere does
 * not), and with `author` set only that account's (anyone can post the marker;
 * only ctem's own comment may be edited). Of several, the oldest is kept.
 */
export function stickyCommentAction(comments: readonly PullRequestComment[], body: string, author?: string): StickyCommentAction {
  const ours = comments
    .filter((c) => (c.body ?? '').startsWith(PLAN_MARKER))
    .filter((c) => author === undefined || c.user?.login.toLowerCase() === author.toLowerCase())
    .sort((a, b) => a.id - b.id);
  const first = ours[0];
  if (!first) return { op: 'create', body };
  if ((first.body ?? '').replace(/\r\n/g, '\n') === body) return { op: 'none', id: first.id };
  return { op: 'update', id: first.id, body };
}
