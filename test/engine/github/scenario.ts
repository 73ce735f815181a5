/**
 * A small estate for executor-level tests: a few assets in two repositories and a
 * central one, decisions that make issues, and a runner that mobilises them against
 * the test GitHub the way `ctem run` does, keeping the ETag cache and the listing
 * snapshot between runs as their files would.
 */
import { EtagCache } from '../../../engine/github/etag-cache.ts';
import { listEverything } from '../../../engine/github/listing.ts';
import { mobilise, type MobiliseReport, type SnapshotStore } from '../../../engine/github/mobilise.ts';
import { serialiseSnapshot } from '../../../engine/github/snapshot.ts';
import type { RenderedIssue } from '../../../engine/mobilise/plan.ts';
import type { DesiredPr } from '../../../engine/prs/desired-prs.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { asset, decision, rendered, type DecisionSpec } from '../mobilise/factory.ts';
import { testClient } from './support.ts';

export const ASSETS = [asset('web', 'acme/web'), asset('api', 'acme/api'), asset('batch')];
export const REPOSITORIES = ['acme/api', 'acme/security', 'acme/web'];

export function seedEstate(gh: TestGitHub): void {
  gh.state.seedUser({ login: 'alice' });
  gh.state.seedUser({ login: 'bob' });
  for (const name of ['web', 'api', 'security']) gh.state.seedRepo({ owner: 'acme', name });
}

/** `n` upgrade units spread over the assets: web and api get issues in their repositories, batch in the central one. */
export function specs(n: number, over: (i: number) => Partial<DecisionSpec> = () => ({})): DecisionSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    fingerprint: `fp${String(i).padStart(18, '0')}`,
    asset: ['web', 'api', 'batch'][i % 3]!,
    pkg: `pkg-${i}`,
    priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4],
    ...(i % 5 === 0 ? { owner: { team: 'acme/web-team', users: ['alice', 'bob'] } } : {}),
    ...over(i),
  }));
}

export function issuesFor(s: readonly DecisionSpec[]): RenderedIssue[] {
  return rendered(s.map(decision), ASSETS, { central: 'acme/security' });
}

export interface RunResult {
  report: MobiliseReport;
  counts: { reads: number; writes: number; notModified: number };
  /** Milliseconds the run waited (on its virtual clock): write spacing, retry-after, rate-limit resets. */
  waited: number;
}

/** What survives between runs: the two files' texts. */
export interface RunState {
  cache?: string;
  snapshot?: string;
  /**
   * Every write of the snapshot file, with how many requests the server had answered
   * by then: a process killed at request k leaves on disk the last one written before.
   */
  snapshotWrites?: { text: string; atRequest: number }[];
}

/** The snapshot file as a process killed at request `k` would have left it (undefined: never written). */
export function snapshotAtKill(state: RunState, k: number): string | undefined {
  return [...(state.snapshotWrites ?? [])].reverse().find((w) => w.atRequest < k)?.text;
}

/** One mobilisation run; `state` carries the cache and snapshot files' texts between runs. */
export async function runOnce(
  gh: TestGitHub,
  issues: readonly RenderedIssue[],
  state: RunState,
  opts: { prs?: readonly DesiredPr[]; maxNew?: number; today?: string; token?: string; repositories?: string[]; snapshots?: boolean; at?: Date } = {},
): Promise<RunResult> {
  const client = testClient(gh, opts.token ?? 'test-token', [], opts.at?.getTime());
  const cache = EtagCache.parse(state.cache, gh.url);
  const before = state.snapshot;
  state.snapshotWrites = [];
  const snapshots: SnapshotStore = {
    read: async () => before,
    write: async (text) => {
      state.snapshot = text;
      state.snapshotWrites!.push({ text, atRequest: gh.log.entries.length });
    },
  };
  const report = await mobilise({
    client,
    cache,
    issues,
    prs: opts.prs,
    repositories: opts.repositories ?? REPOSITORIES,
    trackingLabel: 'ctem',
    maxNew: opts.maxNew,
    today: opts.today ?? '2026-11-28',
    ...(opts.snapshots === false ? {} : { snapshots }),
  });
  state.cache = cache.serialise();
  return { report, counts: { ...client.counts }, waited: client.timer.slept };
}

/**
 * A snapshot of what is on the test GitHub now, as a clean run that changed nothing
 * would leave it (reads only): the next run starts in steady state.
 */
export async function primeSnapshot(gh: TestGitHub, state: RunState, repositories: readonly string[] = REPOSITORIES, at?: Date): Promise<void> {
  const client = testClient(gh, 'test-token', [], at?.getTime());
  const listing = await listEverything({ client, cache: EtagCache.parse(undefined, gh.url), repositories, trackingLabel: 'ctem', loaded: { usable: false, reason: 'priming' }, api: gh.url });
  if (listing.fatal || listing.unlisted.length > 0) throw new Error('cannot prime the snapshot: a repository could not be listed');
  state.snapshot = serialiseSnapshot(listing.snapshot);
}
