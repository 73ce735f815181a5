import { describe, expect, it } from 'vitest';
import { repositoryOfUrl } from '../../../engine/github/change-search.ts';
import {
  changedRepositories,
  changedSince,
  changeSearchQuery,
  missedBySearch,
  planListing,
  searchTime,
  SEARCH_MARGIN_MS,
  SEARCH_QUERY_MAX,
} from '../../../engine/github/listing-plan.ts';
import { emptySnapshot, type ListingSnapshot } from '../../../engine/github/snapshot.ts';
import type { ListedItem } from '../../../engine/github/tracked.ts';

const T = Date.parse('2026-11-28T10:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const item = (number: number, updated: number, over: Partial<ListedItem> = {}): ListedItem => ({
  number,
  state: 'open',
  title: `t${number}`,
  body: '',
  labels: [{ name: 'ctem' }, { name: 'priority:P2' }],
  assignees: [{ login: 'alice' }],
  updated_at: iso(updated).replace('.000Z', 'Z'),
  ...over,
});

function snapshotOf(repos: Record<string, { listedAt?: number; items?: ListedItem[] }>, asOf = T): ListingSnapshot {
  const s = emptySnapshot({ api: 'https://api.github.com', label: 'ctem' }, iso(asOf));
  for (const [repository, r] of Object.entries(repos)) s.repositories.set(repository.toLowerCase(), { repository, listedAt: iso(r.listedAt ?? asOf), items: r.items ?? [] });
  return s;
}

describe('planning the listing', () => {
  it('lists everything, and says why, without a usable snapshot', () => {
    expect(planListing({ repositories: ['acme/a', 'acme/b'], loaded: { usable: false, reason: 'no snapshot of an earlier listing' }, label: 'ctem', nowMs: T })).toEqual({
      full: [
        { repository: 'acme/a', reason: 'no snapshot of an earlier listing' },
        { repository: 'acme/b', reason: 'no snapshot of an earlier listing' },
      ],
      reuse: [],
      reason: 'no snapshot of an earlier listing',
    });
  });

  it('reuses the snapshot and searches from a margin before it; lists only repositories new to it or not listed in full for 7 days', () => {
    const s = snapshotOf({ 'acme/a': {}, 'acme/Old': { listedAt: T - 8 * DAY } });
    const plan = planListing({ repositories: ['acme/a', 'acme/old', 'acme/new'], loaded: { usable: true, snapshot: s }, label: 'ctem', nowMs: T + DAY });
    expect(plan.full).toEqual([
      { repository: 'acme/old', reason: 'not listed in full for 7 days' },
      { repository: 'acme/new', reason: 'not in the snapshot' },
    ]);
    expect(plan.reuse.map((r) => r.repository)).toEqual(['acme/a']);
    expect(plan.search).toEqual({ q: 'is:issue label:"ctem" updated:>=2026-11-28T09:00:00+00:00 repo:acme/a', since: '2026-11-28T09:00:00+00:00' });
  });

  it('lists everything when the snapshot is older than 7 days or dated in the future', () => {
    const s = snapshotOf({ 'acme/a': {} });
    expect(planListing({ repositories: ['acme/a'], loaded: { usable: true, snapshot: s }, label: 'ctem', nowMs: T + 7 * DAY + 1 }).reason).toBe('the snapshot is more than 7 days old');
    expect(planListing({ repositories: ['acme/a'], loaded: { usable: true, snapshot: s }, label: 'ctem', nowMs: T - 2 * SEARCH_MARGIN_MS }).reason).toBe('the snapshot is dated in the future');
  });
});

