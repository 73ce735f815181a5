/**
 * How to learn what ctem's issues look like now, as cheaply as is safe: which
 * repositories must be listed in full, and the one issue search that tells which of
 * the others changed since the snapshot. Pure: the clock and the snapshot are passed in.
 *
 * The per-repository listing is the authority. Search only answers "did anything in
 * these repositories change since the snapshot?"; whatever it names is listed in full.
 * Search trails writes (GitHub indexes asynchronously), so it looks back a margin before
 * the snapshot was taken, and is never asked about ctem's own writes: those are
 * recorded in the snapshot by listing again after writing (mobilise.ts), and a run that
 * did not finish leaves a marker that forces a full listing.
 */
import type { ListedItem } from './tracked.ts';
import { repoKey, type LoadedSnapshot, type RepoSnapshot } from './snapshot.ts';

/** How far before the snapshot a search looks: far beyond GitHub's usual indexing delay of seconds. */
export const SEARCH_MARGIN_MS = 60 * 60_000;
/** A repository not listed in full for this long is listed again (deleted or transferred issues, a removed label). */
export const SNAPSHOT_MAX_AGE_MS = 7 * 86_400_000;
/** GitHub's search returns at most 1,000 results; beyond that it cannot tell what changed. */
export const SEARCH_MAX_RESULTS = 1000;
/** GitHub refuses search queries longer than 256 characters. */
export const SEARCH_QUERY_MAX = 256;
/** A change older than this is surely indexed: if the search misses one the snapshot knows, the search is not trusted. */
export const SEARCH_SETTLE_MS = 10 * 60_000;

export interface FullListing {
  repository: string;
  reason: string;
}

export interface ListingPlan {
  /** Repositories to list in full, and why. */
  full: FullListing[];
  /** Repositories whose snapshot is kept unless the search shows a change there. */
  reuse: RepoSnapshot[];
  /** The search over `reuse`; absent when there is nothing to reuse. */
  search?: { q: string; since: string };
  /** Why everything is listed in full, when it is. */
  reason?: string;
}

/** `2026-11-28T09:00:00+00:00`: the date-and-time form GitHub's search documents. */
export function searchTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * The search for tracked issues changed since `sinceMs` in these repositories: by
 * `repo:` when they fit in GitHub's 256 characters, else by their owners (`org:`);
 * undefined when even that does not fit, or the label cannot be quoted.
 */
export function changeSearchQuery(label: string, sinceMs: number, repositories: readonly string[]): string | undefined {
  if (/["\\]/.test(label)) return undefined;
  const base = `is:issue label:"${label}" updated:>=${searchTime(sinceMs)}`;
  const byRepo = `${base} ${repositories.map((r) => `repo:${r}`).join(' ')}`;
  if (byRepo.length <= SEARCH_QUERY_MAX) return byRepo;
  const owners = [...new Set(repositories.map((r) => r.slice(0, r.indexOf('/')).toLowerCase()))].sort();
  const byOwner = `${base} ${owners.map((o) => `org:${o}`).join(' ')}`;
  return byOwner.length <= SEARCH_QUERY_MAX ? byOwner : undefined;
}

export function planListing(opts: { repositories: readonly string[]; loaded: LoadedSnapshot; label: string; nowMs: number }): ListingPlan {
  const everything = (reason: string): ListingPlan => ({ full: opts.repositories.map((repository) => ({ repository, reason })), reuse: [], reason });
  if (!opts.loaded.usable) return everything(opts.loaded.reason);
  const s = opts.loaded.snapshot;
  const asOf = Date.parse(s.asOf);
  if (asOf > opts.nowMs + SEARCH_MARGIN_MS) return everything('the snapshot is dated in the future');
  if (opts.nowMs - asOf > SNAPSHOT_MAX_AGE_MS) return everything(`the snapshot is more than ${SNAPSHOT_MAX_AGE_MS / 86_400_000} days old`);

  const full: FullListing[] = [];
  const reuse: RepoSnapshot[] = [];
  for (const repository of opts.repositories) {
    const r = s.repositories.get(repoKey(repository));
    if (!r) full.push({ repository, reason: 'not in the snapshot' });
    else if (opts.nowMs - Date.parse(r.listedAt) > SNAPSHOT_MAX_AGE_MS) full.push({ repository, reason: `not listed in full for ${SNAPSHOT_MAX_AGE_MS / 86_400_000} days` });
    else reuse.push({ ...r, repository });
  }
  if (reuse.length === 0) return { full, reuse, reason: full[0]?.reason === 'not in the snapshot' ? 'no repository is in the snapshot' : full[0]?.reason };
  const since = asOf - SEARCH_MARGIN_MS;
  const q = changeSearchQuery(opts.label, since, reuse.map((r) => r.repository));
  if (q === undefined) return everything('the repositories do not fit in one search query');
  return { full, reuse, search: { q, since: searchTime(since) } };
}

export interface SearchHit {
  /** `owner/name`, from the item's repository URL. */
  repository: string;
  item: ListedItem;
}

const names = (xs: readonly { name?: string; login?: string }[]) =>
  xs
    .map((x) => (x.name ?? x.login ?? '').toLowerCase())
    .sort()
    .join('\n');

/**
 * Did this search hit change since the snapshot? Not in it; updated later than it
 * says; or updated in the same second but different (GitHub's times have whole
 * seconds). An older `updated_at` than the snapshot's is the index lagging behind a
 * write the snapshot already has: no change.
 */
export function changedSince(hit: ListedItem, known: ListedItem | undefined): boolean {
  if (!known || known.updated_at === undefined || hit.updated_at === undefined) return true;
  const a = Date.parse(hit.updated_at);
  const b = Date.parse(known.updated_at);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return true;
  if (a !== b) return a > b;
  return hit.state !== known.state || hit.title !== known.title || names(hit.labels) !== names(known.labels) || names(hit.assignees) !== names(known.assignees);
}

/** The reused repositories in which the search found a change (lower-case keys). */
export function changedRepositories(hits: readonly SearchHit[], reuse: readonly RepoSnapshot[]): Set<string> {
  const byRepo = new Map(reuse.map((r) => [repoKey(r.repository), new Map(r.items.map((i) => [i.number, i]))]));
  const changed = new Set<string>();
  for (const h of hits) {
    const key = repoKey(h.repository);
    const items = byRepo.get(key);
    // A hit elsewhere (an org: query reaches other repositories) is not ctem's concern here.
    if (items && changedSince(h.item, items.get(h.item.number))) changed.add(key);
  }
  return changed;
}

/**
 * Issues the snapshot knows were updated inside the search's window, long enough ago
 * to be indexed, that the search did not return. There should be none: if there are,
 * the label was removed, the issue deleted or moved — or the search is not doing what
 * ctem asked (its index far behind, the query misread) — and only a full listing can tell.
 */
export function missedBySearch(hits: readonly SearchHit[], reuse: readonly RepoSnapshot[], sinceMs: number, settledBeforeMs: number): number {
  const seen = new Set(hits.map((h) => `${repoKey(h.repository)}#${h.item.number}`));
  let missed = 0;
  for (const r of reuse) {
    for (const i of r.items) {
      if (i.pull_request || i.updated_at === undefined) continue;
      const t = Date.parse(i.updated_at);
      if (t >= sinceMs && t < settledBeforeMs && !seen.has(`${repoKey(r.repository)}#${i.number}`)) missed++;
    }
  }
  return missed;
}
