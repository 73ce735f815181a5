/**
 * The discovery shell: read each configured source, pick its connector, extract,
 * and collect every problem before anything else happens.
 *
 * Three kinds of connector, three readers: a JSON report is parsed whole (or, when
 * large, assembled from a stream: read-report.ts); a line format (NDJSON, CSV) is
 * streamed line by line (line-ingest.ts); GitHub alerts are listed through a client
 * the CLI/app layer built (alert-ingest.ts). Each source is all-or-nothing: its
 * findings are handed over only once the whole source was read without error.
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { glob } from 'tinyglobby';
import { detectConnector, detectLineConnector, findingConnectors } from '../../connectors/registry.ts';
import type { FindingConnector, GitHubAlertConnector, JsonFindingConnector, LineFindingConnector } from '../../connectors/types.ts';
import { optionProblems } from '../config/connector-options.ts';
import type { SourceConfig } from '../config/schema/ctem.ts';
import { CtemError, ExitCode, type Problem } from '../errors.ts';
import type { Finding } from '../model/finding.ts';
import type { AssetIndex } from '../scope/asset-index.ts';
import { readAlertFindings, type GitHubAccess } from './alert-ingest.ts';
import { sourceAssetResolver } from './asset-resolver.ts';
import { extractFindings, makeFinding, toFinding, type AssetResolver } from './extract.ts';
import { FilesProgress } from './files-progress.ts';
import { readLineFindings } from './line-ingest.ts';
import type { Progress } from './progress.ts';
import { readHead, readJsonReport, reportSize } from './read-report.ts';
import { IngestPool, POOL_MIN_BYTES, ingestThreads, outcomeOf, type JobOutcome, type WorkerFactory } from './threads/pool.ts';
import type { FileJob, FileJobResult } from './threads/protocol.ts';
import { bytesBeingRead, readingBuffer } from './threads/reading.ts';

export interface SourceStats {
  source: string;
  file: string;
  connector: string;
  findings: number;
  skipped?: string;
}

export interface IngestResult {
  findings: Finding[];
  problems: Problem[];
  stats: SourceStats[];
  /** Scanner references that no inventory asset matched. */
  unresolved: Set<string>;
  /** How many report files worker threads read (0: the main thread read them all). */
  workerFiles: number;
}

export interface IngestOptions {
  /** The source's connector options (checked here against the connector's schema). */
  options?: unknown;
  /** Progress bars for large inputs (the CLI passes one only when stderr is a terminal). */
  progress?: Progress;
  /** JSON reports larger than this are assembled from a stream (default 64 MiB). */
  largeJsonBytes?: number;
  /**
   * Share each finding's repeated strings with other findings (default true). A worker
   * thread says no: its findings are copied to the main thread, which shares them there.
   */
  intern?: boolean;
}

export type FileConnector = JsonFindingConnector | LineFindingConnector;

function unknownConnector(name: string, file: string | undefined, auto: boolean): CtemError {
  const files = [...findingConnectors.values()].filter((c) => c.format !== 'github').map((c) => c.name);
  return new CtemError(
    {
      code: auto ? 'unknown-format' : 'unknown-connector',
      severity: 'error',
      message: auto ? 'could not recognise the report format' : `unknown connector '${name}'`,
      file,
      hint: `name one with --connector: ${files.join(', ')}`,
    },
    // An unrecognised file is an input problem; an unknown connector name, a usage one.
    auto ? ExitCode.input : ExitCode.usage,
  );
}

/** Options valid for the connector, or a usage error naming what is wrong. */
export function checkOptions(connector: FindingConnector, options: unknown, where: string | undefined): void {
  const problems = optionProblems(connector, options);
  if (problems.length === 0) return;
  throw new CtemError(
    problems.map((p) => ({ code: 'source-options', severity: 'error' as const, message: p.message, file: where, hint: p.hint })),
    ExitCode.usage,
  );
}

/**
 * The connector for a file: the named one, or (auto) a line format recognised from
 * the file's first bytes. Undefined means "a JSON report: detect after parsing".
 */
