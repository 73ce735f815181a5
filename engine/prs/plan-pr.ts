/**
 * One pull request, reconciled: from what ctem wants (a DesiredPr) and what GitHub
 * has (the default branch, the file on it, ctem's branch and the file there, the pull
 * request found by its head branch), the steps that make GitHub match. The branch is
 * rewritten only when its file differs from the wanted one — reset to the default
 * branch (a forced ref update, and only if it has moved away from it), then one
 * commit with the new file — so an unchanged pull request costs no write. Reviews
 * are requested once: from the wanted reviewers who are neither requested already nor
 * have reviewed (a request ends when its reviewer reviews; asking again would notify
 * them again). Pure.
 */
import { commentBody } from '../mobilise/comments.ts';
import { applyFileEdit, type DesiredPr } from './desired-prs.ts';

export interface ObservedFile {
  text: string;
  /** Git blob sha, needed to replace the file through the contents API. */
  sha: string;
}

export interface ObservedPr {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  body: string;
  labels: string[];
  url?: string;
  author?: string;
  /** Logins whose review is pending. */
  requestedReviewers?: string[];
  /** Slugs of teams whose review is pending. */
  requestedTeams?: string[];
  /** Logins who submitted a review; read only when a wanted reviewer is not requested. */
  reviewedBy?: string[];
}

export interface PrObservation {
  baseBranch: string;
  baseSha: string;
  baseFile?: ObservedFile;
  branchSha?: string;
  branchFile?: ObservedFile;
  pr?: ObservedPr;
}

export type PrStep =
  | { op: 'create-branch'; sha: string }
  | { op: 'reset-branch'; sha: string }
  | { op: 'put-file'; text: string; sha?: string }
  | { op: 'create-pr' }
  | { op: 'reopen-pr'; number: number }
  | { op: 'update-pr'; number: number; title?: string; body?: string }
  | { op: 'label-pr'; number: number; labels: string[] }
  /** Without a number: the pull request this plan creates. */
  | { op: 'request-review'; number?: number; reviewers: string[]; teams: string[] }
  | { op: 'close-pr'; number: number; comment: string };

export interface PrPlan {
  /** False when the edit no longer changes anything: the pull request is not needed. */
  needed: boolean;
  steps: PrStep[];
}

const crlf = (s: string) => s.replace(/\r\n/g, '\n');

export function closePrComment(key: string, why: string): string {
  return commentBody(`Closed by ctem: ${why}`, { key, kind: 'pr-close' });
}

/**
 * Who the pull request asks to review: logins, and `org/team` entries as team slugs
 * when the team belongs to the repository's owner (GitHub can request no other).
 */
export function wantedReviewers(d: Pick<DesiredPr, 'repository' | 'reviewers'>): { users: string[]; teams: string[] } {
  const owner = d.repository.slice(0, d.repository.indexOf('/')).toLowerCase();
  const users: string[] = [];
  const teams: string[] = [];
  for (const r of d.reviewers) {
    const i = r.indexOf('/');
    if (i < 0) users.push(r);
    else if (r.slice(0, i).toLowerCase() === owner) teams.push(r.slice(i + 1));
  }
  return { users, teams };
}

const has = (xs: readonly string[] | undefined, x: string) => (xs ?? []).some((y) => y.toLowerCase() === x.toLowerCase());

/**
 * The reviewers still to ask on an existing pull request. A team counts as asked once
 * anyone but the author has reviewed (a member reviewing ends the team's request).
 */
export function reviewersToRequest(d: Pick<DesiredPr, 'repository' | 'reviewers'>, pr: ObservedPr): { users: string[]; teams: string[] } {
  const { users, teams } = wantedReviewers(d);
  const reviewers = (pr.reviewedBy ?? []).filter((l) => !pr.author || l.toLowerCase() !== pr.author.toLowerCase());
  return {
    users: users.filter((u) => !has(pr.requestedReviewers, u) && !has(pr.reviewedBy, u) && !(pr.author && u.toLowerCase() === pr.author.toLowerCase())),
    teams: teams.filter((t) => !has(pr.requestedTeams, t) && reviewers.length === 0),
  };
}

/** Whether the reviews must be read to plan this pull request: a wanted reviewer is not (or no longer) requested. */
export function needsReviews(d: Pick<DesiredPr, 'repository' | 'reviewers'>, pr: ObservedPr | undefined): boolean {
  if (!pr || pr.merged || d.reviewers.length === 0) return false;
  const r = reviewersToRequest(d, { ...pr, reviewedBy: [] });
  return r.users.length > 0 || r.teams.length > 0;
}

export function planPr(d: DesiredPr, o: PrObservation): PrPlan {
  const next = applyFileEdit(d.edit, o.baseFile?.text);
  if (next === undefined) {
    const open = o.pr && o.pr.state === 'open' && !o.pr.merged;
    return { needed: false, steps: open ? [{ op: 'close-pr', number: o.pr!.number, comment: closePrComment(d.key, `\`${d.path}\` on \`${o.baseBranch}\` no longer needs this change.`) }] : [] };
  }
  const steps: PrStep[] = [];
  if (o.branchSha === undefined) {
    steps.push({ op: 'create-branch', sha: o.baseSha }, { op: 'put-file', text: next, sha: o.baseFile?.sha });
  } else if (o.branchFile === undefined || o.branchFile.text !== next) {
    if (o.branchSha !== o.baseSha) steps.push({ op: 'reset-branch', sha: o.baseSha });
    steps.push({ op: 'put-file', text: next, sha: o.baseFile?.sha });
  }
  const pr = o.pr;
  if (!pr || pr.merged) {
    steps.push({ op: 'create-pr' });
    const ask = wantedReviewers(d);
    if (ask.users.length > 0 || ask.teams.length > 0) steps.push({ op: 'request-review', reviewers: ask.users, teams: ask.teams });
    return { needed: true, steps };
  }
  if (pr.state === 'closed') steps.push({ op: 'reopen-pr', number: pr.number });
  const title = pr.title !== d.title ? d.title : undefined;
  const body = crlf(pr.body) !== crlf(d.body) ? d.body : undefined;
  if (title !== undefined || body !== undefined) steps.push({ op: 'update-pr', number: pr.number, ...(title !== undefined ? { title } : {}), ...(body !== undefined ? { body } : {}) });
  const missing = d.labels.filter((l) => !pr.labels.some((x) => x.toLowerCase() === l.toLowerCase()));
  if (missing.length > 0) steps.push({ op: 'label-pr', number: pr.number, labels: missing });
  const ask = reviewersToRequest(d, pr);
  if (ask.users.length > 0 || ask.teams.length > 0) steps.push({ op: 'request-review', number: pr.number, reviewers: ask.users, teams: ask.teams });
  return { needed: true, steps };
}
