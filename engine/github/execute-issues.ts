/**
 * Carry out an issue plan. One action at a time, in plan order; each either done,
 * found already done, or failed with one line saying why. Creating is the dangerous
 * write: if its answer is lost the issue may exist anyway, so after any failed create
 * the newest issues are listed again and an issue with the same key is adopted
 * rather than duplicated. A failure that would repeat for everything (a missing
 * permission, the token, the rate limit) stops the run; so do three failed actions
 * in a row (GitHub is down). Whatever is left is converged by the next run.
 */
import type { Action, ExistingIssue } from '../mobilise/plan.ts';
import { parseIssueMarker } from '../mobilise/markers.ts';
import { ONCE, type GitHubClient } from './client.ts';
import { commentOnce, type IssueRef } from './comments.ts';
import type { EtagCache } from './etag-cache.ts';
import { classify, FatalGitHubError, type GitHubFailure } from './failure.ts';
import type { LabelEnsurer } from './labels.ts';
import type { ActionOutcome } from './outcome.ts';
import { splitRepository } from './repository.ts';
import { newestTracked } from './tracked.ts';

export interface IssueExecutionContext {
  client: GitHubClient;
  cache: EtagCache;
  labels: LabelEnsurer;
  trackingLabel: string;
  /** The issues listed before planning, by `repository#number` (lower case): their URLs and authors. */
  existing: ReadonlyMap<string, ExistingIssue>;
  /** Stop after this many failed actions in a row (default 3). */
  maxConsecutiveFailures?: number;
}

export interface ExecutionResult {
  outcomes: ActionOutcome[];
  /** The failure that stopped the run, if one did. */
  fatal?: GitHubFailure;
  failures: GitHubFailure[];
}

export const issueRefKey = (repository: string, number: number) => `${repository.toLowerCase()}#${number}`;

const NEED: Record<Action['op'], string> = { create: 'issues: write', update: 'issues: write', comment: 'issues: write', reopen: 'issues: write', close: 'issues: write' };

interface Done {
  number: number;
  url?: string;
  detail?: string;
  already?: boolean;
}

export async function executeIssueActions(actions: readonly Action[], ctx: IssueExecutionContext): Promise<ExecutionResult> {
  const outcomes: ActionOutcome[] = [];
  const failures: GitHubFailure[] = [];
  const failedKeys = new Set<string>();
  let fatal: GitHubFailure | undefined;
  let inARow = 0;
  for (const a of actions) {
    const op = a.op === 'comment' && a.purpose === 'escalate' ? 'escalate' : a.op;
    const base = { target: 'issue' as const, op, key: a.key, repository: a.repository, ...('number' in a ? { number: a.number, url: ctx.existing.get(issueRefKey(a.repository, a.number))?.url } : {}) };
    if (fatal) {
      outcomes.push({ ...base, status: 'skipped', detail: 'not attempted: the run stopped' });
      continue;
    }
    if (failedKeys.has(a.key)) {
      // Its earlier step failed; doing the later one alone could lose what the earlier one was for.
      outcomes.push({ ...base, status: 'skipped', detail: 'not attempted: an earlier action on this issue failed' });
      continue;
    }
    try {
      const done = await runAction(a, ctx);
      outcomes.push({ ...base, number: done.number, url: done.url ?? base.url, status: done.already ? 'already-done' : 'done', ...(done.detail ? { detail: done.detail } : {}) });
      inARow = 0;
    } catch (e) {
      const f = classify(e, { what: describe(a), need: NEED[a.op], repository: a.repository });
      failures.push(f);
      failedKeys.add(a.key);
      outcomes.push({ ...base, status: 'failed', detail: f.message });
      inARow++;
      if (f.fatal) fatal = f;
      else if (inARow >= (ctx.maxConsecutiveFailures ?? 3)) fatal = { ...f, fatal: true, message: `${inARow} actions failed in a row; stopping (last: ${f.message})` };
    }
  }
  return { outcomes, fatal, failures };
}

function describe(a: Action): string {
  switch (a.op) {
    case 'create':
      return `create an issue in ${a.repository}`;
    case 'comment':
      return `comment on ${a.repository}#${a.number}`;
    default:
      return `${a.op} ${a.repository}#${a.number}`;
  }
}

