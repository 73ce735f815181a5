/**
 * The ledger as `ctem run` and `ctem plan` use it: open it, learn what the past
 * says (first-seen dates, previous decisions), and record the run. Shell module.
 */
import type { CtemConfig } from '../config/schema/ctem.ts';
import type { Decision } from '../model/decision.ts';
import { configCommit } from './git-repo.ts';
import { ledgerLocation } from './location.ts';
import { openLedger, type Ledger } from './open-ledger.ts';
import { ledgerStateDigest } from './state-digest.ts';
import { recordRun, type Recorded, type RunToRecord } from './record-run.ts';
import { ledgerMemory, type LedgerMemory, type LedgerState } from './write-plan.ts';

export interface RunLedger {
  ledger: Ledger;
  memory: LedgerMemory;
  /** Digest of what `memory` was learnt from (state-digest.ts): shards and their merge must agree on it. */
  digest(): string;
  /** Record the run; `known` gives the issue number and URL of each issue key once the executor knows them. */
  record(run: Omit<RunToRecord, 'configCommit'>): Promise<Recorded>;
}

/**
 * A run uses the ledger when asked (`--ledger`) or, for a real run, when ctem.yaml
 * configures one. A dry run without `--ledger` neither reads nor writes it.
 */
export function ledgerWanted(config: CtemConfig, flag: boolean, dryRun: boolean): boolean {
  return flag || (!dryRun && config.ledger !== undefined);
}

export async function openRunLedger(root: string, config: CtemConfig): Promise<RunLedger> {
  const ledger = await openLedger(root, ledgerLocation(config.ledger));
  const state: LedgerState = await ledger.state();
  const commit = await configCommit(ledger.repo);
  return {
    ledger,
    memory: ledgerMemory(state),
    digest: () => ledgerStateDigest(state),
    record: (run) => recordRun(ledger, state, { ...run, configCommit: commit }),
  };
}

/** A run to be recorded: the ledger, and what every decision names besides the run's result. */
export interface RunRecording {
  ledger: RunLedger;
  policyCommits: ReadonlyMap<string, string>;
  feeds: Decision['feeds'];
}

/** Record a run (`ctem run`, `ctem merge-shards`, real or dry); the line that says where, and what changed. */
export async function recordRunIn(r: RunRecording, run: Omit<RunToRecord, 'configCommit' | 'policyCommits' | 'feeds'>): Promise<string> {
  return recordedLine(r.ledger.ledger, await r.ledger.record({ ...run, policyCommits: r.policyCommits, feeds: r.feeds }));
}

/** One line for the run's output: where the run was recorded and what changed. */
export function recordedLine(ledger: Ledger, r: Recorded): string {
  const c = r.run.changes;
  const where = r.commit ? `${ledger.describe} @ ${r.commit.slice(0, 12)}` : ledger.describe;
  return `ledger: recorded in ${where}: ${c.new} new, ${c.reopened} reopened, ${c.changed} changed, ${c.closed} closed, ${c.unchanged} unchanged`;
}
