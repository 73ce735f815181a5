/**
 * Read an exposure's past from the ledger: `git log` on its record, the record and
 * the run at each commit. Shell module; the timeline itself is built by timeline.ts.
 */
import { CtemError, ExitCode } from '../errors.ts';
import { catFileBatch, lsTree, runGit } from './git-process.ts';
import { parseIndex } from './index-file.ts';
import { exposurePath, FINGERPRINT_PREFIX, indexPath, runAtOfPath, RUNS_DIR, shardOf } from './layout.ts';
import type { Ledger } from './open-ledger.ts';
import { toPastDecision, type LedgerRecord, type PastDecision } from './record.ts';
import { runOfCommitMessage, type RunRecord } from './run-record.ts';
import { parseAt, pointAt, type HistoryPoint } from './timeline.ts';

const usage = (message: string, hint?: string) => new CtemError({ code: 'usage', severity: 'error', message, hint }, ExitCode.usage);

function searchable(ledger: Ledger): { toplevel: string; head: string } {
  if (!ledger.repo || !ledger.head) {
    throw new CtemError(
      {
        code: 'ledger-empty',
        severity: 'error',
        message: `the ledger (${ledger.describe}) has no commits yet`,
        hint: ledger.location.kind === 'branch' ? 'record a run first: ctem run --dry-run --ledger; or fetch it: git fetch origin ctem-ledger' : 'commit the ledger directory after a run',
      },
      ExitCode.usage,
    );
  }
  return { toplevel: ledger.repo.toplevel, head: ledger.head };
}

/** The full fingerprint for an id the user typed: a fingerprint or an unambiguous prefix (4+ hex characters). */
export async function resolveFingerprint(ledger: Ledger, id: string): Promise<string> {
  const wanted = id.toLowerCase();
  if (!FINGERPRINT_PREFIX.test(wanted)) throw usage(`'${id}' is not an exposure id`, 'an exposure id is its fingerprint (hex), or the first 4 or more characters of it, as in decisions.ndjson');
  const { toplevel, head } = searchable(ledger);
  const spec = `${head}:${ledger.treePrefix}${indexPath(shardOf(wanted))}`;
  const text = (await catFileBatch(toplevel, [spec])).get(spec)?.toString('utf8') ?? '';
  const matches = parseIndex(text).filter((e) => e.fingerprint.startsWith(wanted)).map((e) => e.fingerprint);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw usage(`no exposure ${id} in the ledger (${ledger.describe})`, 'check the id against decisions.ndjson; only runs recorded with --ledger are in the ledger');
  throw usage(`exposure id ${id} is ambiguous: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}`, 'give more characters');
}

/** Every ledger commit that changed the exposure's record, oldest first, each with its record and run. */
export async function readHistory(ledger: Ledger, fingerprint: string): Promise<HistoryPoint[]> {
  const { toplevel, head } = searchable(ledger);
  const path = `${ledger.treePrefix}${exposurePath(fingerprint)}`;
  const log = (await runGit(toplevel, ['log', '--no-renames', '--format=%x1e%H%x1f%cI%x1f%B%x1f', '--name-status', head, '--', path])).toString('utf8');
  const commits: { sha: string; date: string; message: string; deleted: boolean }[] = [];
  for (const chunk of log.split('\x1e')) {
    if (chunk.trim() === '') continue;
    const [sha, date, message, names] = chunk.split('\x1f');
    commits.push({ sha: sha!, date: date!, message: message ?? '', deleted: /^D\t/m.test(names ?? '') });
  }
  commits.reverse();

  const runPaths = new Map<string, string>();
  for (const c of commits) {
    const run = runOfCommitMessage(c.message);
    runPaths.set(c.sha, run ? run.runPath : await latestRunPath(toplevel, c.sha, ledger.treePrefix));
  }
  const specs: string[] = [];
  for (const c of commits) {
    if (!c.deleted) specs.push(`${c.sha}:${path}`);
    const rp = runPaths.get(c.sha);
    if (rp) specs.push(`${c.sha}:${ledger.treePrefix}${rp}`);
  }
  const blobs = await catFileBatch(toplevel, specs);
  return commits.map((c) => {
    const rp = runPaths.get(c.sha);
    const runText = rp ? blobs.get(`${c.sha}:${ledger.treePrefix}${rp}`) : undefined;
    const run = runText ? (JSON.parse(runText.toString('utf8')) as RunRecord) : undefined;
    const recText = c.deleted ? undefined : blobs.get(`${c.sha}:${path}`);
    return {
      commit: c.sha,
      run_at: run?.run_at ?? runOfCommitMessage(c.message)?.runAt ?? new Date(Date.parse(c.date)).toISOString(),
      record: recText ? (JSON.parse(recText.toString('utf8')) as LedgerRecord) : null,
      run,
    };
  });
}

/** A directory ledger is committed by the workflow, not by ctem: the commit's latest run record names the run. */
async function latestRunPath(toplevel: string, sha: string, prefix: string): Promise<string> {
  const entries = await lsTree(toplevel, sha, [`${prefix}${RUNS_DIR}`]);
  const latest = entries.map((e) => e.path).filter((p) => p.endsWith('.json')).sort().pop();
  return latest ? latest.slice(prefix.length) : '';
}

export interface DecisionAt {
  fingerprint: string;
  /** The last run at or before the requested time: the run whose decision was in force. */
  run_at: string;
  /** The ledger commit that last changed the exposure's record before that run (or in it). */
  record_commit: string;
  /** Null when the exposure was closed at that time. */
  decision: PastDecision | null;
}

/**
 * The decision about exposure `id` as it stood at `at` (a date: the end of that UTC
 * day, or a timestamp): its record as last written at or before then, with the feed
 * versions and the date of the last run at or before then. Undefined when the
 * exposure had not been seen yet.
 */
export async function decisionAt(ledger: Ledger, id: string, at: string): Promise<DecisionAt | undefined> {
  const when = parseAt(at);
  if (!when) throw usage(`--at '${at}' is not a date`, 'use YYYY-MM-DD (the end of that day, UTC) or an ISO timestamp such as 2026-11-28T10:00:00Z');
  const fingerprint = await resolveFingerprint(ledger, id);
  const point = pointAt(await readHistory(ledger, fingerprint), when);
  if (!point) return undefined;
  const run = (await runInForce(ledger, when)) ?? point.run ?? { run_at: point.run_at, feeds: {} };
  return {
    fingerprint,
    run_at: run.run_at,
    record_commit: point.commit,
    decision: point.record ? toPastDecision(point.record, run) : null,
  };
}

/** The run record of the last run at or before `at`. Run records are never removed, so the tip lists them all. */
async function runInForce(ledger: Ledger, at: string): Promise<RunRecord | undefined> {
  const { toplevel, head } = searchable(ledger);
  const paths = (await lsTree(toplevel, head, [`${ledger.treePrefix}${RUNS_DIR}`]))
    .map((e) => e.path)
    .filter((p) => {
      const runAt = runAtOfPath(p);
      return runAt !== undefined && Date.parse(runAt) <= Date.parse(at);
    })
    .sort();
  const latest = paths.pop();
  if (!latest) return undefined;
  const spec = `${head}:${latest}`;
  const text = (await catFileBatch(toplevel, [spec])).get(spec);
  return text ? (JSON.parse(text.toString('utf8')) as RunRecord) : undefined;
}