export async function fileConnector(path: string, display: string, connectorName: string): Promise<FileConnector | undefined> {
  if (connectorName === 'auto') {
    await reportSize(path, display); // a missing file is reported as such, not as an unknown format
    const head = await readHead(path, display);
    const lines = detectLineConnector(head, basename(display));
    if (lines !== undefined) return lines;
    // Neither a line format nor JSON: say so, rather than report a JSON syntax error in a YAML or text file.
    if (!/^\uFEFF?\s*[[{]/.test(head)) throw unknownConnector('auto', display, true);
    return undefined;
  }
  const named = findingConnectors.get(connectorName);
  if (named === undefined) throw unknownConnector(connectorName, display, false);
  if (named.format === 'github') {
    throw new CtemError(
      { code: 'usage', severity: 'error', message: `connector '${named.name}' reads GitHub's API, not a file`, file: display, hint: 'give --repo owner/name or --org name instead of --input' },
      ExitCode.usage,
    );
  }
  return named;
}

/**
 * Every finding of one report file, handed to `onFinding` as it is read. A line
 * format streams; a JSON report is parsed first. Throws CtemError (located) when the
 * file is unreadable or malformed; findings already handed over must then be dropped
 * by the caller (ingestFile collects, so it hands over nothing on failure).
 */
export async function forEachFileFinding(
  path: string,
  display: string,
  connectorName: string,
  resolveAsset: AssetResolver,
  opts: IngestOptions,
  /** May return a promise to slow reading down (its consumer, e.g. stdout, is full). */
  onFinding: (f: Finding) => void | Promise<void>,
): Promise<FileConnector> {
  const named = await fileConnector(path, display, connectorName);
  if (named !== undefined) checkOptions(named, opts.options, display);
  const make = opts.intern === false ? makeFinding : toFinding;
  if (named?.format === 'lines') {
    await readLineFindings(named, path, display, opts.options, (d) => onFinding(make(d, resolveAsset)), opts.progress);
    return named;
  }
  const doc = await readJsonReport(path, display, { largeBytes: opts.largeJsonBytes, progress: opts.progress });
  const connector = named ?? detectConnector(doc);
  if (connector === undefined) throw unknownConnector('auto', display, true);
  for (const f of extractFindings(connector, doc, display, resolveAsset, make)) await onFinding(f);
  return connector;
}

/** Read, detect and extract one report file. Throws CtemError with a located problem. */
export async function ingestFile(
  path: string,
  display: string,
  connectorName: string,
  resolveAsset: AssetResolver,
  opts: IngestOptions = {},
): Promise<{ connector: FileConnector; findings: Finding[] }> {
  const findings: Finding[] = [];
  const connector = await forEachFileFinding(path, display, connectorName, resolveAsset, opts, (f) => {
    findings.push(f);
  });
  return { connector, findings };
}

/** How a GitHub source is named in messages and stats: `github:acme/api`, `github:org/acme`. */
export function gitHubDisplay(options: unknown): string {
  const o = (options ?? {}) as { repo?: unknown; org?: unknown };
  if (typeof o.repo === 'string') return `github:${o.repo}`;
  return typeof o.org === 'string' ? `github:org/${o.org}` : 'github';
}

/** Every alert of a GitHub source as a finding. Throws CtemError; returns nothing on failure. */
export async function ingestAlerts(
  connector: GitHubAlertConnector,
  github: GitHubAccess,
  options: unknown,
  resolveAsset: AssetResolver,
): Promise<Finding[]> {
  const display = gitHubDisplay(options);
  checkOptions(connector, options, display);
  let client;
  try {
    client = github();
  } catch (err) {
    if (err instanceof CtemError) throw new CtemError(err.problems.map((p) => ({ ...p, file: p.file ?? display })), err.exitCode);
    throw err;
  }
  const findings: Finding[] = [];
  await readAlertFindings(connector, client, options, display, (d) => findings.push(toFinding(d, resolveAsset)));
  return findings;
}

export interface SourcesOptions {
  /** The GitHub client for GitHub sources; without it such a source is an error. */
  github?: GitHubAccess;
  progress?: Progress;
  largeJsonBytes?: number;
  /** Worker threads to read report files with, beside the main thread (default: `ingestThreads()`, threads/pool.ts). */
  threads?: number;
  /** Reports smaller than this in total are read on the main thread alone (default POOL_MIN_BYTES). */
  poolMinBytes?: number;
  /** How a worker thread is started (tests only). */
  startWorker?: WorkerFactory;
  /** Whether the main thread reads report files too while workers run (default true; tests say no, to see the workers read them all). */
  mainReadsFiles?: boolean;
  /** How often the progress bar shows what workers have read while the main thread waits (default 250 ms; tests shorten it). */
  progressIntervalMs?: number;
}

const noGitHub: GitHubAccess = () => {
  throw new CtemError({ code: 'no-github-token', severity: 'error', message: 'this source reads GitHub\'s API, and no GitHub client was configured', hint: 'set GITHUB_TOKEN' }, ExitCode.input);
};

/** One unit of ingest work: a report file, a GitHub source, or a problem found while listing them. */
type Job =
  | { kind: 'problem'; problem: Problem }
  | { kind: 'github'; source: SourceConfig; name: string; connector: GitHubAlertConnector; display: string }
  | { kind: 'file'; source: SourceConfig; name: string; path: string; display: string };

/**
 * Every source's findings, problems and stats, in the order of the sources and, within
 * one, of its files (sorted). Report files may be read on worker threads
 * (threads/pool.ts) in any order; the result is assembled in this order all the same,
 * so it is the same whatever the threads did.
 */
export async function ingestSources(
  root: string,
  sources: readonly SourceConfig[],
  index: AssetIndex,
  opts: SourcesOptions = {},
): Promise<IngestResult> {
  const jobs = await listJobs(root, sources, index);
  const { outcomes, workerFiles } = await runJobs(jobs, index, opts);

  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const stats: SourceStats[] = [];
  const unresolved = new Set<string>();
  for (const [i, job] of jobs.entries()) {
    if (job.kind === 'problem') {
      problems.push(job.problem);
      continue;
    }
    const got = outcomes[i]!;
    if (!('error' in got)) {
      for (const f of got.findings) findings.push(f);
      for (const u of got.unresolved) unresolved.add(u);
      stats.push({ source: job.name, file: job.display, connector: got.connector, findings: got.findings.length });
      // A source that fails is all-or-nothing: an optional one becomes a warning, the run goes on.
    } else if (job.source.optional) {
      for (const p of got.error.problems) problems.push({ ...p, severity: 'warning', message: `${p.message} (optional source '${job.name}' skipped)` });
      stats.push({ source: job.name, file: job.display, connector: job.source.connector, findings: 0, skipped: got.error.problems[0]?.message });
    } else {
      problems.push(...got.error.problems);
    }
  }
  return { findings, problems, stats, unresolved, workerFiles };
}

async function listJobs(root: string, sources: readonly SourceConfig[], index: AssetIndex): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const [i, source] of sources.entries()) {
    const name = source.name ?? `sources[${i}]`;
    const problem = (p: Problem) => jobs.push({ kind: 'problem', problem: p });
    if (source.asset !== undefined && !index.byId.has(source.asset)) {
      problem({ code: 'unknown-asset', severity: 'error', message: `source '${name}' names unknown asset '${source.asset}'`, file: 'ctem.yaml' });
      continue;
    }
    const connector = findingConnectors.get(source.connector);
    if (connector?.format === 'github') {
      jobs.push({ kind: 'github', source, name, connector, display: gitHubDisplay(source.options) });
      continue;
    }
    if (source.path === undefined) {
      problem({ code: 'no-path', severity: 'error', message: `source '${name}': connector '${source.connector}' reads a file: add \`path\``, file: 'ctem.yaml' });
      continue;
    }
    const pattern = source.path;
    const files = isGlob(pattern) ? (await glob(pattern, { cwd: root, onlyFiles: true })).sort() : [pattern];
    if (files.length === 0) {
      problem({ code: 'no-files', severity: source.optional ? 'warning' : 'error', message: `source '${name}': no file matches '${pattern}'`, file: 'ctem.yaml', hint: "paths are relative to the repository root; a source that may be absent can say 'optional: true'" });
      continue;
    }
    for (const file of files) {
      const path = isAbsolute(file) ? file : join(root, file);
      const display = isAbsolute(file) ? relative(root, file) || file : file;
      jobs.push({ kind: 'file', source, name, path, display });
    }
  }
  return jobs;
}

