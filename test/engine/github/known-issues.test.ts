import { describe, expect, it } from 'vitest';
import { knownIssues } from '../../../engine/github/known-issues.ts';
import type { ActionOutcome } from '../../../engine/github/outcome.ts';
import { issueMarker } from '../../../engine/mobilise/markers.ts';
import type { ExistingIssue } from '../../../engine/mobilise/plan.ts';

const existing = (key: string, number: number, state: 'open' | 'closed' = 'open'): ExistingIssue => ({
  repository: 'acme/api',
  number,
  state,
  title: key,
  body: `body\n\n${issueMarker({ key, priority: 'P2', due: '2026-12-01', fps: [] })}`,
  labels: [],
  assignees: [],
  url: `https://github.example/acme/api/issues/${number}`,
});

const outcome = (over: Partial<ActionOutcome>): ActionOutcome => ({ target: 'issue', op: 'create', key: 'k', repository: 'acme/api', status: 'done', ...over });

describe('the issue behind each remediation unit after a run', () => {
  it('names every issue the run found, touched or not, so a quiet run records the same links', () => {
    const known = knownIssues([existing('quiet', 3), existing('updated', 4)], [outcome({ op: 'update', key: 'updated', number: 4, url: 'https://github.example/acme/api/issues/4' })]);
    expect(known).toEqual(
      new Map([
        ['quiet', { number: 3, url: 'https://github.example/acme/api/issues/3' }],
        ['updated', { number: 4, url: 'https://github.example/acme/api/issues/4' }],
      ]),
    );
  });

  it('adds the issues the run created or adopted after a lost answer, but not those deferred, skipped or failed', () => {
    const known = knownIssues(
      [],
      [
        outcome({ key: 'new', number: 7, url: 'https://github.example/acme/api/issues/7' }),
        outcome({ key: 'adopted', number: 8, url: 'https://github.example/acme/api/issues/8', status: 'already-done' }),
        outcome({ key: 'later', status: 'deferred' }),
        outcome({ key: 'broken', status: 'failed' }),
        outcome({ key: 'pr', target: 'pull-request', number: 9 }),
      ],
    );
    expect([...known.keys()].sort()).toEqual(['adopted', 'new']);
  });

  it('picks the issue reconciliation works on when a key has a duplicate: the open one', () => {
    expect(knownIssues([existing('twice', 2, 'closed'), existing('twice', 5)], []).get('twice')).toEqual({ number: 5, url: 'https://github.example/acme/api/issues/5' });
  });
});
