/**
 * Synchronise ctem's pull requests with GitHub, without a local clone: branches
 * through the git refs API, the one changed file through the contents API. For each
 * wanted pull request: observe (conditional reads, mostly 304s once nothing changes),
 * plan (plan-pr.ts, pure), and carry the steps out; after a failed step, observe and
 * plan again, so a lost answer (the branch or pull request was made after all) is
 * adopted rather than repeated. Pull requests are found by their head branch.
 * ctem's open pull requests that are no longer wanted are closed with a comment.
 */
import type { DesiredPr } from '../prs/desired-prs.ts';
import { closePrComment, needsReviews, planPr, type ObservedFile, type ObservedPr, type PrObservation, type PrStep } from '../prs/plan-pr.ts';
import { ONCE, type GitHubClient } from './client.ts';
import { commentOnce } from './comments.ts';
import { conditionalGet, conditionalList, immutableGet } from './conditional.ts';
import type { EtagCache } from './etag-cache.ts';
import { classify, FatalGitHubError, type GitHubFailure } from './failure.ts';
import type { LabelEnsurer } from './labels.ts';
import type { ActionOutcome } from './outcome.ts';
import { sameRepository, splitRepository } from './repository.ts';
import type { TrackedPull } from './tracked.ts';

export interface PrExecutionContext {
  client: GitHubClient;
  cache: EtagCache;
  labels: LabelEnsurer;
  /** ctem's pull requests found by the listings, in every listed repository. */
  tracked: readonly TrackedPull[];
  /** Repositories whose listing succeeded: only there can an unwanted pull request be recognised. */
  listed: ReadonlySet<string>;
  /** How many more pull requests this run may open (the per-run cap, after issues). */
  budget: number;
}

export interface PrExecutionResult {
  outcomes: ActionOutcome[];
  fatal?: GitHubFailure;
  failures: GitHubFailure[];
}

const own = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);
const notFound = (e: unknown) => (e as { status?: number }).status === 404;

export async function executePullRequests(desired: readonly DesiredPr[], ctx: PrExecutionContext): Promise<PrExecutionResult> {
  const outcomes: ActionOutcome[] = [];
  const failures: GitHubFailure[] = [];
  let fatal: GitHubFailure | undefined;
  let budget = ctx.budget;
  const wanted = new Set<string>();
  const fail = (base: Omit<ActionOutcome, 'status'>, e: unknown, what: string, repository: string) => {
    const f = classify(e, { what, need: 'contents: write and pull_requests: write', repository });
    failures.push(f);
    outcomes.push({ ...base, status: 'failed', detail: f.message });
    if (f.fatal) fatal = f;
  };

  for (const d of desired) {
    wanted.add(`${d.repository.toLowerCase()}\u0000${d.key}`);
    const base = { target: 'pull-request' as const, op: 'sync', key: d.key, repository: d.repository };
    if (fatal) {
      outcomes.push({ ...base, status: 'skipped', detail: 'not attempted: the run stopped' });
      continue;
    }
    try {
      const r = await syncOne(d, ctx, () => budget > 0);
      if (r.created) budget--;
      outcomes.push({ ...base, op: r.op, number: r.pr?.number, url: r.pr?.url, status: r.status, ...(r.detail ? { detail: r.detail } : {}) });
    } catch (e) {
      fail(base, e, `update pull request ${d.branch} in ${d.repository}`, d.repository);
    }
  }

  // ctem's open pull requests nobody wants any more.
  for (const p of ctx.tracked) {
    if (p.state !== 'open' || p.merged || !ctx.listed.has(p.repository.toLowerCase())) continue;
    if (wanted.has(`${p.repository.toLowerCase()}\u0000${p.marker.key}`)) continue;
    const base = { target: 'pull-request' as const, op: 'close', key: p.marker.key, repository: p.repository, number: p.number, url: p.url };
    if (fatal) {
      outcomes.push({ ...base, status: 'skipped', detail: 'not attempted: the run stopped' });
      continue;
    }
    try {
      // Only a pull request from one of ctem's own branches is ever closed, whatever its body says.
      const { owner, repo } = splitRepository(p.repository);
      const full = await ctx.client.octokit.rest.pulls.get({ owner, repo, pull_number: p.number });
      const head = full.data.head;
      // The listing may be the last run's snapshot: someone may have closed it since.
      if (full.data.state === 'closed') {
        outcomes.push({ ...base, status: 'already-done', detail: 'already closed' });
        continue;
      }
      if (!head.ref.startsWith('ctem/') || !head.repo || !sameRepository(head.repo.full_name, p.repository)) {
        outcomes.push({ ...base, status: 'skipped', detail: `not ctem's branch (${head.ref}); left alone` });
        continue;
      }
      await closePr(ctx, p.repository, p.number, closePrComment(p.marker.key, 'this change is no longer needed (the exposure, exception or unassigned asset it was for is gone).'), p.author);
      outcomes.push({ ...base, status: 'done' });
    } catch (e) {
      fail(base, e, `close pull request ${p.repository}#${p.number}`, p.repository);
    }
  }
  return { outcomes, fatal, failures };
}

