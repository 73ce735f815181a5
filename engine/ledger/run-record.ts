/**
 * What is recorded once per run: `runs/<year>/<time>.json` (when, feed versions,
 * policy commits, counts, the issue actions) and `summary.json` (the counts of the
 * latest run, without timestamps, so its diff between two runs is the change in
 * totals). The commit message names the run record, so each ledger commit can be
 * tied to its run without reading the tree. Pure.
 */
import { PRIORITIES, type Priority } from '../config/schema/common.ts';
import type { Decision } from '../model/decision.ts';
import type { ActionOutcome, OutcomeStatus } from '../github/outcome.ts';
import type { Action } from '../mobilise/plan.ts';
import { runPath } from './layout.ts';

export interface ChangeCounts {
  new: number;
  reopened: number;
  changed: number;
  closed: number;
  unchanged: number;
}

export interface RunAction {
  op: Action['op'];
  key: string;
  repository: string;
  number?: number;
  url?: string;
  title?: string;
  priority?: string;
  due_date?: string;
  /** What became of the action on GitHub (a real run): done, already-done, skipped, failed. Absent for a dry run. */
  status?: OutcomeStatus;
}

export interface ExposureCounts {
  total: number;
  open: number;
  excepted: number;
  suppressed: number;
  /** Open exposures by priority. */
  by_priority: Record<Priority, number>;
}

export interface RunRecord {
  run_at: string;
  /** A dry run's actions were planned, not performed. */
  dry_run: boolean;
  ctem_version: string;
  /** The exposure repository's HEAD when the run started (`+dirty` with uncommitted changes), or null outside Git. */
  config_commit: string | null;
  /** The commit of each policy file and ctem.yaml, as recorded in decisions. */
  policy_commits: Record<string, string>;
  feeds: Decision['feeds'];
  exposures: ExposureCounts;
  changes: ChangeCounts;
  actions: RunAction[];
}

export interface Summary {
  exposures: ExposureCounts;
  by_scope: { scope: string; total: number; open: number; excepted: number; suppressed: number; by_priority: Record<Priority, number> }[];
}

const zeroPriorities = (): Record<Priority, number> => Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;

export function countExposures(decisions: readonly Pick<Decision, 'status' | 'priority'>[]): ExposureCounts {
  const c: ExposureCounts = { total: 0, open: 0, excepted: 0, suppressed: 0, by_priority: zeroPriorities() };
  for (const d of decisions) {
    c.total++;
    // Written out so that a status added to decisions later is counted in the total, not lost in a type error.
    if (d.status === 'open' || d.status === 'excepted' || d.status === 'suppressed') c[d.status]++;
    if (d.status === 'open') c.by_priority[d.priority]++;
  }
  return c;
}

export function summaryOf(decisions: readonly Pick<Decision, 'status' | 'priority' | 'scope'>[]): Summary {
  const byScope = new Map<string, Pick<Decision, 'status' | 'priority'>[]>();
  for (const d of decisions) {
    const k = d.scope ?? '(no scope)';
    const list = byScope.get(k);
    if (list) list.push(d);
    else byScope.set(k, [d]);
  }
  return {
    exposures: countExposures(decisions),
    by_scope: [...byScope.keys()].sort().map((scope) => {
      const { total, open, excepted, suppressed, by_priority } = countExposures(byScope.get(scope)!);
      return { scope, total, open, excepted, suppressed, by_priority };
    }),
  };
}

/** The executor's outcome of one issue action: the op it reports (`escalate` for an escalation comment), with its status. */
export type IssueOutcome = Pick<ActionOutcome, 'target' | 'op' | 'key' | 'status'>;

export function runActions(
  actions: readonly Action[],
  known: ReadonlyMap<string, { number: number; url?: string }> = new Map(),
  outcomes: readonly IssueOutcome[] = [],
): RunAction[] {
  // Each issue gets at most one action of each op in a run, so key and op name the outcome.
  const status = new Map(outcomes.filter((o) => o.target === 'issue').map((o) => [`${o.key}\0${o.op}`, o.status]));
  return actions.map((a) => {
    const k = known.get(a.key);
    const s = status.get(`${a.key}\0${a.op === 'comment' && a.purpose === 'escalate' ? 'escalate' : a.op}`);
    const base: RunAction = { op: a.op, key: a.key, repository: a.repository, ...(s ? { status: s } : {}) };
    if (a.op === 'create') return { ...base, number: k?.number, url: k?.url, title: a.title, priority: a.priority, due_date: a.due_date };
    return { ...base, number: a.number, url: k?.url };
  });
}

const RUN_TRAILER = 'Ctem-Run';
const RUN_AT_TRAILER = 'Ctem-Run-At';

export function commitMessage(run: RunRecord): string {
  const c = run.changes;
  const parts = [`${c.new} new`, c.reopened ? `${c.reopened} reopened` : '', `${c.changed} changed`, `${c.closed} closed`].filter(Boolean);
  return [
    `ctem ${run.dry_run ? 'dry run' : 'run'} ${run.run_at}: ${run.exposures.total} exposures (${parts.join(', ')})`,
    '',
    `${RUN_TRAILER}: ${runPath(run.run_at)}`,
    `${RUN_AT_TRAILER}: ${run.run_at}`,
    '',
  ].join('\n');
}

/** The run a ledger commit records, from its message; undefined for a commit ctem did not write. */
export function runOfCommitMessage(message: string): { runAt: string; runPath: string } | undefined {
  const at = new RegExp(`^${RUN_AT_TRAILER}: (\\S+)$`, 'm').exec(message)?.[1];
  const path = new RegExp(`^${RUN_TRAILER}: (\\S+)$`, 'm').exec(message)?.[1];
  return at && path ? { runAt: at, runPath: path } : undefined;
}
