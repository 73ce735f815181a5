/**
 * Reconciliation, like a controller: compare the desired issues with the issues
 * that exist (found by their hidden marker) and plan the smallest set of actions.
 * The plan is data; a dry run prints it, the executor carries it out. Pure.
 *
 *   desired, no issue           → create
 *   desired, issue open         → update only the fields that changed; comment when priority or due date changed
 *   desired, issue closed       → reopen (a regression), with a comment
 *   not desired, issue open     → close with a comment saying why
 *   not desired, issue closed   → nothing
 */
import type { DesiredIssue } from './desired-issues.ts';
import { parseMarker } from './render.ts';

export interface ExistingIssue {
  repository: string;
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  url?: string;
}

export interface RenderedIssue extends DesiredIssue {
  body: string;
}

export type Action =
  | { op: 'create'; key: string; repository: string; title: string; body: string; labels: string[]; assignees: string[]; priority: string; due_date: string; exposures: number }
  | { op: 'update'; key: string; repository: string; number: number; changes: { title?: string; body?: string; labels?: string[]; assignees?: string[] } }
  | { op: 'comment'; key: string; repository: string; number: number; body: string }
  | { op: 'reopen'; key: string; repository: string; number: number; comment: string }
  | { op: 'close'; key: string; repository: string; number: number; comment: string };

export interface Plan {
  actions: Action[];
  /** Desired issues already exactly right. */
  unchanged: number;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

export function reconcile(desired: readonly RenderedIssue[], existing: readonly ExistingIssue[]): Plan {
  const byKey = new Map<string, ExistingIssue>();
  for (const e of existing) {
    const m = parseMarker(e.body);
    if (!m) continue;
    const prev = byKey.get(m.key);
    // Should a duplicate ever exist, the open, oldest one is the one we keep working on.
    if (!prev || (prev.state === 'closed' && e.state === 'open') || (prev.state === e.state && e.number < prev.number)) byKey.set(m.key, e);
  }
  const actions: Action[] = [];
  let unchanged = 0;
  const wanted = new Set<string>();
  for (const d of desired) {
    wanted.add(d.key);
    const e = byKey.get(d.key);
    if (!e) {
      actions.push({ op: 'create', key: d.key, repository: d.repository, title: d.title, body: d.body, labels: d.labels, assignees: d.assignees, priority: d.priority, due_date: d.due_date, exposures: d.decisions.length });
      continue;
    }
    if (e.state === 'closed') {
      actions.push({ op: 'reopen', key: d.key, repository: e.repository, number: e.number, comment: `Reopened by ctem: the exposure is back (${d.decisions.length} open, ${d.priority}, due ${d.due_date}).` });
    }
    const changes: Extract<Action, { op: 'update' }>['changes'] = {};
    if (e.title !== d.title) changes.title = d.title;
    if (e.body !== d.body) changes.body = d.body;
    if (!sameSet(e.labels, d.labels)) changes.labels = d.labels;
    if (!sameSet(e.assignees, d.assignees)) changes.assignees = d.assignees;
    if (Object.keys(changes).length > 0) {
      actions.push({ op: 'update', key: d.key, repository: e.repository, number: e.number, changes });
      const old = parseMarker(e.body);
      if (old && e.state === 'open' && (old.priority !== d.priority || old.due !== d.due_date)) {
        actions.push({ op: 'comment', key: d.key, repository: e.repository, number: e.number, body: `Priority or due date changed: ${old.priority} due ${old.due} → ${d.priority} due ${d.due_date}.` });
      }
    } else if (e.state === 'open') {
      unchanged++;
    }
  }
  for (const [key, e] of byKey) {
    if (wanted.has(key) || e.state === 'closed') continue;
    actions.push({ op: 'close', key, repository: e.repository, number: e.number, comment: 'Closed by ctem: the exposures of this issue are no longer reported (fixed, excepted, or out of scope) in the latest run.' });
  }
  return { actions, unchanged };
}