interface SyncResult {
  op: string;
  status: ActionOutcome['status'];
  pr?: { number: number; url?: string };
  created: boolean;
  detail?: string;
}

async function syncOne(d: DesiredPr, ctx: PrExecutionContext, mayCreate: () => boolean, attempts = 3): Promise<SyncResult> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    const o = await observe(d, ctx);
    const plan = planPr(d, o);
    if (plan.steps.length === 0) {
      return { op: plan.needed ? 'unchanged' : 'not-needed', status: 'already-done', pr: o.pr, created: false, detail: plan.needed ? undefined : 'the edit changes nothing on the default branch' };
    }
    if (plan.steps.some((s) => s.op === 'create-pr') && !mayCreate()) {
      return { op: 'create', status: 'deferred', created: false, detail: 'per-run cap on new issues and pull requests reached' };
    }
    try {
      const r = await runSteps(d, o, plan.steps, ctx);
      // Look once more, so the cache holds what the next run will see: then it costs only 304s.
      await observe(d, ctx).catch(() => undefined);
      return { ...r, status: 'done' };
    } catch (e) {
      last = e;
      const f = classify(e, { what: `update pull request ${d.branch}`, repository: d.repository });
      if (f.fatal) throw new FatalGitHubError(f);
      // 5xx, a lost answer, or GitHub saying something already exists: look again and re-plan.
      if (!['transient', 'invalid', 'conflict'].includes(f.kind)) throw e;
    }
  }
  throw last;
}

