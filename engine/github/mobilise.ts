/**
 * Mobilisation against GitHub, start to finish: learn what exists (listing.ts: from
 * the last run's snapshot and one issue search when it can, by listing otherwise),
 * reconcile with what is wanted (the pure planner), cap new issues and pull requests,
 * carry the plan out, and keep the snapshot for the next run. Returns the plan it
 * executed, one outcome per action, and what it cost. A repository that cannot be
 * listed gets no actions at all — planning there blind could duplicate issues.
 *
 * The snapshot is never trusted with ctem's own writes: before anything is sent, an
 * "in progress" marker replaces it (a run killed from here on leaves the marker, and
 * the next run lists everything); after the writes, every repository written to is
 * listed again, and only then is the snapshot saved.
 */
import { capCreations, reconcile, type Action, type ExistingIssue, type LastSeenLookup, type Plan, type RenderedIssue } from '../mobilise/plan.ts';
import type { DesiredPr } from '../prs/desired-prs.ts';
import type { GitHubClient, RequestCounts } from './client.ts';
import type { EtagCache } from './etag-cache.ts';
import { executeIssueActions, issueRefKey } from './execute-issues.ts';
import { executePullRequests } from './execute-prs.ts';
import type { GitHubFailure } from './failure.ts';
import { knownIssues, type KnownIssue } from './known-issues.ts';
import { LabelEnsurer } from './labels.ts';
import { listEverything, type ListingFigures } from './listing.ts';
import type { ActionOutcome } from './outcome.ts';
import { inProgressMarker, parseSnapshot, repoKey, serialiseSnapshot, type ListingSnapshot, type LoadedSnapshot } from './snapshot.ts';
import { listTrackedItems, type TrackedPull } from './tracked.ts';

