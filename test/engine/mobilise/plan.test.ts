import { describe, expect, it } from 'vitest';
import { capCreations, reconcile, type Action, type ExistingIssue, type RenderedIssue } from '../../../engine/mobilise/plan.ts';
import { marker } from '../../../engine/mobilise/render.ts';
import { parseCommentMarker, parseIssueMarker } from '../../../engine/mobilise/markers.ts';
import { asset, decision, rendered } from './factory.ts';

const desired = (key: string, over: Partial<RenderedIssue> = {}): RenderedIssue => ({
  key,
  route: 'r',
  template: 'issue',
  repository: 'acme/api',
  title: `Upgrade ${key}`,
  labels: ['ctem', 'priority:P2'],
  assignees: ['alice'],
  teams: ['acme/web-team'],
  priority: 'P2',
  due_date: '2026-12-28',
  overdue: false,
  asset: 'api',
  scope: 'web',
  group_by: 'asset-package',
  decisions: [],
  body: `body of ${key}\n\n${marker({ key, priority: over.priority ?? 'P2', due: over.due_date ?? '2026-12-28', fps: ['f1', 'f2'] })}`,
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

const ops = (actions: Action[]) => actions.map((a) => (a.op === 'comment' && a.purpose ? `${a.op}:${a.purpose}` : a.op));

describe('reconciling desired issues with GitHub', () => {
  it('creates every desired issue when none exists', () => {
    const plan = reconcile([desired('a'), desired('b')], []);
    expect(plan.actions.map((a) => [a.op, a.key])).toEqual([['create', 'a'], ['create', 'b']]);
  });

  it('does nothing when every issue is already right (labels in another order or case included)', () => {
    const d = [desired('a'), desired('b')];
    const plan = reconcile(d, [existingFrom(d[0]!, 1), existingFrom(d[1]!, 2, { labels: ['CTEM', 'Priority:P2'], body: d[1]!.body.replace(/\n/g, '\r\n') })]);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(2);
  });

  it('updates only the fields that changed', () => {
    const old = desired('a');
    const now = desired('a', { labels: ['ctem', 'priority:P2', 'known-exploited'] });
    const plan = reconcile([now], [existingFrom(old, 7)]);
    expect(plan.actions).toEqual([{ op: 'update', key: 'a', repository: 'acme/api', number: 7, changes: { labels: now.labels } }]);
  });

  it('comments on a priority or due date change before the update, so a crash between them is recognisable', () => {
    const old = desired('a');
    const now = desired('a', { priority: 'P1', due_date: '2026-12-05' });
    const plan = reconcile([now], [existingFrom(old, 7)]);
    expect(ops(plan.actions)).toEqual(['comment:change', 'update']);
    const comment = plan.actions[0] as Extract<Action, { op: 'comment' }>;
    expect(comment.body).toContain('P2 due 2026-12-28 → **P1** due **2026-12-05**');
    expect(parseCommentMarker(comment.body)).toEqual({ key: 'a', kind: 'change', ref: 'P2/2026-12-28->P1/2026-12-05' });
  });

  it('closes an open issue whose exposures are gone, with the evidence, and leaves foreign issues alone', () => {
    const gone = desired('gone');
    const foreign: ExistingIssue = { repository: 'acme/api', number: 9, state: 'open', title: 'a human issue', body: 'no marker', labels: [], assignees: [] };
    const plan = reconcile([], [existingFrom(gone, 3, { updated_at: '2026-11-20T08:00:00Z' }), foreign], { today: '2026-11-28' });
    expect(plan.actions).toEqual([expect.objectContaining({ op: 'close', number: 3 })]);
    const comment = (plan.actions[0] as Extract<Action, { op: 'close' }>).comment;
    expect(comment).toMatch(/^Closed by ctem on 2026-11-28: none of the 2 exposure\(s\)/);
    expect(comment).toContain('No longer reported: `f1`, `f2`.');
    expect(comment).toContain('Last confirmed by ctem: 2026-11-20.');
    expect(parseCommentMarker(comment)).toEqual({ key: 'gone', kind: 'close' });
  });

  it('says when the exposures were last seen when the ledger knows', () => {
    const plan = reconcile([], [existingFrom(desired('gone'), 3)], { lastSeen: new Map([['f1', '2026-11-25'], ['f2', '2026-11-26']]) });
    expect((plan.actions[0] as Extract<Action, { op: 'close' }>).comment).toContain('Last seen: 2026-11-26.');
  });

  it('reopens a closed issue when the exposure comes back, with a comment', () => {
    const d = desired('a');
    const plan = reconcile([d], [existingFrom(d, 4, { state: 'closed' })]);
    expect(plan.actions.map((a) => a.op)).toEqual(['reopen']);
    expect(parseCommentMarker((plan.actions[0] as Extract<Action, { op: 'reopen' }>).comment)).toEqual({ key: 'a', kind: 'reopen' });
  });

  it('works on the oldest open issue if a duplicate ever exists, and never creates another', () => {
    const d = desired('a');
    const plan = reconcile([d], [existingFrom(d, 12), existingFrom(d, 5)]);
    expect(plan.actions).toEqual([]);
  });

  it('escalates an overdue issue once: a comment mentioning the owner team, then the overdue label', () => {
    const before = desired('a');
    const overdue = desired('a', { overdue: true, labels: ['ctem', 'overdue', 'priority:P2'] });
    const plan = reconcile([overdue], [existingFrom(before, 7)]);
    expect(ops(plan.actions)).toEqual(['comment:escalate']);
    const esc = plan.actions[0] as Extract<Action, { op: 'comment' }>;
    expect(esc.body).toMatch(/^⚠️ @acme\/web-team: this issue is \*\*overdue\*\*/);
    expect(esc.add_labels).toEqual(['overdue']);
    expect(parseCommentMarker(esc.body)).toEqual({ key: 'a', kind: 'escalate' });
    // Once labelled, nothing more is said.
    expect(reconcile([overdue], [existingFrom(overdue, 7)]).actions).toEqual([]);
  });

  it('does not let an update add the overdue label ahead of the escalation comment', () => {
    const overdue = desired('a', { overdue: true, title: 'new title', labels: ['ctem', 'overdue', 'priority:P2'] });
    const plan = reconcile([overdue], [existingFrom(desired('a'), 7)]);
    expect(ops(plan.actions)).toEqual(['update', 'comment:escalate']);
    expect((plan.actions[0] as Extract<Action, { op: 'update' }>).changes).toEqual({ title: 'new title' });
  });

  it('removes the overdue label when the issue is no longer overdue', () => {
    const was = desired('a', { overdue: true, labels: ['ctem', 'overdue', 'priority:P2'] });
    const plan = reconcile([desired('a')], [existingFrom(was, 7)]);
    expect(plan.actions).toEqual([expect.objectContaining({ op: 'update', changes: { labels: ['ctem', 'priority:P2'] } })]);
  });
});

describe('the per-run cap on new issues', () => {
  it('keeps the most urgent creations and defers the rest, leaving other actions alone', () => {
    const plan = reconcile([desired('p1', { priority: 'P1' }), desired('p2'), desired('p3', { priority: 'P3' }), desired('kept')], [existingFrom(desired('gone'), 3)]);
    const capped = capCreations({ ...plan, actions: [...plan.actions] }, 2);
    expect(capped.plan.actions.map((a) => `${a.op}:${a.key}`)).toEqual(['create:p1', 'create:p2', 'close:gone']);
    expect(capped.deferred.map((a) => a.key)).toEqual(['p3', 'kept']);
    expect(capCreations(plan, undefined).deferred).toEqual([]);
  });
});

describe('desired issues from decisions', () => {
  it('groups per asset and package, with the tracking label, scope owner and CODEOWNERS owners', () => {
    const ds = [
      decision({ fingerprint: 'aaaa1', asset: 'web', pkg: 'lodash' }),
      decision({ fingerprint: 'aaaa2', asset: 'web', pkg: 'lodash', priority: 'P1', kev: true }),
      decision({ fingerprint: 'bbbb1', asset: 'web', pkg: 'jquery' }),
    ];
    const issues = rendered(ds, [asset('web', 'acme/web', { codeowners: '@acme/frontend @carol someone@example.com @not/a/team' })]);
    expect(issues.map((i) => i.title)).toEqual(['Upgrade lodash in web: fixes 2 vulnerabilities, 1 known-exploited', 'Upgrade jquery in web: fixes 1 vulnerability']);
    const lodash = issues[0]!;
    expect(lodash.labels).toEqual(['ctem', 'priority:P1', 'scope:web', 'security']);
    expect(lodash.assignees).toEqual(['alice', 'carol']);
    expect(lodash.teams).toEqual(['acme/frontend', 'acme/web-team']);
    expect(lodash.body).toContain('Owner: @acme/frontend @acme/web-team');
    expect(parseIssueMarker(lodash.body)).toEqual({ key: lodash.key, priority: 'P1', due: '2026-12-01', fps: ['aaaa1', 'aaaa2'] });
  });

  it('labels overdue issues, and keeps the key stable when the content changes', () => {
    const a = rendered([decision({ fingerprint: 'aaaa1', asset: 'web', pkg: 'lodash' })], [asset('web', 'acme/web')])[0]!;
    const b = rendered([decision({ fingerprint: 'aaaa1', asset: 'web', pkg: 'lodash', overdue: true, priority: 'P1' }), decision({ fingerprint: 'cccc1', asset: 'web', pkg: 'lodash' })], [asset('web', 'acme/web')])[0]!;
    expect(b.key).toBe(a.key);
    expect(b.labels).toContain('overdue');
    expect(a.labels).not.toContain('overdue');
  });

  it('renders the same body whatever the date of the run, so a quiet day rewrites nothing', () => {
    const ds = [decision({ fingerprint: 'aaaa1', asset: 'web', pkg: 'lodash' })];
    const one = rendered(ds, [asset('web', 'acme/web')])[0]!.body;
    expect(one).not.toContain('2026-11-28');
  });
});