async function runSteps(d: DesiredPr, o: PrObservation, steps: readonly PrStep[], ctx: PrExecutionContext): Promise<Omit<SyncResult, 'status'>> {
  const { owner, repo } = splitRepository(d.repository);
  const octokit = ctx.client.octokit;
  let pr: { number: number; url?: string } | undefined = o.pr;
  let op = steps.some((s) => s.op === 'create-pr') ? 'create' : steps.some((s) => s.op === 'reopen-pr') ? 'reopen' : steps.some((s) => s.op === 'close-pr') ? 'close' : 'update';
  let created = false;
  let author = o.pr?.author;
  let detail: string | undefined;
  for (const s of steps) {
    switch (s.op) {
      case 'create-branch':
        await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${d.branch}`, sha: s.sha });
        break;
      case 'reset-branch':
        await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${d.branch}`, sha: s.sha, force: true });
        break;
      case 'put-file':
        await octokit.rest.repos.createOrUpdateFileContents({
          owner,
          repo,
          path: d.path,
          branch: d.branch,
          message: d.commit_message,
          content: Buffer.from(s.text, 'utf8').toString('base64'),
          ...(s.sha ? { sha: s.sha } : {}),
          ...ONCE,
        });
        break;
      case 'create-pr': {
        const res = await octokit.rest.pulls.create({ owner, repo, title: d.title, body: d.body, head: d.branch, base: o.baseBranch, ...ONCE });
        pr = { number: res.data.number, url: res.data.html_url };
        author = res.data.user.login;
        created = true;
        await ctx.labels.ensure(d.repository, d.labels);
        await octokit.rest.issues.addLabels({ owner, repo, issue_number: res.data.number, labels: d.labels });
        break;
      }
      case 'request-review': {
        const number = s.number ?? pr?.number;
        // GitHub refuses a review request to the pull request's own author.
        const reviewers = s.reviewers.filter((r) => !author || r.toLowerCase() !== author.toLowerCase());
        if (number === undefined || (reviewers.length === 0 && s.teams.length === 0)) break;
        const names = [...reviewers.map((r) => `@${r}`), ...s.teams.map((t) => `@${owner}/${t}`)].join(', ');
        try {
          await octokit.rest.pulls.requestReviewers({ owner, repo, pull_number: number, reviewers, team_reviewers: s.teams });
          detail = `review requested from ${names}`;
        } catch (e) {
          // Not a collaborator, say: the pull request stands, and its body names them anyway.
          if ((e as { status?: number }).status !== 422) throw e;
          detail = classify(e, { what: `request a review from ${names}`, repository: d.repository }).message;
        }
        break;
      }
      case 'reopen-pr':
        try {
          await octokit.rest.pulls.update({ owner, repo, pull_number: s.number, state: 'open' });
        } catch (e) {
          // GitHub will not reopen a pull request whose branch was force-pushed or recreated: open a new one.
          if ((e as { status?: number }).status !== 422) throw e;
          const res = await octokit.rest.pulls.create({ owner, repo, title: d.title, body: d.body, head: d.branch, base: o.baseBranch, ...ONCE });
          pr = { number: res.data.number, url: res.data.html_url };
          created = true;
          op = 'create';
          await ctx.labels.ensure(d.repository, d.labels);
          await octokit.rest.issues.addLabels({ owner, repo, issue_number: res.data.number, labels: d.labels });
        }
        break;
      case 'update-pr':
        await octokit.rest.pulls.update({ owner, repo, pull_number: s.number, ...(s.title !== undefined ? { title: s.title } : {}), ...(s.body !== undefined ? { body: s.body } : {}) });
        break;
      case 'label-pr':
        await ctx.labels.ensure(d.repository, s.labels);
        await octokit.rest.issues.addLabels({ owner, repo, issue_number: s.number, labels: s.labels });
        break;
      case 'close-pr':
        await closePr(ctx, d.repository, s.number, s.comment, o.pr?.author);
        break;
    }
  }
  return { op, pr, created, ...(detail ? { detail } : {}) };
}

async function closePr(ctx: PrExecutionContext, repository: string, number: number, comment: string, author: string | undefined): Promise<void> {
  const { owner, repo } = splitRepository(repository);
  await commentOnce(ctx.client, ctx.cache, { repository, number, author }, comment);
  await ctx.client.octokit.rest.pulls.update({ owner, repo, pull_number: number, state: 'closed' });
}

