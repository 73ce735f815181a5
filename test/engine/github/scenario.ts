/**
 * A small estate for executor-level tests: a few assets in two repositories and a
 * central one, decisions that make issues, and a runner that mobilises them against
 * the test GitHub the way `ctem run` does, keeping the ETag cache between runs as the
 * cache file would.
 */
import { EtagCache } from '../../../engine/github/etag-cache.ts';
import { mobilise, type MobiliseReport } from '../../../engine/github/mobilise.ts';
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
}

/** One mobilisation run; `state.cache` carries the cache file's text between runs. */
export async function runOnce(
  gh: TestGitHub,
  issues: readonly RenderedIssue[],
  state: { cache?: string },
  opts: { prs?: readonly DesiredPr[]; maxNew?: number; today?: string; token?: string; repositories?: string[] } = {},
): Promise<RunResult> {
  const client = testClient(gh, opts.token ?? 'test-token');
  const cache = EtagCache.parse(state.cache, gh.url);
  const report = await mobilise({
    client,
    cache,
    issues,
    prs: opts.prs,
    repositories: opts.repositories ?? REPOSITORIES,
    trackingLabel: 'ctem',
    maxNew: opts.maxNew,
    today: opts.today ?? '2026-11-28',
  });
  state.cache = cache.serialise();
  return { report, counts: { ...client.counts } };
}
