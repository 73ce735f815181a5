/**
 * An exposure's history, from the ledger commits that touched its record: when it
 * opened, what changed in each run (priority, status, rule, exception, due date...),
 * when it closed; and the decision as it stood at a given time. Pure.
 */
import type { LedgerRecord } from './record.ts';
import type { RunRecord } from './run-record.ts';

/** One ledger commit that changed the exposure's record; `record` is null when the commit removed it (closed). */
export interface HistoryPoint {
  commit: string;
  run_at: string;
  record: LedgerRecord | null;
  run?: RunRecord;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type TimelineEvent = 'opened' | 'changed' | 'closed' | 'reopened';

export interface TimelineEntry {
  commit: string;
  run_at: string;
  event: TimelineEvent;
  record: LedgerRecord | null;
  changes: FieldChange[];
}

/** The fields a timeline reports, in the order people read them. */
const FIELDS: [string, (r: LedgerRecord) => unknown][] = [
  ['priority', (r) => r.priority],
  ['status', (r) => r.status],
  ['rule', (r) => `${r.rule.id} (${r.rule.file})`],
  ['rule commit', (r) => r.rule.commit ?? null],
  ['exception', (r) => (r.exception ? `${r.exception.id} (${r.exception.type}, approved by ${r.exception.approver}, expires ${r.exception.expires})` : null)],
  ['sla_days', (r) => r.sla_days],
  ['due_date', (r) => r.due_date],
  ['first_seen', (r) => r.first_seen],
  ['scope', (r) => r.scope],
  ['route', (r) => r.route],
  ['issue', (r) => (r.issue ? `${r.issue.repository}${r.issue.number ? `#${r.issue.number}` : ''} (${r.issue.key})` : null)],
  ['labels', (r) => r.labels.join(', ')],
  ['inputs', (r) => JSON.stringify(r.inputs)],
  ['severity', (r) => r.finding.severity],
  ['validation', (r) => JSON.stringify(r.validation)],
];

export function diffRecords(before: LedgerRecord, after: LedgerRecord): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, get] of FIELDS) {
    const from = get(before);
    const to = get(after);
    if (from !== to) out.push({ field, from, to });
  }
  return out;
}

/** Points oldest first. */
export function buildTimeline(points: readonly HistoryPoint[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let prev: LedgerRecord | null = null;
  let seen = false;
  for (const p of points) {
    if (p.record === null) {
      if (prev !== null) out.push({ commit: p.commit, run_at: p.run_at, event: 'closed', record: null, changes: [] });
    } else if (prev === null) {
      out.push({ commit: p.commit, run_at: p.run_at, event: seen ? 'reopened' : 'opened', record: p.record, changes: [] });
    } else {
      out.push({ commit: p.commit, run_at: p.run_at, event: 'changed', record: p.record, changes: diffRecords(prev, p.record) });
    }
    if (p.record !== null) seen = true;
    prev = p.record;
  }
  return out;
}

/**
 * `--at` accepts a date (`2026-11-28`: the end of that day, UTC) or a timestamp
 * (`2026-11-28T10:00:00Z`, any offset). Returns an ISO UTC timestamp, or undefined.
 */
export function parseAt(text: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const t = Date.parse(`${text}T23:59:59.999Z`);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * The exposure's state at `at`: the last point at or before it. The record of a
 * run that did not change it is the one of the last run that did, so this is the
 * decision every run in between made. Undefined before the exposure was first seen.
 */
export function pointAt(points: readonly HistoryPoint[], at: string): HistoryPoint | undefined {
  let found: HistoryPoint | undefined;
  for (const p of points) if (Date.parse(p.run_at) <= Date.parse(at)) found = p;
  return found;
}
