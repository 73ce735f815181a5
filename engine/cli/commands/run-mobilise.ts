/**
 * `ctem run` without `--dry-run`: after the cycle, mobilise on GitHub. The only place
 * that reads GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY for mobilisation (as
 * GitHub Actions sets them); the token goes into the client and nowhere else, and
 * everything printed passes through a filter that would blank it anyway.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Prepared } from '../../app/prepare.ts';
import type { CycleResult } from '../../cycle.ts';
import { CtemError, ExitCode, type Problem } from '../../errors.ts';
import { createGitHubClient } from '../../github/client.ts';
import { EtagCache } from '../../github/etag-cache.ts';
import { redact } from '../../github/failure.ts';
import { mobilise, type MobiliseReport } from '../../github/mobilise.ts';
import type { ActionOutcome } from '../../github/outcome.ts';
import { realTimer, virtualTimer } from '../../github/scheduler.ts';
import { DEFAULT_TRACKING_LABEL } from '../../mobilise/desired-issues.ts';
import type { Plan } from '../../mobilise/plan.ts';
import { createRenderer } from '../../mobilise/render.ts';
import { targetRepositories } from '../../mobilise/targets.ts';
import { desiredPullRequests } from '../../prs/desired-prs.ts';
import { withPrTemplates } from '../../prs/templates.ts';
import type { Io } from '../io.ts';
import { reportProblems } from '../report-problems.ts';

export const DEFAULT_API_URL = 'https://api.github.com';
export const DEFAULT_CACHE = '.ctem/cache/etags.json';

export interface MobiliseOptions {
  root: string;
  outDir: string;
  now: string;
  /** `--repository`, else GITHUB_REPOSITORY: the exposure repository on GitHub. */
  repository?: string;
  /** `--cache`: the ETag cache file. */
  cachePath?: string;
}

/** GitHub settings from the environment, checked before anything is sent. */
export function gitHubSettings(io: Io, apiFromConfig: string | undefined): { token: string; apiUrl: string } {
  const token = (io.env.GITHUB_TOKEN ?? '').trim();
  if (token === '') {
    throw new CtemError(
      {
        code: 'no-github-token',
        severity: 'error',
        message: 'ctem run: GITHUB_TOKEN is not set; mobilising on GitHub needs a token',
        hint: 'in GitHub Actions: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` with `issues: write`; to plan without a token: ctem run --dry-run',
      },
      ExitCode.usage,
    );
  }
  const apiUrl = (io.env.GITHUB_API_URL || apiFromConfig || DEFAULT_API_URL).trim();
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) {
    throw new CtemError({ code: 'bad-api-url', severity: 'error', message: `ctem run: GITHUB_API_URL is not an http(s) URL: ${redact(apiUrl, token).slice(0, 200)}` }, ExitCode.usage);
  }
  return { token, apiUrl };
}

/** An Io whose output can never contain the token. */
export function redactingIo(io: Io, token: string): Io {
  return { ...io, out: (l) => io.out(redact(l, token)), err: (l) => io.err(redact(l, token)) };
}

export interface MobiliseRun {
  code: number;
  report?: MobiliseReport;
  /** Files written, for the "wrote ..." line. */
  files: string[];
}

/**
 * Mobilise, then write the plan as executed (`writePlan`: decisions.ndjson, plan.json,
 * plan.md) and `mobilisation.json`, save the ETag cache, and print what happened.
 */
