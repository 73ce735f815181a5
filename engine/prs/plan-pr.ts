/**
 * One pull request, reconciled: from what ctem wants (a DesiredPr) and what GitHub
 * has (the default branch, the file on it, ctem's branch and the file there, the pull
 * request found by its head branch), the steps that make GitHub match. The branch is
 * rewritten only when its file differs from the wanted one — reset to the default
 * branch (a forced ref update, and only if it has moved away from it), then one
 * commit with the new file — so an unchanged pull request costs no write. Pure.
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
    return { needed: true, steps };
  }
  if (pr.state === 'closed') steps.push({ op: 'reopen-pr', number: pr.number });
  const title = pr.title !== d.title ? d.title : undefined;
  const body = crlf(pr.body) !== crlf(d.body) ? d.body : undefined;
  if (title !== undefined || body !== undefined) steps.push({ op: 'update-pr', number: pr.number, ...(title !== undefined ? { title } : {}), ...(body !== undefined ? { body } : {}) });
  const missing = d.labels.filter((l) => !pr.labels.some((x) => x.toLowerCase() === l.toLowerCase()));
  if (missing.length > 0) steps.push({ op: 'label-pr', number: pr.number, labels: missing });
  return { needed: true, steps };
}
