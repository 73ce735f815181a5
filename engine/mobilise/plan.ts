/**
 * Reconciliation, like a controller: compare the desired issues with the issues
 * that exist (found by their hidden marker) and plan the smallest set of actions.
 * The plan is data; a dry run prints it, the executor carries it out. Pure.
 *
 *   desired, no issue            → create
 *   desired, issue open          → update only the fields that changed; comment first when priority or due date changed
 *   desired and overdue          → escalate once: a comment mentioning the owners, then the `overdue` label
 *   desired, issue closed        → reopen (a regression), with a comment
 *   not desired, issue open      → close with a comment giving the evidence
 *   not desired, issue closed    → nothing
 *
 * Actions on one issue are ordered so that a run killed between two of them leaves
 * something the next run recognises: a comment goes before the change it announces
 * (the old marker still shows the change is pending, and the comment's own marker
 * shows it was already said), and the `overdue` label goes after the escalation comment.
 */
import { changeComment, closeComment, escalationComment, reopenComment } from './comments.ts';
import { OVERDUE_LABEL, type DesiredIssue } from './desired-issues.ts';
import { defineBodyFrom } from './lazy-body.ts';
import { parseIssueMarker } from './markers.ts';
import { ownerMention } from './render.ts';

export interface ExistingIssue {
  repository: string;
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  url?: string;
  /** When GitHub last saw a change to the issue (ISO), for the evidence when closing. */
  updated_at?: string;
  /** Who opened it (ctem's own login): only that author's comment markers are trusted. */
  author?: string;
}

export interface RenderedIssue extends DesiredIssue {
  body: string;
}

export type IssueChanges = { title?: string; body?: string; labels?: string[]; assignees?: string[] };

export type Action =
  | { op: 'create'; key: string; repository: string; title: string; body: string; labels: string[]; assignees: string[]; priority: string; due_date: string; exposures: number }
  | { op: 'update'; key: string; repository: string; number: number; changes: IssueChanges }
  /**
   * `purpose: 'change'` announces a new priority or due date; `purpose: 'escalate'`
   * is the one overdue reminder, after which `add_labels` are added.
   */
  | { op: 'comment'; key: string; repository: string; number: number; body: string; purpose?: 'change' | 'escalate'; add_labels?: string[] }
  | { op: 'reopen'; key: string; repository: string; number: number; comment: string }
  | { op: 'close'; key: string; repository: string; number: number; comment: string };

export interface Plan {
  actions: Action[];
  /** Desired issues already exactly right. */
  unchanged: number;
}

/** When a fingerprint was last reported; a Map will do, and so does the ledger's lookup, which builds none. */
export interface LastSeenLookup {
  get(fingerprint: string): string | undefined;
}

export interface ReconcileOptions {
  /** Today (YYYY-MM-DD), for the comments. */
  today?: string;
  /** When each fingerprint was last reported before this run (from the ledger), for the evidence. */
  lastSeen?: LastSeenLookup;
}

const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase()).sort();
/** Label names and logins are case-insensitive on GitHub, which keeps a label's own spelling. */
const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = lower(a);
  const y = lower(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};
/** Bodies edited in GitHub's web editor come back with CRLF line ends. */
const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
const hasLabel = (labels: readonly string[], name: string) => labels.some((l) => l.toLowerCase() === name.toLowerCase());

/** The issue ctem works on for each key: should a duplicate ever exist, the open, oldest one. */
export function issuesByKey(existing: readonly ExistingIssue[]): Map<string, ExistingIssue> {
  const byKey = new Map<string, ExistingIssue>();
  for (const e of existing) {
    const m = parseIssueMarker(e.body);
    if (!m) continue;
    const prev = byKey.get(m.key);
    if (!prev || (prev.state === 'closed' && e.state === 'open') || (prev.state === e.state && e.number < prev.number)) byKey.set(m.key, e);
  }
  return byKey;
}

