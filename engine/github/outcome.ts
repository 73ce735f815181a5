/**
 * What mobilisation did, one record per planned action, as data for the run's output
 * (`mobilisation.json`) and for the decision ledger: which issue or pull request,
 * where (number and URL), and whether it was done, found already done, deferred,
 * skipped or failed.
 */

export type OutcomeStatus =
  /** Done in this run. */
  | 'done'
  /** Found already done (a lost answer, an earlier run that crashed): nothing sent again. */
  | 'already-done'
  /** Left for the next run by the per-run cap. */
  | 'deferred'
  /** Not attempted (an earlier failure made it unsafe or pointless). */
  | 'skipped'
  | 'failed';

export interface ActionOutcome {
  target: 'issue' | 'pull-request';
  /** The action: create, update, comment, escalate, reopen, close for issues; create, update, reopen, close for pull requests. */
  op: string;
  key: string;
  repository: string;
  number?: number;
  url?: string;
  status: OutcomeStatus;
  /** One line: what happened, or what went wrong. */
  detail?: string;
}