/**
 * Each job's outcome, by index. When the reports are large enough to be worth it,
 * worker threads read report files beside the main thread: every thread takes the
 * next file from one shared counter, so none waits to be handed work. The main
 * thread reads the GitHub sources first, then files. A worker that dies leaves its
 * unfinished files to the main thread.
 */
async function runJobs(jobs: readonly Job[], index: AssetIndex, opts: SourcesOptions): Promise<{ outcomes: (JobOutcome | undefined)[]; workerFiles: number }> {
  const outcomes: (JobOutcome | undefined)[] = new Array(jobs.length);
  const files: number[] = [];
  for (const [i, job] of jobs.entries()) if (job.kind === 'file') files.push(i);
  const next = new Int32Array(new SharedArrayBuffer(4));
  let workerFiles = 0;
  let unread = files.length;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const changed = () => {
    wake?.();
    wake = undefined;
  };
  const threads = opts.threads ?? ingestThreads();
  const sizes = opts.progress !== undefined || (threads >= 1 && files.length >= 2) ? await fileSizes(jobs, files) : undefined;
  const totalBytes = sizes?.reduce((a, b) => a + b, 0) ?? 0;
  const progress = FilesProgress.start(opts.progress, files.length, totalBytes);
  const onResult = (r: FileJobResult) => {
    try {
      outcomes[files[r.id]!] = outcomeOf(r);
      workerFiles++;
      unread--;
      progress.finished(sizes?.[r.id] ?? 0, false);
    } catch (err) {
      failure ??= err;
      Atomics.store(next, 0, files.length); // nobody takes another file
    }
    changed();
  };
  const workers = threads >= 1 && files.length >= 2 && totalBytes >= (opts.poolMinBytes ?? POOL_MIN_BYTES) ? Math.min(threads, files.length - 1) : 0;
  const reading = readingBuffer(workers);
  const pool = workers > 0 ? startPool(workers, jobs, files, next, reading, index, opts, onResult, changed) : undefined;
  if (pool !== undefined && opts.progress !== undefined) {
    progress.watchWorkers(() => bytesBeingRead(reading, (k) => outcomes[files[k]!] !== undefined), opts.progressIntervalMs);
  }
  const fileAt = new Map(files.map((i, k) => [i, k]));
  const inline = async (i: number) => {
    const k = fileAt.get(i);
    outcomes[i] = await runInline(jobs[i] as Exclude<Job, { kind: 'problem' }>, index, opts, k === undefined ? opts.progress : progress.forFileOnThisThread());
    if (k !== undefined) {
      unread--;
      progress.finished(sizes?.[k] ?? 0, true);
    }
  };
  try {
    for (const [i, job] of jobs.entries()) if (job.kind === 'github') await inline(i);
    for (;;) {
      if (failure !== undefined) throw failure;
      if (pool !== undefined && opts.mainReadsFiles === false) break;
      const k = Atomics.add(next, 0, 1);
      if (k >= files.length) break;
      await inline(files[k]!);
    }
    // Wait for the files workers are still reading; not for a worker that took none (one still starting, say).
    while (pool !== undefined && unread > 0 && pool.working > 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== undefined) throw failure;
    // Files a dead worker took and never finished, or that no thread took (the main thread did not read any, and every worker died).
    for (const i of files) if (outcomes[i] === undefined) await inline(i);
  } finally {
    progress.stop();
    await pool?.close();
  }
  return { outcomes, workerFiles };
}