describe('the change search query', () => {
  it('names the repositories while they fit in 256 characters, then their owners, then gives up', () => {
    expect(changeSearchQuery('ctem', T, ['acme/web', 'acme/api'])).toBe('is:issue label:"ctem" updated:>=2026-11-28T10:00:00+00:00 repo:acme/web repo:acme/api');
    const many = Array.from({ length: 29 }, (_, i) => `acme-robotics/service-number-${i}`);
    expect(changeSearchQuery('ctem', T, [...many, 'Other-Org/x'])).toBe('is:issue label:"ctem" updated:>=2026-11-28T10:00:00+00:00 org:acme-robotics org:other-org');
    const owners = Array.from({ length: 40 }, (_, i) => `owner-${i}/repo-with-a-long-name`);
    expect(changeSearchQuery('ctem', T, owners)).toBeUndefined();
    for (const q of [changeSearchQuery('ctem', T, many)!]) expect(q.length).toBeLessThanOrEqual(SEARCH_QUERY_MAX);
  });

  it('quotes the label, and refuses one that cannot be quoted', () => {
    expect(changeSearchQuery('needs triage', T, ['a/b'])).toContain('label:"needs triage"');
    expect(changeSearchQuery('say "hi"', T, ['a/b'])).toBeUndefined();
  });

  it('writes times as GitHub documents them, in UTC to the second', () => {
    expect(searchTime(T + 1234)).toBe('2026-11-28T10:00:01+00:00');
  });
});

describe('what the search says changed', () => {
  const known = item(1, T);

  it('an issue updated after the snapshot, or one it does not have', () => {
    expect(changedSince(item(1, T + 1000), known)).toBe(true);
    expect(changedSince(item(1, T), undefined)).toBe(true);
    expect(changedSince(item(1, T, { updated_at: undefined }), known)).toBe(true);
  });

  it('not an older copy: the index lagging behind a write the snapshot already has', () => {
    expect(changedSince(item(1, T - 60_000, { state: 'closed' }), known)).toBe(false);
  });

  it('in the same second, only if it differs (state, title, labels, assignees)', () => {
    expect(changedSince(item(1, T), known)).toBe(false);
    expect(changedSince(item(1, T, { labels: [{ name: 'PRIORITY:P2' }, { name: 'ctem' }] }), known)).toBe(false);
    expect(changedSince(item(1, T, { state: 'closed' }), known)).toBe(true);
    expect(changedSince(item(1, T, { title: 'renamed' }), known)).toBe(true);
    expect(changedSince(item(1, T, { labels: [{ name: 'ctem' }] }), known)).toBe(true);
    expect(changedSince(item(1, T, { assignees: [] }), known)).toBe(true);
  });

  it('names the reused repositories with a change, ignoring hits elsewhere (an org: search reaches other repositories)', () => {
    const s = snapshotOf({ 'acme/a': { items: [item(1, T), item(2, T)] }, 'acme/b': { items: [item(1, T)] } });
    const reuse = [...s.repositories.values()];
    const hits = [
      { repository: 'acme/a', item: item(1, T) },
      { repository: 'ACME/B', item: item(1, T + 5000) },
      { repository: 'acme/elsewhere', item: item(9, T + 5000) },
    ];
    expect([...changedRepositories(hits, reuse)]).toEqual(['acme/b']);
  });

  it('counts issues the snapshot knows changed in the window, long enough ago to be indexed, that the search did not return', () => {
    const s = snapshotOf({ 'acme/a': { items: [item(1, T - 2 * HOUR), item(2, T - 30 * 60_000), item(3, T - 60_000), item(4, T - 30 * 60_000, { pull_request: { merged_at: null } })] } });
    const reuse = [...s.repositories.values()];
    const since = T - HOUR;
    const settled = T - 10 * 60_000;
    // #1 is before the window, #3 too recent to be sure of, #4 a pull request (search asks for issues).
    expect(missedBySearch([], reuse, since, settled)).toBe(1);
    expect(missedBySearch([{ repository: 'acme/A', item: item(2, T) }], reuse, since, settled)).toBe(0);
  });
});

describe('search results', () => {
  it('say their repository by URL', () => {
    expect(repositoryOfUrl('https://api.github.com/repos/acme/web')).toBe('acme/web');
    expect(repositoryOfUrl('http://127.0.0.1:3999/repos/acme/my.repo/')).toBe('acme/my.repo');
    expect(repositoryOfUrl('https://api.github.com/repos/acme')).toBeUndefined();
    expect(repositoryOfUrl(42)).toBeUndefined();
  });
});