async function runAction(a: Action, ctx: IssueExecutionContext): Promise<Done> {
  const { owner, repo } = splitRepository(a.repository);
  const octokit = ctx.client.octokit;
  const ref = (number: number): IssueRef => ({ repository: a.repository, number, author: ctx.existing.get(issueRefKey(a.repository, number))?.author });
  switch (a.op) {
    case 'create': {
      await ctx.labels.ensure(a.repository, a.labels);
      return createIssue(a, ctx);
    }
    case 'update': {
      if (a.changes.labels) await ctx.labels.ensure(a.repository, a.changes.labels);
      return { number: a.number, detail: await updateIssue(ctx, a.repository, a.number, a.changes) };
    }
    case 'comment': {
      const said = await commentOnce(ctx.client, ctx.cache, ref(a.number), a.body);
      if (a.add_labels && a.add_labels.length > 0) {
        await ctx.labels.ensure(a.repository, a.add_labels);
        await octokit.rest.issues.addLabels({ owner, repo, issue_number: a.number, labels: a.add_labels });
      }
      return { number: a.number, already: said === 'already' && !a.add_labels, detail: said === 'already' ? 'comment already made' : undefined };
    }
    case 'reopen': {
      const said = await commentOnce(ctx.client, ctx.cache, ref(a.number), a.comment);
      await octokit.rest.issues.update({ owner, repo, issue_number: a.number, state: 'open' });
      return { number: a.number, detail: said === 'already' ? 'comment already made' : undefined };
    }
    case 'close': {
      const said = await commentOnce(ctx.client, ctx.cache, ref(a.number), a.comment);
      await octokit.rest.issues.update({ owner, repo, issue_number: a.number, state: 'closed', state_reason: 'completed' });
      return { number: a.number, detail: said === 'already' ? 'comment already made' : undefined };
    }
  }
}

/** GitHub refuses assignees who cannot be assigned (not collaborators): say so, and go on without them. */
const assigneeProblem = (f: GitHubFailure) => f.kind === 'invalid' && /assignee/i.test(`${f.details ?? ''} ${f.message}`);

/** Update; when GitHub refuses the assignees, update the rest and say so (the detail). */
async function updateIssue(ctx: IssueExecutionContext, repository: string, number: number, changes: Extract<Action, { op: 'update' }>['changes']): Promise<string | undefined> {
  const { owner, repo } = splitRepository(repository);
  try {
    await ctx.client.octokit.rest.issues.update({ owner, repo, issue_number: number, ...changes });
    return undefined;
  } catch (e) {
    const f = classify(e, { what: `update ${repository}#${number}`, need: 'issues: write', repository });
    if (!assigneeProblem(f) || changes.assignees === undefined) throw e;
    const { assignees: _dropped, ...rest } = changes;
    if (Object.keys(rest).length > 0) await ctx.client.octokit.rest.issues.update({ owner, repo, issue_number: number, ...rest });
    return `updated without assignees: ${changes.assignees.join(', ')} cannot be assigned in ${repository}`;
  }
}

async function createIssue(a: Extract<Action, { op: 'create' }>, ctx: IssueExecutionContext, attempts = 3): Promise<Done> {
  const { owner, repo } = splitRepository(a.repository);
  let assignees = a.assignees;
  let note: string | undefined;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await ctx.client.octokit.rest.issues.create({ owner, repo, title: a.title, body: a.body, labels: a.labels, assignees, ...ONCE });
      return { number: res.data.number, url: res.data.html_url, detail: note };
    } catch (e) {
      last = e;
      const f = classify(e, { what: `create an issue in ${a.repository}`, need: 'issues: write', repository: a.repository });
      if (f.fatal) throw new FatalGitHubError(f);
      if (assigneeProblem(f) && assignees.length > 0) {
        note = `created without assignees: ${assignees.join(', ')} cannot be assigned in ${a.repository}`;
        assignees = [];
        continue;
      }
      if (f.kind !== 'transient') throw e;
      // The answer was lost, not necessarily the issue: look before trying again.
      const found = await findByKey(ctx, a.repository, a.key);
      if (found) return { number: found.number, url: found.url, already: true, detail: 'found after a lost answer; not created twice' };
    }
  }
  throw last;
}

async function findByKey(ctx: IssueExecutionContext, repository: string, key: string): Promise<ExistingIssue | undefined> {
  const newest = await newestTracked(ctx.client, ctx.cache, repository, ctx.trackingLabel);
  return newest.issues.find((i) => parseIssueMarker(i.body)?.key === key);
}
