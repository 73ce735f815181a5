/**
 * Record one run in the ledger: a record per exposure, the run record, the summary
 * and the index, written as one commit (branch) or into the directory. Shell module;
 * what changes is decided by write-plan.ts.
 */
import type { Decision } from '../model/decision.ts';
import type { Plan, RenderedIssue } from '../mobilise/plan.ts';
import type { Ledger } from './open-ledger.ts';
import { issueLinks, recordsOf } from './record.ts';
import { commitMessage, runActions, type IssueOutcome, type RunRecord } from './run-record.ts';
import { planLedgerWrite, type LedgerState } from './write-plan.ts';

/** Recorded in each run record; keep in step with package.json. */
export const CTEM_VERSION = '0.1.0';

export interface RunToRecord {
  decisions: readonly Decision[];
  issues: readonly RenderedIssue[];
  plan: Plan;
  now: string;
  dryRun: boolean;
  policyCommits: ReadonlyMap<string, string>;
  feeds: Decision['feeds'];
  configCommit: string | null;
  /** Issue numbers and URLs by key, once the executor knows them. */
  known?: ReadonlyMap<string, { number: number; url?: string }>;
  /** What the executor did with each action (a real run), recorded with the run's actions. */
  outcomes?: readonly IssueOutcome[];
}

export interface Recorded {
  /** The ledger commit (branch ledgers only). */
  commit?: string;
  run: RunRecord;
}

export async function recordRun(ledger: Ledger, state: LedgerState, r: RunToRecord): Promise<Recorded> {
  const write = planLedgerWrite(
    state,
    // Made when read, never all at once: at full size the records were more than the decisions themselves.
    recordsOf(r.decisions, issueLinks(r.issues, r.known)),
    {
      run_at: r.now,
      dry_run: r.dryRun,
      ctem_version: CTEM_VERSION,
      config_commit: r.configCommit,
      policy_commits: Object.fromEntries([...r.policyCommits].sort(([a], [b]) => a.localeCompare(b))),
      feeds: r.feeds,
      actions: runActions(r.plan.actions, r.known, r.outcomes),
    },
    (c) => ledger.blobId(c),
  );
  const { commit } = await ledger.write(write, commitMessage(write.run));
  return { commit, run: write.run };
}
