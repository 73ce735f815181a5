import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../engine/model/decision.ts';
import { issueMarker } from '../../../engine/mobilise/markers.ts';
import type { RenderedIssue } from '../../../engine/mobilise/plan.ts';
import { headline } from '../../../engine/plan/headline.ts';
import { compareDecisions, hasImpact } from '../../../engine/plan/impact.ts';
import { decision } from '../ledger/decisions.ts';

const fp = (n: number) => n.toString(16).padStart(20, '0');

function issue(key: string, ds: Decision[], over: Partial<RenderedIssue> = {}): RenderedIssue {
  const lead = ds[0]!;
  const base = { key, route: 'owner-repo', template: 'issue', repository: 'acme/api', title: `Fix ${key}`, labels: ['security'], assignees: [], teams: [], priority: lead.priority, due_date: lead.due_date, overdue: false, asset: lead.asset, scope: lead.scope, group_by: 'asset-package' as const, decisions: ds, ...over };
  return { ...base, body: `${base.title} ${base.priority}\n\n${issueMarker({ key, priority: base.priority, due: base.due_date })}` } as RenderedIssue;
}

describe('comparing the decisions of the base and the working tree', () => {
  const base = [decision(fp(1)), decision(fp(2)), decision(fp(3)), decision(fp(4), { status: 'excepted', exception: { id: 'e1', type: 'risk-accepted', file: 'exceptions/a.yaml', approver: 'lead', expires: '2027-01-01', reason: 'r', effect: 'suppress' } }), decision(fp(5))];
  const raised = (d: Decision) => ({ ...d, priority: 'P1' as const, due_date: '2026-11-08', sla_days: 7, rule: { ...d.rule, id: 'kev-internet-facing' } });
  const head = [raised(base[0]!), raised(base[1]!), decision(fp(3), { priority: 'P4', due_date: '2027-04-30', sla_days: 180 }), decision(fp(4)), base[4]!];
  const impact = compareDecisions({ decisions: base, issues: [] }, { decisions: head, issues: [] });

  it('lists exactly the exposures whose decision changes, most urgent first', () => {
    expect(impact.changes.map((c) => c.fingerprint)).toEqual([fp(1), fp(2), fp(4), fp(3)]);
    expect(impact.changes[0]).toMatchObject({ before: { priority: 'P3', rule: 'severe-elsewhere' }, after: { priority: 'P1', rule: 'kev-internet-facing' } });
    expect(impact.changes[0]!.changed).toEqual(['priority', 'due_date', 'sla_days', 'rule']);
  });

  it('counts by direction: raised to, lowered to, status transitions, due dates, exceptions', () => {
    expect(impact.raised).toEqual({ P1: 2, P2: 0, P3: 0, P4: 0 });
    expect(impact.lowered).toEqual({ P1: 0, P2: 0, P3: 0, P4: 1 });
    expect(impact.status).toEqual({ 'excepted → open': 1 });
    expect(impact.exception_changed).toBe(1);
    expect([impact.due_earlier, impact.due_later]).toEqual([2, 1]);
  });

  it('says it in one sentence', () => {
    expect(headline(impact)).toBe(
      'raises 2 exposures to P1, lowers 1 exposure to P4, 1 exposure excepted → open, brings 2 due dates forward, pushes 1 due date back, changes the exception of 1 exposure; no issue changes',
    );
  });

  it('finds no impact when nothing changes', () => {
    const none = compareDecisions({ decisions: base, issues: [] }, { decisions: base, issues: [] });
    expect(hasImpact(none)).toBe(false);
    expect(headline(none)).toBe('no decision changes; no issue changes');
  });
});

describe('the issue actions a change causes', () => {
  const a = decision(fp(1));
  const b = decision(fp(2));
  const c = decision(fp(3));
  const baseIssues = [issue('k-a', [a]), issue('k-b', [b])];
  const aRaised = { ...a, priority: 'P1' as const, due_date: '2026-11-08' };
  const headIssues = [issue('k-a', [aRaised]), issue('k-c', [c])];
  const impact = compareDecisions({ decisions: [a, b, c], issues: baseIssues }, { decisions: [aRaised, b, c], issues: headIssues });

  it('opens the issues only the working tree wants, closes those only the base wanted, updates the rest that differ', () => {
    expect(impact.issues.open.map((i) => i.key)).toEqual(['k-c']);
    expect(impact.issues.close.map((i) => i.key)).toEqual(['k-b']);
    expect(impact.issues.update.map((i) => i.key)).toEqual(['k-a']);
    expect(impact.issues.update[0]).toMatchObject({ priority: 'P1', before: { priority: 'P3', due_date: '2027-01-30' }, fields: ['priority', 'due date', 'body'] });
    expect(impact.issues.unchanged).toBe(0);
  });

  it('leaves identical issues alone', () => {
    const same = compareDecisions({ decisions: [a], issues: [issue('k-a', [a])] }, { decisions: [a], issues: [issue('k-a', [a])] });
    expect(same.issues).toEqual({ open: [], update: [], close: [], unchanged: 1 });
  });
});
