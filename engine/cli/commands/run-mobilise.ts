/**
 * `ctem run` without `--dry-run` (and `ctem merge-shards --mobilise`): after the cycle, mobilise on GitHub. The only place
 * that reads GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY for mobilisation (as
 * GitHub Actions sets them); the token goes into the client and nowhere else, and
 * everything printed passes through a filter that would blank it anyway.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { scopeDriftLine, summarise, writeOutputs } from '../../app/outputs.ts';
import type { Progress } from '../../discover/progress.ts';
import type { Prepared } from '../../app/prepare.ts';
import type { CycleResult } from '../../cycle.ts';
import type { SourceStats } from '../../discover/ingest.ts';
import { CtemError, ExitCode, type Problem } from '../../errors.ts';
import { createGitHubClient } from '../../github/client.ts';
import { EtagCache } from '../../github/etag-cache.ts';
import { redact } from '../../github/failure.ts';
import { mobilise, type MobiliseReport, type SnapshotStore } from '../../github/mobilise.ts';
import { checkGitHubReachable } from '../../github/preflight.ts';
import type { ActionOutcome } from '../../github/outcome.ts';
import { realTimer, virtualTimer } from '../../github/scheduler.ts';
import { recordRunIn, type RunRecording } from '../../ledger/run-ledger.ts';
import { bodyRenderProblem } from '../../mobilise/check-bodies.ts';
import { DEFAULT_TRACKING_LABEL } from '../../mobilise/desired-issues.ts';
import type { LastSeenLookup, Plan } from '../../mobilise/plan.ts';
import { createRenderer } from '../../mobilise/render.ts';
import { targetRepositories } from '../../mobilise/targets.ts';
import { desiredPullRequests } from '../../prs/desired-prs.ts';
import { withPrTemplates } from '../../prs/templates.ts';
import type { Io } from '../io.ts';
import { reportProblems } from '../report-problems.ts';

export const DEFAULT_API_URL = 'https://api.github.com';
export const DEFAULT_CACHE = '.ctem/cache/etags.json';

/** The listing snapshot lives next to the ETag cache: `etags.json` → `etags.listing.json`. */
export function snapshotPathFor(cachePath: string): string {
  return join(dirname(cachePath), `${basename(cachePath).replace(/\.json$/i, '')}.listing.json`);
}

/** The snapshot as a file. Written before anything is sent (the in-progress marker) and once the run is over. */
function fileStore(path: string): SnapshotStore {
  return {
    read: () => readFile(path, 'utf8').catch(() => undefined),
    write: async (text) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    },
  };
}

export interface MobiliseOptions {
  root: string;
  outDir: string;
  now: string;
  /** `--repository`, else GITHUB_REPOSITORY: the exposure repository on GitHub. */
  repository?: string;
  /** `--cache`: the ETag cache file. */
  cachePath?: string;
  /** When each exposure was last reported, from the ledger: the evidence in close comments. */
  lastSeen?: LastSeenLookup;
  /** How long the first request may take before GitHub counts as unreachable (default 15 s). */
  preflightTimeoutMs?: number;
  /** The command, for messages (default `ctem run`). */
  command?: string;
  /** A bar for writing the outputs (the command's, on a terminal). */
  progress?: Progress;
}

/** `--repository O/N` of a command that mobilises: the exposure repository on GitHub, checked. */
export function repositoryOption(command: string, given: string | undefined): string | undefined {
  if (given !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(given)) {
    throw new CtemError(
      { code: 'usage', severity: 'error', message: `${command}: --repository must be owner/name, not '${given}'`, hint: 'the exposure repository on GitHub, e.g. --repository acme/security-exposures' },
      ExitCode.usage,
    );
  }
  return given;
}

/** GitHub settings from the environment, checked before anything is sent. */
export function gitHubSettings(io: Io, apiFromConfig: string | undefined, command = 'ctem run'): { token: string; apiUrl: string } {
  const token = (io.env.GITHUB_TOKEN ?? '').trim();
  if (token === '') {
    throw new CtemError(
      {
        code: 'no-github-token',
        severity: 'error',
        message: `${command}: GITHUB_TOKEN is not set; mobilising on GitHub needs a token`,
        hint: 'in GitHub Actions: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` with `issues: write`; to plan without a token: ctem run --dry-run',
      },
      ExitCode.usage,
    );
  }
  const apiUrl = (io.env.GITHUB_API_URL || apiFromConfig || DEFAULT_API_URL).trim();
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) {
    throw new CtemError({ code: 'bad-api-url', severity: 'error', message: `${command}: GITHUB_API_URL is not an http(s) URL: ${redact(apiUrl, token).slice(0, 200)}` }, ExitCode.usage);
  }
  return { token, apiUrl };
}

/** An Io whose output can never contain the token. */
export function redactingIo(io: Io, token: string): Io {
  return { ...io, out: (l) => io.out(redact(l, token)), err: (l) => io.err(redact(l, token)) };
}