export async function runMobilisation(io: Io, prepared: Prepared, result: CycleResult, opts: MobiliseOptions, writePlan: (plan: Plan) => Promise<string[]>): Promise<MobiliseRun> {
  const cfg = prepared.config.ctem.value;
  const { token, apiUrl } = gitHubSettings(io, cfg.github?.api_url);
  io = redactingIo(io, token);
  const today = opts.now.slice(0, 10);
  const label = cfg.defaults?.issue_label ?? DEFAULT_TRACKING_LABEL;
  const repository = opts.repository ?? (io.env.GITHUB_REPOSITORY || undefined);

  // --cache is relative to where ctem runs, like --out; the default lives in the exposure repository.
  const cachePath = opts.cachePath !== undefined ? resolve(io.cwd, opts.cachePath) : resolve(opts.root, DEFAULT_CACHE);
  const cache = EtagCache.parse(await readFile(cachePath, 'utf8').catch(() => undefined), apiUrl);
  const timer = io.sleep ? virtualTimer(Date.now(), io.sleep) : realTimer;
  const client = createGitHubClient({ token, baseUrl: apiUrl, timer, previousWrites: cache.writes });

  const assets = new Map(prepared.assets.map((a) => [a.id, a]));
  const { prs, problems } = desiredPullRequests({
    exposureRepository: repository,
    trackingLabel: label,
    organisation: cfg.organisation,
    today,
    unscoped: result.unscoped,
    unassignedOwner: cfg.defaults?.unassigned_owner,
    exceptions: prepared.config.exceptions.map((e) => ({ id: e.value.id, file: e.file, expires: e.value.expires, approver: e.value.approver, reason: e.value.reason, type: e.value.type })),
    warningDays: cfg.defaults?.exception_warning_days,
    maxExceptionDays: prepared.policy.maxExceptionDays,
    issues: result.issues,
    routes: prepared.policy.routes,
    assets,
    render: createRenderer(withPrTemplates(prepared.config.templates)),
  });
  reportProblems(problems, io);
  const repositories = targetRepositories({
    routes: prepared.policy.routes.values(),
    assets: prepared.assets,
    centralRepository: cfg.github?.central_repository,
    // The exposure repository is listed even when no pull request is wanted there: an open one may need closing.
    extra: [...result.issues.map((i) => i.repository), ...prs.map((p) => p.repository), ...(repository ? [repository] : [])],
  });

  const report = await mobilise({ client, cache, issues: result.issues, prs, repositories, trackingLabel: label, maxNew: cfg.defaults?.max_new_issues_per_run, today });

  cache.writes = [...client.scheduler.writeTimes];
  await mkdir(dirname(cachePath), { recursive: true });
  await writeFile(cachePath, cache.serialise());
  const planFiles = await writePlan(report.plan);
  const file = join(opts.outDir, 'mobilisation.json');
  await writeFile(file, redact(JSON.stringify(mobilisationFile(report, opts.now, apiUrl), null, 2) + '\n', token));
  const files = [...planFiles, file];

  for (const u of report.unlisted) reportProblems([{ code: 'unlisted-repository', severity: 'warning', message: u.failure.message } satisfies Problem], io);
  for (const l of summaryLines(report)) io.out(l);
  if (result.unscoped.length) io.out(`scope drift: ${result.unscoped.length} asset(s) in no scope: ${result.unscoped.map((a) => a.id).join(', ')}`);
  io.out(`wrote ${files.map((f) => relative(io.cwd, f)).join(', ')}`);
  const failed = report.outcomes.filter((o) => o.status === 'failed');
  if (report.fatal || failed.length > 0 || report.unlisted.some((u) => result.issues.some((i) => i.repository.toLowerCase() === u.repository.toLowerCase()))) {
    io.err(`ctem run: mobilisation failed: ${failureLine(report)}; the next run converges from here`);
    return { code: ExitCode.mobilise, report, files };
  }
  return { code: ExitCode.ok, report, files };
}

function count(outcomes: readonly ActionOutcome[], target: ActionOutcome['target'], op: string): number {
  return outcomes.filter((o) => o.target === target && o.op === op && (o.status === 'done' || o.status === 'already-done')).length;
}

/** What the run did on GitHub, and what it cost: printed at the end of every run. */
export function summaryLines(r: MobiliseReport): string[] {
  const o = r.outcomes;
  const issues = ['create', 'update', 'comment', 'escalate', 'reopen', 'close'].map((op) => `${count(o, 'issue', op)} ${{ create: 'opened', update: 'updated', comment: 'commented', escalate: 'escalated', reopen: 'reopened', close: 'closed' }[op]}`);
  const prs = ['create', 'update', 'reopen', 'close'].map((op) => `${count(o, 'pull-request', op)} ${{ create: 'opened', update: 'updated', reopen: 'reopened', close: 'closed' }[op]}`);
  const deferred = o.filter((x) => x.status === 'deferred').length;
  const failed = o.filter((x) => x.status === 'failed').length;
  const lines = [
    `issues: ${issues.join(', ')}; ${r.plan.unchanged} unchanged${deferred ? `; ${deferred} deferred by the per-run cap (most urgent first; the next run opens them)` : ''}`,
    `pull requests: ${prs.join(', ')}`,
  ];
  if (failed) lines.push(`failed: ${failed} action(s)`);
  lines.push(`github: ${r.counts.reads} reads, ${r.counts.writes} writes, ${r.counts.notModified} not modified (304)`);
  return lines;
}

function failureLine(r: MobiliseReport): string {
  if (r.fatal) return r.fatal.message;
  const failed = r.outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) return `${failed.length} action(s) failed (first: ${failed[0]!.detail ?? failed[0]!.op})`;
  const u = r.unlisted[0];
  return u ? `${r.unlisted.length} repository(ies) could not be listed (first: ${u.failure.message})` : 'unknown';
}

/** `mobilisation.json`: per action, what was done and where; the data the ledger records. Never the token. */
export function mobilisationFile(r: MobiliseReport, now: string, apiUrl: string) {
  return {
    generated_at: now,
    api_url: apiUrl,
    requests: r.counts,
    existing_issues: r.existing,
    unchanged: r.plan.unchanged,
    outcomes: r.outcomes,
    unlisted: r.unlisted.map((u) => ({ repository: u.repository, message: u.failure.message })),
    ...(r.fatal ? { stopped: r.fatal.message } : {}),
  };
}

