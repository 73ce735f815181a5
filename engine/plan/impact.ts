/**
 * The impact of a configuration change: the same exposures decided under the base
 * configuration and under the working tree, compared. Which decisions change
 * (priority, status, due date, exception) and in which direction, and which issue
 * actions the next run would take — computed by reconciling the working tree's
 * desired issues against the issues the base configuration would have opened,
 * exactly as a run reconciles against GitHub. Pure.
 */
import { PRIORITIES, type Priority } from '../config/schema/common.ts';
import type { Decision } from '../model/decision.ts';
import { defineBodyFrom } from '../mobilise/lazy-body.ts';
import { reconcile, type Action, type ExistingIssue, type RenderedIssue } from '../mobilise/plan.ts';
import { priorityRank } from '../policy/compile-policy.ts';

export interface DecisionSide {
  decisions: readonly Decision[];
  issues: readonly RenderedIssue[];
}

export type ChangedField = 'priority' | 'status' | 'due_date' | 'sla_days' | 'exception' | 'rule' | 'route';

export interface DecisionView {
  priority: Priority;
  status: Decision['status'];
  due_date: string;
  sla_days: number;
  rule: string;
  rule_file: string;
  exception: string | null;
  route: string | null;
}

export interface ExposureChange {
  fingerprint: string;
  asset: string;
  scope: string | null;
  /** The vulnerability or rule id the scanner reported (untrusted). */
  finding: string;
  before: DecisionView | null;
  after: DecisionView | null;
  changed: ChangedField[];
}

export interface IssueChange {
  key: string;
  repository: string;
  title: string;
  priority: string;
  due_date: string;
  exposures: number;
  /** For updates: what changes, and the priority and due date before. */
  fields?: string[];
  before?: { title: string; priority: string; due_date: string };
}

export interface Impact {
  exposures: number;
  changes: ExposureChange[];
  /** Open in both, priority moved: counts by the priority it moves to. */
  raised: Record<Priority, number>;
  lowered: Record<Priority, number>;
  /** Status transitions, `excepted → open`: count. */
  status: Record<string, number>;
  /** Open in both, due date moved. */
  due_earlier: number;
  due_later: number;
  exception_changed: number;
  /** Same priority, status, due date and exception, but decided by another rule. */
  rule_only: number;
  /** Routed elsewhere (another repository or grouping). */
  route_changed: number;
  /** Excepted or suppressed on both sides, priority moved (no issue either way). */
  priority_not_open: number;
  issues: { open: IssueChange[]; update: IssueChange[]; close: IssueChange[]; unchanged: number };
}

const view = (d: Decision): DecisionView => ({
  priority: d.priority,
  status: d.status,
  due_date: d.due_date,
  sla_days: d.sla_days,
  rule: d.rule.id,
  rule_file: d.rule.file,
  exception: d.exception?.id ?? null,
  route: d.route,
});

const zero = (): Record<Priority, number> => Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;

