import { describe, expect, it } from 'vitest';
import { runActions } from '../../../engine/ledger/run-record.ts';
import type { Action } from '../../../engine/mobilise/plan.ts';

const create: Action = { op: 'create', key: 'new', repository: 'acme/api', title: 'Upgrade x', body: 'b', labels: [], assignees: [], priority: 'P2', due_date: '2026-12-01', exposures: 1 };
const escalate: Action = { op: 'comment', purpose: 'escalate', key: 'late', repository: 'acme/api', number: 3, body: 'overdue', add_labels: ['overdue'] };
const change: Action = { op: 'comment', purpose: 'change', key: 'late', repository: 'acme/api', number: 3, body: 'P3 → P2' };
const close: Action = { op: 'close', key: 'gone', repository: 'acme/api', number: 4, comment: 'fixed' };

describe("a run record's actions", () => {
  it('a dry run: what was planned, new issues without a number', () => {
    expect(runActions([create, close])).toEqual([
      { op: 'create', key: 'new', repository: 'acme/api', number: undefined, url: undefined, title: 'Upgrade x', priority: 'P2', due_date: '2026-12-01' },
      { op: 'close', key: 'gone', repository: 'acme/api', number: 4, url: undefined },
    ]);
  });

  it('a real run: each action with the issue number and URL, and what became of it', () => {
    const known = new Map([
      ['new', { number: 9, url: 'https://github.example/acme/api/issues/9' }],
      ['late', { number: 3, url: 'https://github.example/acme/api/issues/3' }],
    ]);
    const outcomes = [
      { target: 'issue' as const, op: 'create', key: 'new', status: 'done' as const },
      { target: 'issue' as const, op: 'comment', key: 'late', status: 'done' as const },
      { target: 'issue' as const, op: 'escalate', key: 'late', status: 'failed' as const },
      { target: 'pull-request' as const, op: 'close', key: 'gone', status: 'done' as const },
    ];
    expect(runActions([create, change, escalate, close], known, outcomes).map((a) => [a.op, a.key, a.number, a.url, a.status])).toEqual([
      ['create', 'new', 9, 'https://github.example/acme/api/issues/9', 'done'],
      ['comment', 'late', 3, 'https://github.example/acme/api/issues/3', 'done'],
      ['comment', 'late', 3, 'https://github.example/acme/api/issues/3', 'failed'],
      ['close', 'gone', 4, undefined, undefined],
    ]);
  });
});