/** Where the listing snapshot lives between runs (a file next to the ETag cache, for the CLI). */
export interface SnapshotStore {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export interface MobiliseInput {
  client: GitHubClient;
  cache: EtagCache;
  /** The wanted issues, rendered. */
  issues: readonly RenderedIssue[];
  /** The wanted pull requests. */
  prs?: readonly DesiredPr[];
  /** Every repository to list (targetRepositories). */
  repositories: readonly string[];
  trackingLabel: string;
  /** `defaults.max_new_issues_per_run`: new issues and pull requests together. */
  maxNew?: number;
  today: string;
  lastSeen?: LastSeenLookup;
  /** Without one, every run lists every repository. */
  snapshots?: SnapshotStore;
}

export interface MobiliseReport {
  /** The issue plan as executed (after the cap). */
  plan: Plan;
  deferred: Extract<Action, { op: 'create' }>[];
  outcomes: ActionOutcome[];
  failures: GitHubFailure[];
  /** The failure that stopped the run early, if any. */
  fatal?: GitHubFailure;
  /** Repositories that could not be listed, and why. */
  unlisted: { repository: string; failure: GitHubFailure }[];
  existing: number;
  counts: RequestCounts;
  /** How the issues were found, and what that cost: the run's read figure. */
  listing: ListingFigures;
  /** Listing requests sent after writing, to record this run's writes in the snapshot. */
  refresh: { reads: number; notModified: number; repositories: number };
  /** The issue behind each remediation unit after the run (for the decision ledger). */
  known: Map<string, KnownIssue>;
}

export async function mobilise(input: MobiliseInput): Promise<MobiliseReport> {
  const { client, cache } = input;
  // The snapshot belongs to one GitHub (the one the ETag cache is for) and one tracking label.
  const api = cache.api;
  const id = { api, label: input.trackingLabel };
  const labels = new LabelEnsurer(client, cache);
  let loaded: LoadedSnapshot = { usable: false, reason: 'no snapshot is kept' };
  if (input.snapshots) {
    loaded = parseSnapshot(await input.snapshots.read(), id);
    await input.snapshots.write(inProgressMarker(id, new Date(client.scheduler.timer.now()).toISOString()));
  }

  const listing = await listEverything({ client, cache, repositories: input.repositories, trackingLabel: input.trackingLabel, loaded, api });
  const existing: ExistingIssue[] = listing.listings.flatMap((l) => l.issues);
  const pulls: TrackedPull[] = listing.listings.flatMap((l) => l.pulls);
  for (const l of listing.listings) labels.learn(l.repository, l.knownLabels);
  const listed = new Set(listing.listings.map((l) => l.repository.toLowerCase()));
  const unlisted = listing.unlisted;
  const refresh = { reads: 0, notModified: 0, repositories: 0 };
  const report = (rest: Partial<MobiliseReport>): MobiliseReport => ({
    plan: { actions: [], unchanged: 0 },
    deferred: [],
    outcomes: [],
    failures: [],
    unlisted,
    existing: existing.length,
    counts: { ...client.counts },
    listing: listing.figures,
    refresh,
    known: knownIssues(existing, rest.outcomes ?? []),
    ...rest,
  });
  if (listing.fatal) {
    // Nothing was written: the last snapshot still holds, where there was one.
    if (input.snapshots && loaded.usable) await input.snapshots.write(serialiseSnapshot(loaded.snapshot));
    return report({ fatal: listing.fatal, failures: [listing.fatal] });
  }

  const isListed = (r: string) => listed.has(r.toLowerCase());
  const blind: ActionOutcome[] = [];
  for (const i of input.issues) {
    if (!isListed(i.repository)) blind.push({ target: 'issue', op: 'create', key: i.key, repository: i.repository, status: 'skipped', detail: `${i.repository} could not be listed` });
  }
  for (const p of input.prs ?? []) {
    if (!isListed(p.repository)) blind.push({ target: 'pull-request', op: 'sync', key: p.key, repository: p.repository, status: 'skipped', detail: `${p.repository} could not be listed` });
  }

  const full = reconcile(input.issues.filter((i) => isListed(i.repository)), existing, { today: input.today, lastSeen: input.lastSeen });
  const { plan, deferred } = capCreations(full, input.maxNew);
  const issueRun = await executeIssueActions(plan.actions, {
    client,
    cache,
    labels,
    trackingLabel: input.trackingLabel,
    existing: new Map(existing.map((e) => [issueRefKey(e.repository, e.number), e])),
  });
  const outcomes = [
    ...issueRun.outcomes,
    ...deferred.map((d): ActionOutcome => ({ target: 'issue', op: 'create', key: d.key, repository: d.repository, status: 'deferred', detail: 'per-run cap on new issues and pull requests reached' })),
  ];
  const failures = [...issueRun.failures];
  let fatal = issueRun.fatal;

  const prs = (input.prs ?? []).filter((p) => isListed(p.repository));
  if (!fatal && (prs.length > 0 || pulls.length > 0)) {
    const created = plan.actions.filter((a) => a.op === 'create').length;
    const prRun = await executePullRequests(prs, { client, cache, labels, tracked: pulls, listed, budget: input.maxNew === undefined ? Infinity : Math.max(0, input.maxNew - created) });
    outcomes.push(...prRun.outcomes);
    failures.push(...prRun.failures);
    fatal = prRun.fatal;
  }
  outcomes.push(...blind);

  const before = { ...client.counts };
  await recordOwnWrites(input, listing.snapshot, !!fatal, refresh);
  refresh.reads = client.counts.reads - before.reads;
  refresh.notModified = client.counts.notModified - before.notModified;
  if (input.snapshots) await input.snapshots.write(serialiseSnapshot(listing.snapshot));
  return report({ plan, deferred, outcomes, failures, fatal, counts: { ...client.counts } });
}

/**
 * List again every repository this run sent a write to — whether or not the answer
 * came back — so the snapshot holds what ctem itself did, from the listing rather
 * than from search (which trails writes). A repository that cannot be listed again,
 * or any after a run that stopped, is dropped from the snapshot: the next run lists it.
 */
async function recordOwnWrites(input: MobiliseInput, snapshot: ListingSnapshot, stopped: boolean, refresh: { repositories: number }): Promise<void> {
  const { client, cache } = input;
  for (const key of client.wrote) {
    const entry = snapshot.repositories.get(key);
    if (!entry) continue;
    snapshot.repositories.delete(key);
    if (stopped) continue;
    try {
      const items = await listTrackedItems(client, cache, entry.repository, input.trackingLabel);
      snapshot.repositories.set(repoKey(entry.repository), { repository: entry.repository, listedAt: new Date(client.scheduler.timer.now()).toISOString(), items });
      refresh.repositories++;
    } catch {
      // Left out of the snapshot: listed in full next time.
    }
  }
}