export function compareDecisions(base: DecisionSide, head: DecisionSide): Impact {
  const before = new Map(base.decisions.map((d) => [d.fingerprint, d]));
  const after = new Map(head.decisions.map((d) => [d.fingerprint, d]));
  const impact: Impact = {
    exposures: after.size,
    changes: [],
    raised: zero(),
    lowered: zero(),
    status: {},
    due_earlier: 0,
    due_later: 0,
    exception_changed: 0,
    rule_only: 0,
    route_changed: 0,
    priority_not_open: 0,
    issues: compareIssues(base.issues, head.issues),
  };
  const fingerprints = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const fp of fingerprints) {
    const b = before.get(fp);
    const a = after.get(fp);
    const bv = b ? view(b) : null;
    const av = a ? view(a) : null;
    const changed: ChangedField[] = [];
    if (bv && av) {
      for (const f of ['priority', 'status', 'due_date', 'sla_days', 'exception', 'rule', 'route'] as const) {
        if (bv[f] !== av[f] || (f === 'rule' && bv.rule_file !== av.rule_file)) changed.push(f);
      }
      if (changed.length === 0) continue;
      const bothOpen = bv.status === 'open' && av.status === 'open';
      if (bothOpen && bv.priority !== av.priority) {
        if (priorityRank(av.priority) < priorityRank(bv.priority)) impact.raised[av.priority]++;
        else impact.lowered[av.priority]++;
      }
      if (bv.status === av.status && !bothOpen && bv.priority !== av.priority) impact.priority_not_open++;
      if (bv.status !== av.status) {
        const k = `${bv.status} → ${av.status}`;
        impact.status[k] = (impact.status[k] ?? 0) + 1;
      }
      if (bothOpen && bv.due_date !== av.due_date) {
        if (av.due_date < bv.due_date) impact.due_earlier++;
        else impact.due_later++;
      }
      if (bv.exception !== av.exception) impact.exception_changed++;
      if (changed.every((c) => c === 'rule')) impact.rule_only++;
      if (changed.includes('route')) impact.route_changed++;
    } else {
      // The same findings are decided on both sides, so this happens only if scoping drops an exposure.
      changed.push('status');
    }
    const d = (a ?? b)!;
    impact.changes.push({
      fingerprint: fp,
      asset: d.asset,
      scope: d.scope,
      finding: d.finding.vulnerability_id ?? d.finding.rule_id,
      before: bv,
      after: av,
      changed,
    });
  }
  impact.changes.sort(
    (x, y) =>
      rankOf(x.after) - rankOf(y.after) || rankOf(x.before) - rankOf(y.before) || x.asset.localeCompare(y.asset) || x.fingerprint.localeCompare(y.fingerprint),
  );
  return impact;
}

/** Open exposures first, most urgent first. */
const rankOf = (v: DecisionView | null) => (v === null ? 9 : v.status === 'open' ? priorityRank(v.priority) : 5);

/**
 * The issue actions the next run would take after the base configuration's issues
 * had been opened: reconcile the head's desired issues against the base's, as if
 * they existed on GitHub. Numbers are placeholders, so results name issues by key.
 */
export function compareIssues(base: readonly RenderedIssue[], head: readonly RenderedIssue[]): Impact['issues'] {
  // Each body is rendered when reconcile reads it, not held: at a million exposures the base's issues'
  // bodies together were over half a gigabyte of heap (docs/plan.md, "At scale").
  const existing: ExistingIssue[] = base.map((i, n) =>
    defineBodyFrom({ repository: i.repository, number: n + 1, state: 'open' as const, title: i.title, labels: i.labels, assignees: i.assignees }, i),
  );
  const baseByKey = new Map(base.map((i) => [i.key, i]));
  const headByKey = new Map(head.map((i) => [i.key, i]));
  const plan = reconcile(head, existing);
  const out: Impact['issues'] = { open: [], update: [], close: [], unchanged: plan.unchanged };
  const describe = (i: RenderedIssue): IssueChange => ({
    key: i.key,
    repository: i.repository,
    title: i.title,
    priority: i.priority,
    due_date: i.due_date,
    exposures: i.decisions.length,
  });
  for (const a of plan.actions as Action[]) {
    if (a.op === 'create') out.open.push(describe(headByKey.get(a.key)!));
    else if (a.op === 'close') out.close.push(describe(baseByKey.get(a.key)!));
    else if (a.op === 'update') {
      const h = headByKey.get(a.key)!;
      const b = baseByKey.get(a.key)!;
      const fields: string[] = [];
      if (b.priority !== h.priority) fields.push('priority');
      if (b.due_date !== h.due_date) fields.push('due date');
      for (const f of Object.keys(a.changes)) fields.push(f);
      out.update.push({ ...describe(h), fields, before: { title: b.title, priority: b.priority, due_date: b.due_date } });
    }
  }
  return out;
}

export const hasImpact = (i: Impact): boolean =>
  i.changes.length > 0 || i.issues.open.length > 0 || i.issues.update.length > 0 || i.issues.close.length > 0;
