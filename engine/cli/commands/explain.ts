import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cycleInputFrom, prepareRun } from '../../app/prepare.ts';
import { runCycle } from '../../cycle.ts';
import { CtemError, ExitCode, exitCodeForProblems, type Problem } from '../../errors.ts';
import { explainDecision } from '../../explain/explain.ts';
import { readLines } from '../../discover/read-lines.ts';
import { candidateLine, findDecision, lineMayName, mayBeNamedBy, MIN_PREFIX } from '../../explain/find.ts';
import { plain } from '../../explain/phrases.ts';
import { readDecisionLine } from '../../explain/read-decisions.ts';
import type { Decision } from '../../model/decision.ts';
import { str, type Command } from '../command.ts';
import type { Io } from '../io.ts';
import { reportProblems } from '../report-problems.ts';
import { explainAt } from './explain-at.ts';

/** Problem codes that mean a report or feed is bad (exit 4) rather than the configuration (exit 3), as in `ctem run`. */
const MAX_CANDIDATES = 20;

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Explain one decision in plain language: rule, policy commit, inputs, feeds, exception, owner, SLA, sources.',
  usage: 'ctem explain ID [--decisions FILE | --at DATE] [--dir DIR] [--format text|json]',
  help: `ID is an exposure's fingerprint, a unique prefix of it (at least ${MIN_PREFIX} characters), or a
vulnerability id (CVE, GHSA, scanner rule id) that names exactly one exposure.

Options:
  --decisions FILE      explain a decision from this decisions.ndjson (default: re-run the cycle now, as a dry run)
  --at DATE             the decision as it stood at DATE (YYYY-MM-DD: the end of that day, UTC; or a timestamp),
                        from the decision ledger (docs/ledger.md); ID is then a fingerprint or its first 4+ characters
  --dir DIR             the exposure repository (default: the current directory)
  --format FMT          text (default): plain language; json: the decision itself
Exit codes: 0 ok, 2 unknown or ambiguous ID (candidates are listed), 3 invalid configuration, 4 unreadable
decisions file, report or feed, 7 the ledger branch diverged from its remote copy.`,
  options: { decisions: { type: 'string' }, dir: { type: 'string' }, format: { type: 'string' }, at: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const format = str(args.values.format) ?? 'text';
    const usage = (message: string) =>
      new CtemError({ code: 'usage', severity: 'error', message: `ctem explain: ${message}`, hint: 'see ctem explain --help' }, ExitCode.usage);
    if (args.positionals.length !== 1) throw usage(args.positionals.length === 0 ? 'which exposure? give its fingerprint' : 'give exactly one ID');
    if (!['text', 'json'].includes(format)) throw usage(`unknown --format '${format}'`);
    const id = args.positionals[0]!;
    const at = str(args.values.at);
    if (at !== undefined) {
      if (args.values.decisions !== undefined) throw usage('--at reads the ledger: it cannot be combined with --decisions');
      return explainAt(resolve(io.cwd, str(args.values.dir) ?? '.'), id, at, format, io);
    }

    const loaded = await loadDecisions(args.values, id, io);
    if ('exitCode' in loaded) return loaded.exitCode;
    const found = findDecision(loaded.decisions, id);
    switch (found.kind) {
      case 'found':
        if (format === 'json') io.out(JSON.stringify(found.decision, null, 2));
        else for (const l of explainDecision(found.decision)) io.out(l);
        return ExitCode.ok;
      case 'too-short':
        throw usage(`'${plain(id)}' is too short: give at least ${MIN_PREFIX} characters of the fingerprint`);
      case 'unknown':
        throw new CtemError(
          {
            code: 'unknown-exposure',
            severity: 'error',
            message: `ctem explain: no exposure '${plain(id)}' in ${loaded.source} (${loaded.total} decisions)`,
            hint: 'use a fingerprint from decisions.ndjson (or its first 6+ characters), or a CVE id',
          },
          ExitCode.usage,
        );
      case 'ambiguous': {
        const n = found.candidates.length;
        io.err(`ctem explain: '${plain(id)}' matches ${n} exposures in ${loaded.source}; give one of these fingerprints:`);
        for (const d of found.candidates.slice(0, MAX_CANDIDATES)) io.err(`  ${candidateLine(d)}`);
        if (n > MAX_CANDIDATES) io.err(`  ... and ${n - MAX_CANDIDATES} more`);
        return ExitCode.usage;
      }
    }
  },
};

/** `decisions`: those `id` may name (all of them from a fresh run); `total`: how many there were. */
type Loaded = { decisions: Decision[]; total: number; source: string } | { exitCode: number };

/** From a decisions file, or from a fresh dry run of the cycle (nothing is written, nothing sent). */
async function loadDecisions(values: Record<string, unknown>, id: string, io: Io): Promise<Loaded> {
  const file = str(values.decisions);
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    const unreadable = (err: unknown): Loaded => {
      const code = (err as NodeJS.ErrnoException).code;
      reportProblems([{ code: 'unreadable', severity: 'error', message: code === 'ENOENT' ? 'decisions file not found' : `cannot read decisions file (${code})`, file, hint: 'run `ctem run --dry-run` to write out/decisions.ndjson' }], io);
      return { exitCode: ExitCode.input };
    };
    try {
      await stat(path);
    } catch (err) {
      return unreadable(err);
    }
    // Line by line, keeping only what the ID may name: a large run's file is longer than V8's longest string.
    // Only lines whose text may name it are parsed and checked; the others are counted (size 0.25 of the bench's
    // estate, 199,115 decisions: 2.9 s instead of 5.0 s, the rest being the reading itself).
    const wanted = mayBeNamedBy(id);
    const mayName = lineMayName(id);
    const decisions: Decision[] = [];
    const problems: Problem[] = [];
    let total = 0;
    try {
      await readLines(path, file, (line, n) => {
        if (!mayName(line)) {
          if (line.trim() !== '') total++;
          return;
        }
        const got = readDecisionLine(line, n, file);
        if (got === undefined) return;
        if ('problem' in got) {
          problems.push(got.problem);
          return;
        }
        total++;
        if (wanted(got.decision)) decisions.push(got.decision);
      });
    } catch (err) {
      // The file went away or failed while being read: its problem, as readLines names it.
      if (!(err instanceof CtemError)) throw err;
      reportProblems(err.problems, io);
      return { exitCode: ExitCode.input };
    }
    if (problems.length > 0) {
      reportProblems(problems, io);
      return { exitCode: ExitCode.input };
    }
    return { decisions, total, source: file };
  }

  const root = resolve(io.cwd, str(values.dir) ?? '.');
  const now = io.now();
  const { prepared, problems } = await prepareRun(root, now, { env: io.env });
  if (!prepared) {
    const errors = problems.filter((p) => p.severity === 'error');
    reportProblems(errors, io);
    io.err(`ctem explain: ${errors.length} error(s); nothing was run`);
    return { exitCode: exitCodeForProblems(errors) };
  }
  const result = runCycle(cycleInputFrom(prepared, now));
  return { decisions: result.decisions, total: result.decisions.length, source: 'the current run' };
}
