/**
 * What ctem's issues and pull requests look like now, in every target repository:
 * from the snapshot of the last run where one issue search shows nothing changed, by
 * the per-repository listing everywhere else (listing-plan.ts decides which). Also
 * what it cost, counted apart by kind, so a run can print its read figure.
 */
import { searchChanges } from './change-search.ts';
import type { GitHubClient } from './client.ts';
import type { EtagCache } from './etag-cache.ts';
import { classify, type GitHubFailure } from './failure.ts';
import { changedRepositories, missedBySearch, planListing, SEARCH_SETTLE_MS, type FullListing } from './listing-plan.ts';
import { emptySnapshot, repoKey, trackedCount, type ListingSnapshot, type LoadedSnapshot } from './snapshot.ts';
import { listTrackedItems, toListing, type RepoListing } from './tracked.ts';

export interface ListingFigures {
  /** `search`: the snapshot was checked by search; `full`: every repository was listed. */
  mode: 'search' | 'full';
  /** Why every repository was listed, in full mode. */
  reason?: string;
  /** Search requests sent. */
  searchReads: number;
  /** Listing requests answered with data (or failed). */
  listReads: number;
  /** Listing requests answered 304 Not Modified. */
  listNotModified: number;
  /** Repositories listed in full (all of them in full mode; new, stale or changed ones in search mode). */
  listed: number;
  repositories: number;
  /** Issues and pull requests carrying the tracking label: the N of ceil(N/100). */
  tracked: number;
}

export interface ListingResult {
  listings: RepoListing[];
  unlisted: { repository: string; failure: GitHubFailure }[];
  /** A failure that makes going on pointless (the token, a permission, the rate limit). */
  fatal?: GitHubFailure;
  figures: ListingFigures;
  /** What was found, as the next run's snapshot (before this run's own writes). */
  snapshot: ListingSnapshot;
}

export interface ListingInput {
  client: GitHubClient;
  cache: EtagCache;
  repositories: readonly string[];
  trackingLabel: string;
  loaded: LoadedSnapshot;
  /** The API base URL, which the snapshot is tied to. */
  api: string;
}

/** The cheapest complete picture of ctem's issues and pull requests. */
export async function listEverything(input: ListingInput): Promise<ListingResult> {
  const { client, cache } = input;
  const startMs = client.scheduler.timer.now();
  const startedAt = new Date(startMs).toISOString();
  const plan = planListing({ repositories: input.repositories, loaded: input.loaded, label: input.trackingLabel, nowMs: startMs });
  const figures: ListingFigures = { mode: plan.search ? 'search' : 'full', searchReads: 0, listReads: 0, listNotModified: 0, listed: 0, repositories: input.repositories.length, tracked: 0 };
  let full: FullListing[] = plan.full;
  let reuse = plan.reuse;
  let reason = plan.reason;

  if (plan.search) {
    const before = { ...client.counts };
    let changed: Set<string> | undefined;
    try {
      const r = await searchChanges(client, plan.search.q);
      const missed = r.usable ? missedBySearch(r.hits, reuse, Date.parse(plan.search.since), startMs - SEARCH_SETTLE_MS) : 0;
      if (!r.usable) reason = r.reason;
      else if (missed > 0) reason = `the search missed ${missed} issue(s) the snapshot says changed since then (relabelled, deleted or moved, or search is behind)`;
      else changed = changedRepositories(r.hits, reuse);
    } catch (e) {
      reason = classify(e, { what: 'search for changed issues' }).message;
    }
    figures.searchReads = client.counts.reads - before.reads + (client.counts.notModified - before.notModified);
    if (changed) {
      full = [...full, ...reuse.filter((r) => changed.has(repoKey(r.repository))).map((r) => ({ repository: r.repository, reason: 'changed since the last run' }))];
      reuse = reuse.filter((r) => !changed.has(repoKey(r.repository)));
    } else {
      figures.mode = 'full';
      full = input.repositories.map((repository) => ({ repository, reason: reason ?? 'the search failed' }));
      reuse = [];
    }
  }
  if (figures.mode === 'full') figures.reason = reason;

  const snapshot = emptySnapshot({ api: input.api, label: input.trackingLabel }, startedAt);
  const byKey = new Map<string, RepoListing>();
  const unlisted: ListingResult['unlisted'] = [];
  const fullKeys = new Set(full.map((f) => repoKey(f.repository)));
  for (const r of reuse) {
    snapshot.repositories.set(repoKey(r.repository), r);
    byKey.set(repoKey(r.repository), toListing(r.repository, r.items));
  }
  const before = { ...client.counts };
  const done = () => {
    figures.listReads = client.counts.reads - before.reads;
    figures.listNotModified = client.counts.notModified - before.notModified;
    figures.tracked = trackedCount(snapshot);
  };
  for (const repository of input.repositories) {
    if (!fullKeys.has(repoKey(repository))) continue;
    try {
      const items = await listTrackedItems(client, cache, repository, input.trackingLabel);
      snapshot.repositories.set(repoKey(repository), { repository, listedAt: new Date(client.scheduler.timer.now()).toISOString(), items });
      byKey.set(repoKey(repository), toListing(repository, items));
      figures.listed++;
    } catch (e) {
      const failure = classify(e, { what: `list the issues of ${repository}`, need: 'issues: read', repository });
      if (failure.fatal) {
        done();
        return { listings: [], unlisted, fatal: failure, figures, snapshot };
      }
      unlisted.push({ repository, failure });
    }
  }
  done();
  const listings = input.repositories.map((r) => byKey.get(repoKey(r))).filter((l): l is RepoListing => l !== undefined);
  return { listings, unlisted, figures, snapshot };
}