/** What mobilising needs of a run besides its cycle's result: a prepared run has it, and so has a merged sharded one. */
export type MobiliseContext = Pick<Prepared, 'config' | 'policy' | 'assets'>;

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
async function runMobilisation(io: Io, prepared: MobiliseContext, result: CycleResult, opts: MobiliseOptions, writePlan: (plan: Plan) => Promise<string[]>): Promise<MobiliseRun> {
  const cfg = prepared.config.ctem.value;
  const command = opts.command ?? 'ctem run';
  const { token, apiUrl } = gitHubSettings(io, cfg.github?.api_url, command);
  io = redactingIo(io, token);
  const today = opts.now.slice(0, 10);
  const label = cfg.defaults?.issue_label ?? DEFAULT_TRACKING_LABEL;
  const repository = opts.repository ?? (io.env.GITHUB_REPOSITORY || undefined);
  // Bodies are rendered when sent (lazy-body.ts): render each once now, so a template error stops the run before any request.
  const bodyProblem = bodyRenderProblem(result.issues, prepared.config.templates);
  if (bodyProblem) throw new CtemError(bodyProblem, ExitCode.config);

  // --cache is relative to where ctem runs, like --out; the default lives in the exposure repository.
  const cachePath = opts.cachePath !== undefined ? resolve(io.cwd, opts.cachePath) : resolve(opts.root, DEFAULT_CACHE);
  const cache = EtagCache.parse(await readFile(cachePath, 'utf8').catch(() => undefined), apiUrl);
  const timer = io.sleep ? virtualTimer(Date.now(), io.sleep) : realTimer;
  const client = createGitHubClient({ token, baseUrl: apiUrl, timer, previousWrites: cache.writes });
  await checkGitHubReachable(client, apiUrl, opts.preflightTimeoutMs);

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

  const snapshots = fileStore(snapshotPathFor(cachePath));
  const report = await mobilise({ client, cache, issues: result.issues, prs, repositories, trackingLabel: label, maxNew: cfg.defaults?.max_new_issues_per_run, today, lastSeen: opts.lastSeen, snapshots });

  cache.writes = [...client.scheduler.writeTimes];
  await mkdir(dirname(cachePath), { recursive: true });
  await writeFile(cachePath, cache.serialise());
  const planFiles = await writePlan(report.plan);
  const file = join(opts.outDir, 'mobilisation.json');
  await writeFile(file, redact(JSON.stringify(mobilisationFile(report, opts.now, apiUrl), null, 2) + '\n', token));
  const files = [...planFiles, file];

  for (const u of report.unlisted) reportProblems([{ code: 'unlisted-repository', severity: 'warning', message: u.failure.message } satisfies Problem], io);
  for (const l of summaryLines(report)) io.out(l);
  const drift = scopeDriftLine(result.unscoped.map((a) => a.id));
  if (drift !== undefined) io.out(drift);
  io.out(`wrote ${files.map((f) => relative(io.cwd, f)).join(', ')}`);
  const failed = report.outcomes.filter((o) => o.status === 'failed');
  if (report.fatal || failed.length > 0 || report.unlisted.some((u) => result.issues.some((i) => i.repository.toLowerCase() === u.repository.toLowerCase()))) {
    io.err(`${command}: mobilisation failed: ${failureLine(report)}; the next run converges from here`);
    return { code: ExitCode.mobilise, report, files };
  }
  return { code: ExitCode.ok, report, files };
}

/**
 * Mobilise a run, write its plan as executed beside its decisions, and record what
 * happened in the ledger when one is open: `ctem run` and `ctem merge-shards
 * --mobilise` alike. The exit code.
 */
export async function mobiliseAndRecord(
  io: Io,
  context: MobiliseContext,
  result: CycleResult,
  written: { findings: number; stats: SourceStats[] },
  opts: Omit<MobiliseOptions, 'lastSeen'>,
  recording: RunRecording | undefined,
): Promise<number> {
  const run = await runMobilisation(io, context, result, { ...opts, lastSeen: recording?.ledger.memory.lastSeen }, (plan) =>
    writeOutputs(opts.outDir, { ...result, plan }, summarise({ ...result, plan }, written.findings), written.stats, { now: opts.now, dryRun: false }, opts.progress),
  );
  // What happened on GitHub goes in: each exposure's record names its issue's number and URL.
  if (recording && run.report) io.out(await recordRunIn(recording, { ...result, plan: run.report.plan, known: run.report.known, outcomes: run.report.outcomes, now: opts.now, dryRun: false }));
  return run.code;
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
  lines.push(listingLine(r));
  return lines;
}

/**
 * The read figure: what finding ctem's issues cost, against the ceil(N/100) a quiet run
 * may spend (N issues and pull requests tracked; at least one request).
 */
export function listingLine(r: MobiliseReport): string {
  const l = r.listing;
  const bound = Math.max(1, Math.ceil(l.tracked / 100));
  const cost = `${l.searchReads} search, ${l.listReads} list, ${l.listNotModified} not modified`;
  const how =
    l.mode === 'search'
      ? `changes since the last run found by search; ${l.listed} of ${l.repositories} repositories listed`
      : `all ${l.repositories} repositories listed (${l.reason ?? 'no snapshot'})`;
  const after = r.refresh.repositories > 0 ? `; after writing, ${r.refresh.reads + r.refresh.notModified} more to list ${r.refresh.repositories} again` : '';
  const total = l.searchReads + l.listReads + l.listNotModified;
  return `listing: ${total} request${total === 1 ? '' : 's'} (${cost}) for ${l.tracked} tracked, at most ceil(${l.tracked}/100) = ${bound} when quiet; ${how}${after}`;
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
    listing: { ...r.listing, quiet_bound: Math.max(1, Math.ceil(r.listing.tracked / 100)), refresh: r.refresh },
    existing_issues: r.existing,
    unchanged: r.plan.unchanged,
    outcomes: r.outcomes,
    unlisted: r.unlisted.map((u) => ({ repository: u.repository, message: u.failure.message })),
    ...(r.fatal ? { stopped: r.fatal.message } : {}),
  };
}