export function reconcile(desired: readonly RenderedIssue[], existing: readonly ExistingIssue[], opts: ReconcileOptions = {}): Plan {
  const byKey = issuesByKey(existing);
  const actions: Action[] = [];
  let unchanged = 0;
  const wanted = new Set<string>();
  for (const d of desired) {
    wanted.add(d.key);
    const e = byKey.get(d.key);
    if (!e) {
      actions.push(createAction(d));
      continue;
    }
    const at = { key: d.key, repository: e.repository, number: e.number };
    if (e.state === 'closed') {
      actions.push({ ...at, op: 'reopen', comment: reopenComment({ key: d.key, exposures: d.decisions.length, priority: d.priority, due: d.due_date, fingerprints: d.decisions.map((x) => x.fingerprint), today: opts.today }) });
    }
    // Escalating adds the label itself, after its comment; until then the update leaves it off.
    const escalate = d.overdue && !hasLabel(e.labels, OVERDUE_LABEL);
    const labels = escalate ? d.labels.filter((l) => l.toLowerCase() !== OVERDUE_LABEL) : d.labels;
    const changes: IssueChanges = {};
    if (e.title !== d.title) changes.title = d.title;
    if (!sameText(e.body, d.body)) changes.body = d.body;
    if (!sameSet(e.labels, labels)) changes.labels = labels;
    if (!sameSet(e.assignees, d.assignees)) changes.assignees = d.assignees;
    const old = parseIssueMarker(e.body);
    if (old && e.state === 'open' && changes.body !== undefined && (old.priority !== d.priority || old.due !== d.due_date)) {
      actions.push({ ...at, op: 'comment', purpose: 'change', body: changeComment({ key: d.key, from: { priority: old.priority, due: old.due }, to: { priority: d.priority, due: d.due_date } }) });
    }
    if (Object.keys(changes).length > 0) actions.push({ ...at, op: 'update', changes });
    else if (e.state === 'open' && !escalate) unchanged++;
    if (escalate) {
      actions.push({
        ...at,
        op: 'comment',
        purpose: 'escalate',
        body: escalationComment({ key: d.key, mention: ownerMention(d), priority: d.priority, due: d.due_date, exposures: d.decisions.length }),
        add_labels: [OVERDUE_LABEL],
      });
    }
  }
  for (const [key, e] of byKey) {
    if (wanted.has(key) || e.state === 'closed') continue;
    const m = parseIssueMarker(e.body);
    const fps = m?.fps ?? [];
    const seen = fps.map((f) => opts.lastSeen?.get(f)).filter((s): s is string => s !== undefined).sort();
    actions.push({
      op: 'close',
      key,
      repository: e.repository,
      number: e.number,
      comment: closeComment({ key, fingerprints: fps, more: m?.more, lastSeen: seen.at(-1), lastTouched: e.updated_at?.slice(0, 10), today: opts.today }),
    });
  }
  return { actions, unchanged };
}

/** The body is read from the issue when the action is carried out or written, not copied now (lazy-body.ts). */
function createAction(d: RenderedIssue): Extract<Action, { op: 'create' }> {
  const a = { op: 'create' as const, key: d.key, repository: d.repository, title: d.title };
  // `body` right after `title`: the key order plan.json shows.
  return Object.assign(defineBodyFrom(a, d), { labels: d.labels, assignees: d.assignees, priority: d.priority, due_date: d.due_date, exposures: d.decisions.length });
}

export interface CappedPlan {
  plan: Plan;
  /** Creations left for a later run because of the per-run cap, most urgent kept. */
  deferred: Extract<Action, { op: 'create' }>[];
}

/**
 * At most `max` new issues per run (`defaults.max_new_issues_per_run`): the plan's
 * creations come most urgent first (desiredIssues sorts them), so the most urgent are
 * kept and the rest wait for the next run. Every other action goes ahead.
 */
export function capCreations(plan: Plan, max: number | undefined): CappedPlan {
  if (max === undefined) return { plan, deferred: [] };
  const deferred: CappedPlan['deferred'] = [];
  let created = 0;
  const actions = plan.actions.filter((a) => {
    if (a.op !== 'create') return true;
    if (created < max) {
      created++;
      return true;
    }
    deferred.push(a);
    return false;
  });
  return { plan: { ...plan, actions }, deferred };
}
