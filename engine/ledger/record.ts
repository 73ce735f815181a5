/**
 * One exposure's ledger record: its decision minus what changes on every run
 * without the decision changing — feed versions (kept once per run in the run
 * record), `overdue` (derived from the due date and the run's date), the EPSS
 * score (it moves a little every day for nearly every CVE; the run record names the
 * EPSS file of that day, and when the deciding rule read the score it is in
 * `inputs`) and the JSON pointers of its sources (they shift whenever a report
 * gains or loses a result) — plus the issue it is tracked in. Pure.
 */
import type { Decision } from '../model/decision.ts';
import type { RunRecord } from './run-record.ts';
import type { LedgerRecords } from './write-plan.ts';
import { inFingerprintOrder, sortByFingerprint } from '../model/fingerprint-order.ts';
import { setOwnField } from '../model/own-field.ts';

export interface IssueLink {
  /** The remediation unit's stable key (the hidden marker in the issue body). */
  key: string;
  repository: string;
  number?: number;
  url?: string;
}

export type LedgerSource = Omit<Decision['finding']['sources'][number], 'pointer'>;

export interface LedgerRecord extends Omit<Decision, 'feeds' | 'overdue' | 'finding' | 'enrichment'> {
  finding: Omit<Decision['finding'], 'sources'> & { sources: LedgerSource[] };
  enrichment: Omit<Decision['enrichment'], 'epss'>;
  /** The issue this exposure is tracked in, or null when none is planned (excepted, suppressed, no route). */
  issue: IssueLink | null;
}

/** A decision as reconstructed from the ledger: exact, except for the EPSS score and the source pointers, which are not kept. */
export interface PastDecision extends Omit<Decision, 'finding' | 'enrichment'> {
  finding: LedgerRecord['finding'];
  enrichment: LedgerRecord['enrichment'];
  issue: IssueLink | null;
}

export function toLedgerRecord(d: Decision, issue: IssueLink | null): LedgerRecord {
  // Everything else in a decision is kept, so a field added to Decision later is recorded too. Copied key by
  // key rather than with `{ ...rest }`: a run makes a record per exposure twice, and rest-and-spread copies
  // were a quarter of planning a steady ledger write.
  const record: Record<string, unknown> = {};
  for (const k of Object.keys(d)) {
    if (k === 'feeds' || k === 'overdue') continue;
    const v = (d as unknown as Record<string, unknown>)[k];
    setOwnField(record, k, k === 'finding' ? ledgerFinding(d.finding) : k === 'enrichment' ? steadyEnrichment(d.enrichment) : v);
  }
  record.issue = issue;
  return record as unknown as LedgerRecord;
}

function ledgerFinding(finding: Decision['finding']): LedgerRecord['finding'] {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(finding)) setOwnField(out, k, k === 'sources' ? ledgerSources(finding.sources) : (finding as unknown as Record<string, unknown>)[k]);
  return out as unknown as LedgerRecord['finding'];
}

function steadyEnrichment(enrichment: Decision['enrichment']): LedgerRecord['enrichment'] {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(enrichment)) if (k !== 'epss') setOwnField(out, k, (enrichment as unknown as Record<string, unknown>)[k]);
  return out as LedgerRecord['enrichment'];
}

const withoutPointer = (s: Decision['finding']['sources'][number]): LedgerSource => ({ connector: s.connector, tool: s.tool, file: s.file });

/** The sources without their pointers: each connector, tool and file once, in order. */
function ledgerSources(given: Decision['finding']['sources']): LedgerSource[] {
  if (given.length === 1) return [withoutPointer(given[0]!)];
  const seen = new Set<string>();
  const sources: LedgerSource[] = [];
  for (const s of given) {
    const id = `${s.connector}\0${s.tool}\0${s.file ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    sources.push(withoutPointer(s));
  }
  sources.sort((a, b) => a.connector.localeCompare(b.connector) || a.tool.localeCompare(b.tool) || (a.file ?? '').localeCompare(b.file ?? ''));
  return sources;
}

/**
 * A run's records, made from its decisions each time they are read (write-plan.ts), in fingerprint
 * order: a run's decisions are in it already; any others are put in it (their order, not copies).
 */
export function recordsOf(given: readonly Decision[], links: ReadonlyMap<string, IssueLink> = new Map()): LedgerRecords {
  const decisions = inFingerprintOrder(given) ? given : sortByFingerprint(given);
  return {
    facts: decisions,
    *each() {
      for (const d of decisions) yield toLedgerRecord(d, links.get(d.fingerprint) ?? null);
    },
  };
}

/** The decision as it was in a run: the record plus that run's feed versions, and `overdue` as of that run's date. */
export function toPastDecision(record: LedgerRecord, run: Pick<RunRecord, 'run_at' | 'feeds'>): PastDecision {
  return {
    ...record,
    feeds: run.feeds,
    overdue: record.status === 'open' && run.run_at.slice(0, 10) > record.due_date,
  };
}

/** The issue each exposure belongs to, from the desired issues of a plan. */
export function issueLinks(
  issues: readonly { key: string; repository: string; decisions: readonly { fingerprint: string }[] }[],
  known: ReadonlyMap<string, { number: number; url?: string }> = new Map(),
): Map<string, IssueLink> {
  const out = new Map<string, IssueLink>();
  for (const i of issues) {
    const k = known.get(i.key);
    const link: IssueLink = { key: i.key, repository: i.repository, number: k?.number, url: k?.url };
    for (const d of i.decisions) out.set(d.fingerprint, link);
  }
  return out;
}
