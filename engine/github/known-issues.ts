/**
 * The GitHub issue behind each remediation unit after a run, for the decision ledger:
 * the issue the run found (by its hidden marker, as reconciliation picks it) unless
 * the run itself created or adopted one. Every unit with an issue gets its number and
 * URL, not only those the run touched, so an exposure's ledger record names its issue
 * on every run and does not change when a quiet run leaves the issue alone. Pure.
 */
import { issuesByKey, type ExistingIssue } from '../mobilise/plan.ts';
import type { ActionOutcome } from './outcome.ts';

export interface KnownIssue {
  number: number;
  url?: string;
}

export function knownIssues(existing: readonly ExistingIssue[], outcomes: readonly ActionOutcome[]): Map<string, KnownIssue> {
  const known = new Map<string, KnownIssue>();
  for (const [key, issue] of issuesByKey(existing)) known.set(key, issue.url === undefined ? { number: issue.number } : { number: issue.number, url: issue.url });
  for (const o of outcomes) {
    if (o.target !== 'issue' || o.number === undefined || (o.status !== 'done' && o.status !== 'already-done')) continue;
    const url = o.url ?? known.get(o.key)?.url;
    known.set(o.key, url === undefined ? { number: o.number } : { number: o.number, url });
  }
  return known;
}
