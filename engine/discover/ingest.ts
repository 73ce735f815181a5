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
import { extractFindings, toFinding, type AssetResolver } from './extract.ts';
import { readLineFindings } from './line-ingest.ts';
import type { Progress } from './progress.ts';
import { readHead, readJsonReport, reportSize } from './read-report.ts';

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
}

export interface IngestOptions {
  /** The source's connector options (checked here against the connector's schema). */
  options?: unknown;
  /** Progress bars for large inputs (the CLI passes one only when stderr is a terminal). */
  progress?: Progress;
  /** JSON reports larger than this are assembled from a stream (default 64 MiB). */
  largeJsonBytes?: number;
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
  if (named?.format === 'lines') {
    await readLineFindings(named, path, display, opts.options, (d) => onFinding(toFinding(d, resolveAsset)), opts.progress);
    return named;
  }
  const doc = await readJsonReport(path, display, { largeBytes: opts.largeJsonBytes, progress: opts.progress });
  const connector = named ?? detectConnector(doc);
  if (connector === undefined) throw unknownConnector('auto', display, true);
  for (const f of extractFindings(connector, doc, display, resolveAsset)) await onFinding(f);
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
}

const noGitHub: GitHubAccess = () => {
  throw new CtemError({ code: 'no-github-token', severity: 'error', message: 'this source reads GitHub\'s API, and no GitHub client was configured', hint: 'set GITHUB_TOKEN' }, ExitCode.input);
};

export async function ingestSources(
  root: string,
  sources: readonly SourceConfig[],
  index: AssetIndex,
  opts: SourcesOptions = {},
): Promise<IngestResult> {
  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const stats: SourceStats[] = [];
  const unresolved = new Set<string>();

  for (const [i, source] of sources.entries()) {
    const name = source.name ?? `sources[${i}]`;
    if (source.asset !== undefined && !index.byId.has(source.asset)) {
      problems.push({ code: 'unknown-asset', severity: 'error', message: `source '${name}' names unknown asset '${source.asset}'`, file: 'ctem.yaml' });
      continue;
    }
    const resolveAsset: AssetResolver = (hint) => {
      if (source.asset !== undefined) return source.asset;
      if (hint !== undefined) {
        const id = index.resolve(hint);
        if (id !== undefined) return id;
        unresolved.add(hint);
        return hint;
      }
      unresolved.add(`(no asset reference in ${name})`);
      return 'unknown';
    };
    // A source that fails is all-or-nothing: an optional one becomes a warning, the run goes on.
    const attempt = async (display: string, read: () => Promise<{ connector: string; findings: Finding[] }>) => {
      try {
        const got = await read();
        findings.push(...got.findings);
        stats.push({ source: name, file: display, connector: got.connector, findings: got.findings.length });
      } catch (err) {
        if (!(err instanceof CtemError)) throw err;
        if (source.optional) {
          for (const p of err.problems) problems.push({ ...p, severity: 'warning', message: `${p.message} (optional source '${name}' skipped)` });
          stats.push({ source: name, file: display, connector: source.connector, findings: 0, skipped: err.problems[0]?.message });
        } else {
          problems.push(...err.problems);
        }
      }
    };

    const connector = findingConnectors.get(source.connector);
    if (connector?.format === 'github') {
      const display = gitHubDisplay(source.options);
      await attempt(display, async () => ({
        connector: connector.name,
        findings: await ingestAlerts(connector, opts.github ?? noGitHub, source.options, resolveAsset),
      }));
      continue;
    }
    if (source.path === undefined) {
      problems.push({ code: 'no-path', severity: 'error', message: `source '${name}': connector '${source.connector}' reads a file: add \`path\``, file: 'ctem.yaml' });
      continue;
    }
    const pattern = source.path;
    const files = isGlob(pattern) ? (await glob(pattern, { cwd: root, onlyFiles: true })).sort() : [pattern];
    if (files.length === 0) {
      problems.push({ code: 'no-files', severity: source.optional ? 'warning' : 'error', message: `source '${name}': no file matches '${pattern}'`, file: 'ctem.yaml', hint: "paths are relative to the repository root; a source that may be absent can say 'optional: true'" });
      continue;
    }
    for (const file of files) {
      const abs = isAbsolute(file) ? file : join(root, file);
      const display = isAbsolute(file) ? relative(root, file) || file : file;
      await attempt(display, async () => {
        const got = await ingestFile(abs, display, source.connector, resolveAsset, { options: source.options, progress: opts.progress, largeJsonBytes: opts.largeJsonBytes });
        return { connector: got.connector.name, findings: got.findings };
      });
    }
  }
  return { findings, problems, stats, unresolved };
}

const isGlob = (p: string) => /[*?[\]{}]/.test(p);
