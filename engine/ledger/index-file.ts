/**
 * The per-shard state table, `index/<shard>.tsv`: one line per exposure ever seen,
 *
 *   fingerprint <TAB> first_seen <TAB> closed_at <TAB> priority <TAB> due_date
 *
 * sorted by fingerprint, closed_at empty while the exposure is open. It is what the
 * next run needs from the past — first-seen dates (kept across a close and reopen,
 * so a flapping finding cannot restart its SLA) and the previous priority and due
 * date that rules read as `sla.*` — in a few bytes per exposure, so a run never reads
 * exposure records. A line changes only when one of these does. Pure.
 */
import type { Decision } from '../model/decision.ts';
import type { PreviousDecision } from '../prioritise/input-document.ts';
import { byFingerprint } from '../model/fingerprint-order.ts';

export interface IndexEntry {
  fingerprint: string;
  first_seen: string;
  /** Run time at which the exposure was last closed, or undefined while it is open. */
  closed_at?: string;
  /** The last decision's priority and due date. */
  priority?: string;
  due_date?: string;
}

export function parseIndex(text: string): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [fingerprint, first_seen, closed_at, priority, due_date] = line.split('\t');
    if (!fingerprint || !first_seen) throw new Error(`malformed ledger index line: ${JSON.stringify(line.slice(0, 80))}`);
    const e: IndexEntry = { fingerprint, first_seen };
    if (closed_at) e.closed_at = closed_at;
    if (priority) e.priority = priority;
    if (due_date) e.due_date = due_date;
    out.push(e);
  }
  return out;
}

export function serialiseIndex(entries: Iterable<IndexEntry>): string {
  const sorted = [...entries].sort(byFingerprint);
  return sorted.map((e) => `${e.fingerprint}\t${e.first_seen}\t${e.closed_at ?? ''}\t${e.priority ?? ''}\t${e.due_date ?? ''}\n`).join('');
}

export function indexEntryOf(d: Pick<Decision, 'fingerprint' | 'first_seen' | 'priority' | 'due_date'>, firstSeen: string): IndexEntry {
  return { fingerprint: d.fingerprint, first_seen: firstSeen, priority: d.priority, due_date: d.due_date };
}

export const sameEntry = (a: IndexEntry, b: IndexEntry): boolean =>
  a.fingerprint === b.fingerprint && a.first_seen === b.first_seen && a.closed_at === b.closed_at && a.priority === b.priority && a.due_date === b.due_date;

/** What the previous run decided, for every exposure that was open in it. */
export function previousDecisions(entries: Iterable<IndexEntry>): Map<string, PreviousDecision> {
  const out = new Map<string, PreviousDecision>();
  for (const e of entries) if (e.closed_at === undefined && e.priority && e.due_date) out.set(e.fingerprint, { priority: e.priority, due_date: e.due_date });
  return out;
}
