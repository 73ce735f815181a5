/** Issue search by update and creation time, as a bot asking "what changed since?" uses it. */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../tools/test-github/clock.ts';
import { parseTimeRange } from '../../../tools/test-github/search.ts';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const repo = { owner: 'acme', repo: 'web' };
const T = Date.parse('2026-11-28T10:00:00Z');

describe('date qualifiers', () => {
  it('read >, >=, <, <=, ranges and single days, with or without a time and a UTC offset', () => {
    expect(parseTimeRange('>=2026-11-28T10:00:00Z')).toEqual({ from: T, to: Infinity });
    expect(parseTimeRange('>2026-11-28T10:00:00Z')).toEqual({ from: T + 1000, to: Infinity });
    expect(parseTimeRange('<2026-11-28')).toEqual({ from: -Infinity, to: Date.parse('2026-11-28T00:00:00Z') - 1 });
    expect(parseTimeRange('<=2026-11-28')).toEqual({ from: -Infinity, to: Date.parse('2026-11-29T00:00:00Z') - 1 });
    expect(parseTimeRange('2026-11-28T11:00:00+01:00..*')).toEqual({ from: T, to: Infinity });
    expect(parseTimeRange('2026-11-28')).toEqual({ from: Date.parse('2026-11-28T00:00:00Z'), to: Date.parse('2026-11-29T00:00:00Z') - 1 });
    expect(parseTimeRange('yesterday')).toBeUndefined();
    expect(parseTimeRange('>=2026-11-28T10:00:00 00:00')).toBeUndefined();
  });

  it('find the issues updated since a time, newest first, and refuse a date they cannot read', async () => {
    const clock = manualClock(new Date(T));
    const gh = await startGitHub({ clock });
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'old', body: 'b', labels: ['ctem'] });
    clock.advance(3600_000);
    await o.issues.create({ ...repo, title: 'new', body: 'b', labels: ['ctem'] });
    clock.advance(60_000);
    await o.issues.update({ ...repo, issue_number: 1, title: 'old, edited' });

    const since = (t: string) => o.search.issuesAndPullRequests({ q: `is:issue label:"ctem" updated:>=${t} repo:acme/web`, sort: 'updated', order: 'desc' });
    expect((await since('2026-11-28T10:30:00Z')).data.items.map((i) => i.title)).toEqual(['old, edited', 'new']);
    expect((await since('2026-11-28T11:00:30Z')).data.items.map((i) => i.title)).toEqual(['old, edited']);
    expect((await since('2026-11-28T12:00:00Z')).data.total_count).toBe(0);
    expect((await o.search.issuesAndPullRequests({ q: 'is:issue created:<2026-11-28T10:30:00Z repo:acme/web' })).data.items.map((i) => i.title)).toEqual(['old, edited']);
    const bad = await errorOf(o.search.issuesAndPullRequests({ q: 'is:issue updated:>=soon repo:acme/web' }));
    expect(bad.status).toBe(422);
    expectNoViolations(gh);
  });

  it('lag behind changes as well as creations (searchLagMs)', async () => {
    const clock = manualClock(new Date(T));
    const gh = await startGitHub({ clock, searchLagMs: 60_000 });
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'one', body: 'b', labels: ['ctem'] });
    clock.advance(120_000);
    const q = 'is:issue label:ctem repo:acme/web';
    expect((await o.search.issuesAndPullRequests({ q })).data.total_count).toBe(1);
    await o.issues.update({ ...repo, issue_number: 1, state: 'closed' });
    expect((await o.search.issuesAndPullRequests({ q })).data.total_count).toBe(0);
    clock.advance(60_000);
    expect((await o.search.issuesAndPullRequests({ q })).data.items.map((i) => i.state)).toEqual(['closed']);
    expectNoViolations(gh);
  });
});

describe('issues without a description', () => {
  it('come back from search with a null body, as GitHub sends them, without a contract violation', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'no description', labels: ['ctem'] });
    const found = await o.search.issuesAndPullRequests({ q: 'is:issue label:ctem repo:acme/web' });
    expect(found.data.items.map((i) => [i.title, i.body])).toEqual([['no description', null]]);
    expectNoViolations(gh);
  });
});
