import { describe, expect, it } from 'vitest';
import { reconcile, type ExistingIssue, type RenderedIssue } from '../../../engine/mobilise/plan.ts';
import { marker } from '../../../engine/mobilise/render.ts';

const desired = (key: string, over: Partial<RenderedIssue> = {}): RenderedIssue => ({
  key,
  route: 'r',
  template: 'issue',
  repository: 'acme/api',
  title: `Upgrade ${key}`,
  labels: ['ctem', 'priority:P2'],
  assignees: ['alice'],
  priority: 'P2',
  due_date: '2026-12-28',
  overdue: false,
  asset: 'api',
  scope: 'web',
  group_by: 'asset-package',
  decisions: [],
  body: `body of ${key}\n\n${marker({ key, priority: over.priority ?? 'P2', due: over.due_date ?? '2026-12-28' })}`,
  ...over,
});

const existingFrom = (d: RenderedIssue, number: number, over: Partial<ExistingIssue> = {}): ExistingIssue => ({
  repository: d.repository,
  number,
  state: 'open',
  title: d.title,
  body: d.body,
  labels: [...d.labels].reverse(),
  assignees: d.assignees,
  ...over,
});

describe('reconciling desired issues with GitHub', () => {
  it('creates every desired issue when none exists', () => {
    const plan = reconcile([desired('a'), desired('b')], []);
    expect(plan.actions.map((a) => [a.op, a.key])).toEqual([['create', 'a'], ['create', 'b']]);
  });

  it('does nothing when every issue is already right (labels in another order included)', () => {
    const d = [desired('a'), desired('b')];
    const plan = reconcile(d, [existingFrom(d[0]!, 1), existingFrom(d[1]!, 2)]);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(2);
  });

  it('updates only the fields that changed', () => {
    const old = desired('a');
    const now = desired('a', { labels: ['ctem', 'priority:P2', 'known-exploited'] });
    const plan = reconcile([now], [existingFrom(old, 7)]);
    expect(plan.actions).toEqual([{ op: 'update', key: 'a', repository: 'acme/api', number: 7, changes: { labels: now.labels } }]);
  });

  it('comments when the priority or due date changes', () => {
    const old = desired('a');
    const now = desired('a', { priority: 'P1', due_date: '2026-12-05' });
    const ops = reconcile([now], [existingFrom(old, 7)]).actions.map((a) => a.op);
    expect(ops).toEqual(['update', 'comment']);
  });

  it('closes an open issue whose exposures are gone, and leaves foreign issues alone', () => {
    const gone = desired('gone');
    const foreign: ExistingIssue = { repository: 'acme/api', number: 9, state: 'open', title: 'a human issue', body: 'no marker', labels: [], assignees: [] };
    const plan = reconcile([], [existingFrom(gone, 3), foreign]);
    expect(plan.actions).toEqual([expect.objectContaining({ op: 'close', number: 3 })]);
  });

  it('reopens a closed issue when the exposure comes back', () => {
    const d = desired('a');
    const plan = reconcile([d], [existingFrom(d, 4, { state: 'closed' })]);
    expect(plan.actions.map((a) => a.op)).toEqual(['reopen']);
  });

  it('works on the oldest open issue if a duplicate ever exists, and never creates another', () => {
    const d = desired('a');
    const plan = reconcile([d], [existingFrom(d, 12), existingFrom(d, 5)]);
    expect(plan.actions).toEqual([]);
  });
});