/** The size of each report file, in the order of `files` (0 for one that cannot be read: reading it will say why). */
async function fileSizes(jobs: readonly Job[], files: readonly number[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const i of files) sizes.push(await stat((jobs[i] as Extract<Job, { kind: 'file' }>).path).then((s) => s.size, () => 0));
  return sizes;
}

/** Worker threads for the report files (the caller has checked there are several, and enough bytes to be worth it). */
function startPool(
  workers: number,
  jobs: readonly Job[],
  files: readonly number[],
  next: Int32Array,
  reading: SharedArrayBuffer,
  index: AssetIndex,
  opts: SourcesOptions,
  onResult: (r: FileJobResult) => void,
  onStop: () => void,
): IngestPool {
  const fileJobs = files.map((i) => jobs[i] as Extract<Job, { kind: 'file' }>);
  const data = {
    assets: index.assets,
    next: next.buffer as SharedArrayBuffer,
    reading,
    jobs: fileJobs.map((f): FileJob => ({ path: f.path, display: f.display, connector: f.source.connector, options: f.source.options, sourceName: f.name, sourceAsset: f.source.asset, largeJsonBytes: opts.largeJsonBytes })),
  };
  return new IngestPool(workers, data, onResult, onStop, opts.startWorker);
}

/** One job on this thread, with `progress` for its file. Throws only what is not the input's fault (a bug). */
async function runInline(job: Exclude<Job, { kind: 'problem' }>, index: AssetIndex, opts: SourcesOptions, progress: Progress | undefined): Promise<JobOutcome> {
  const unresolved = new Set<string>();
  const resolveAsset = sourceAssetResolver(index, job.source.asset, job.name, unresolved);
  try {
    if (job.kind === 'github') {
      const findings = await ingestAlerts(job.connector, opts.github ?? noGitHub, job.source.options, resolveAsset);
      return { connector: job.connector.name, findings, unresolved: [...unresolved] };
    }
    const got = await ingestFile(job.path, job.display, job.source.connector, resolveAsset, { options: job.source.options, progress, largeJsonBytes: opts.largeJsonBytes });
    return { connector: got.connector.name, findings: got.findings, unresolved: [...unresolved] };
  } catch (err) {
    if (err instanceof CtemError) return { error: err };
    throw err;
  }
}

const isGlob = (p: string) => /[*?[\]{}]/.test(p);