/** What GitHub has for one wanted pull request. Conditional reads throughout. */
async function observe(d: DesiredPr, ctx: PrExecutionContext): Promise<PrObservation> {
  const { owner, repo } = splitRepository(d.repository);
  const { client, cache } = ctx;
  const repoInfo = await conditionalGet(client, cache, 'GET /repos/{owner}/{repo}', { owner, repo }, (x) => ({ default_branch: String(own(x, 'default_branch') ?? 'main') }));
  const baseBranch = repoInfo.data.default_branch;
  const refSha = (x: unknown) => ({ object: { sha: String(own(own(x, 'object'), 'sha') ?? '') } });
  const baseRef = await conditionalGet(client, cache, 'GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${baseBranch}` }, refSha);
  const baseSha = baseRef.data.object.sha;
  const baseFile = await readFile(ctx, owner, repo, d.path, baseSha);
  let branchSha: string | undefined;
  let branchFile: ObservedFile | undefined;
  try {
    branchSha = (await conditionalGet(client, cache, 'GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${d.branch}` }, refSha)).data.object.sha;
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  if (branchSha !== undefined) branchFile = branchSha === baseSha ? baseFile : await readFile(ctx, owner, repo, d.path, branchSha);
  const pr = await findPr(d, ctx, owner, repo);
  if (pr && needsReviews(d, pr)) pr.reviewedBy = await reviewers(ctx, owner, repo, pr.number);
  return { baseBranch, baseSha, baseFile, branchSha, branchFile, pr };
}

/** Who has submitted a review (a pending, unsubmitted one does not count). */
async function reviewers(ctx: PrExecutionContext, owner: string, repo: string, number: number): Promise<string[]> {
  const parse = (x: unknown) => {
    const login = own(own(x, 'user'), 'login');
    return typeof login === 'string' && own(x, 'state') !== 'PENDING' ? { login } : undefined;
  };
  const all = await conditionalList(ctx.client, ctx.cache, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner, repo, pull_number: number }, parse);
  return all.map((r) => r.login);
}

/** A file at a commit: read once, ever (a commit's content cannot change). */
async function readFile(ctx: PrExecutionContext, owner: string, repo: string, path: string, commit: string): Promise<ObservedFile | undefined> {
  const parse = (x: unknown) => ({ type: String(own(x, 'type') ?? ''), sha: String(own(x, 'sha') ?? ''), encoding: String(own(x, 'encoding') ?? ''), content: String(own(x, 'content') ?? '') });
  const f = await immutableGet(ctx.client, ctx.cache, 'GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, ref: commit }, parse);
  if (!f || f.type !== 'file' || f.encoding !== 'base64') return undefined;
  return { text: Buffer.from(f.content, 'base64').toString('utf8'), sha: f.sha };
}

/** A branch's pull requests, the one that counts first: an open one, else the newest. */
const openThenNewest = (a: { state: string; number: number }, b: { state: string; number: number }): number =>
  a.state === b.state ? b.number - a.number : a.state === 'open' ? -1 : 1;

/**
 * The pull request for this branch, asked by head branch (open first, then the
 * newest) — a conditional read, so a 304 once nothing changes — and from the listing
 * by its marker when GitHub has none for the branch. Asked every time: the listing
 * may be the last run's snapshot, and only this answer says whose review is pending.
 */
async function findPr(d: DesiredPr, ctx: PrExecutionContext, owner: string, repo: string): Promise<ObservedPr | undefined> {
  const listed = ctx.tracked
    .filter((p) => sameRepository(p.repository, d.repository) && p.marker.key === d.key && p.marker.branch === d.branch)
    .sort(openThenNewest)[0];
  const logins = (v: unknown, field: string): string[] =>
    (Array.isArray(v) ? v : []).map((x) => own(x, field)).filter((x): x is string => typeof x === 'string');
  const parse = (x: unknown) => {
    if (!Array.isArray(x)) return [];
    return x.map((p) => ({
      number: Number(own(p, 'number')),
      state: own(p, 'state') === 'open' ? ('open' as const) : ('closed' as const),
      merged_at: typeof own(p, 'merged_at') === 'string' ? (own(p, 'merged_at') as string) : null,
      title: String(own(p, 'title') ?? ''),
      body: typeof own(p, 'body') === 'string' ? (own(p, 'body') as string) : '',
      labels: (Array.isArray(own(p, 'labels')) ? (own(p, 'labels') as unknown[]) : []).map((l) => ({ name: String(own(l, 'name') ?? '') })),
      html_url: String(own(p, 'html_url') ?? ''),
      user: { login: String(own(own(p, 'user'), 'login') ?? '') },
      requested_reviewers: logins(own(p, 'requested_reviewers'), 'login').map((login) => ({ login })),
      requested_teams: logins(own(p, 'requested_teams'), 'slug').map((slug) => ({ slug })),
    }));
  };
  const r = await conditionalGet(ctx.client, ctx.cache, 'GET /repos/{owner}/{repo}/pulls', { owner, repo, head: `${owner}:${d.branch}`, state: 'all', per_page: 100 }, parse);
  const found = [...r.data].sort(openThenNewest)[0];
  if (!found) return listed;
  return {
    number: found.number,
    state: found.state,
    merged: found.merged_at !== null,
    title: found.title,
    body: found.body,
    labels: found.labels.map((l) => l.name),
    url: found.html_url || undefined,
    author: found.user.login || undefined,
    requestedReviewers: found.requested_reviewers.map((r) => r.login),
    requestedTeams: found.requested_teams.map((t) => t.slug),
  };
}
