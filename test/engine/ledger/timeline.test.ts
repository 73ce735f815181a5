import { describe, expect, it } from 'vitest';
import { toLedgerRecord } from '../../../engine/ledger/record.ts';
import { buildTimeline, parseAt, pointAt, type HistoryPoint } from '../../../engine/ledger/timeline.ts';
import { decision } from './decisions.ts';

const FP = '0123456789abcdef0123';
const p1 = toLedgerRecord(decision(FP), null);
const p2 = toLedgerRecord(decision(FP, { priority: 'P1', due_date: '2026-11-08', sla_days: 7, rule: { id: 'kev-internet-facing', file: 'policies/10-exploitation.yaml', policy: 'exploitation', commit: 'abcabcabcabc' } }), null);
const points: HistoryPoint[] = [
  { commit: 'c1', run_at: '2026-11-01T06:00:00.000Z', record: p1 },
  { commit: 'c2', run_at: '2026-11-03T06:00:00.000Z', record: p2 },
  { commit: 'c3', run_at: '2026-11-05T06:00:00.000Z', record: null },
  { commit: 'c4', run_at: '2026-11-07T06:00:00.000Z', record: p2 },
];

describe("an exposure's timeline", () => {
  const t = buildTimeline(points);

  it('says when it opened, what each run changed, when it closed and when it came back', () => {
    expect(t.map((e) => e.event)).toEqual(['opened', 'changed', 'closed', 'reopened']);
  });

  it('lists the fields that changed, from and to', () => {
    expect(t[1]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'priority', from: 'P3', to: 'P1' },
        { field: 'rule', from: 'severe-elsewhere (policies/50-baseline.yaml)', to: 'kev-internet-facing (policies/10-exploitation.yaml)' },
        { field: 'rule commit', from: '3f2a1c9d0e4b', to: 'abcabcabcabc' },
        { field: 'due_date', from: '2027-01-30', to: '2026-11-08' },
      ]),
    );
    expect(t[1]!.changes.map((c) => c.field)).not.toContain('status');
  });
});

describe('the decision at a date', () => {
  it('is the record of the last run at or before it', () => {
    expect(pointAt(points, parseAt('2026-11-01')!)?.commit).toBe('c1');
    expect(pointAt(points, parseAt('2026-11-04')!)?.commit).toBe('c2');
    expect(pointAt(points, parseAt('2026-11-05T06:00:00Z')!)?.record).toBeNull();
    expect(pointAt(points, parseAt('2026-10-31')!)).toBeUndefined();
  });

  it('reads a date as the end of that UTC day, and a timestamp with any offset exactly', () => {
    expect(parseAt('2026-11-28')).toBe('2026-11-28T23:59:59.999Z');
    expect(parseAt('2026-11-28T10:00:00+02:00')).toBe('2026-11-28T08:00:00.000Z');
    for (const bad of ['yesterday', '2026-13-01', '28/11/2026', '2026-11-28T10:00']) expect(parseAt(bad)).toBeUndefined();
  });
});
