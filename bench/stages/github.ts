/**
 * GitHub in steady state: the mobiliser (engine/github/mobilise.ts) against the test
 * GitHub (tools/test-github), on the plan of a small generated estate. A first run
 * opens every issue; a second run with nothing changed is the steady state: what a
 * daily run costs when nothing moved. Its read figure — the requests that found the
 * issues (searches, listings, 304s) — is judged against ceil(N/100) for N tracked
 * issues, and compared with listing every repository (a third run without the
 * listing snapshot). Writes are paced by GitHub's own limits (a second apart, 80 a
 * minute, 500 an hour) on a virtual clock, so the figures say both how long the
 * requests took here and how long GitHub's pacing would make them take.
 * `{ available: false }` when the mobiliser or the test GitHub is not there.
 *
 *   node --import tsx bench/stages/github.ts WORK_DIR
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from '../child.ts';
import { generateEstate } from '../generate/estate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const needed = ['engine/github/mobilise.ts', 'engine/github/client.ts', 'tools/test-github/server.ts'];
const missing = needed.filter((f) => !existsSync(join(root, f)));
const NOW = '2026-11-28T12:00:00.000Z';

if (missing.length > 0) {
  report({ available: false, reason: `missing ${missing.join(', ')}` });
} else {
  report(await steadyState(process.argv[2]!));
}

interface RunFigures {
  seconds: number;
  reads: number;
  writes: number;
  notModified: number;
  /** Seconds GitHub's write pacing would add (virtual clock). */
  pacedSeconds: number;
  /** The requests that found the issues: search, listing, and listing answered 304. */
  listing: { mode: string; search: number; list: number; notModified: number; total: number; listed: number; tracked: number };
}

async function steadyState(work: string) {
  // Imported here, so that a missing module is reported as "not available" above.
  const [{ prepareRun }, { runCycle }, { createGitHubClient }, { EtagCache }, { mobilise }, { virtualTimer }, { targetRepositories }, { createTestGitHub }] = await Promise.all([
    import('../../engine/app/prepare.ts'),
    import('../../engine/cycle.ts'),
    import('../../engine/github/client.ts'),
    import('../../engine/github/etag-cache.ts'),
    import('../../engine/github/mobilise.ts'),
    import('../../engine/github/scheduler.ts'),
    import('../../engine/mobilise/targets.ts'),
    import('../../tools/test-github/server.ts'),
  ]);
  const dir = await mkdtemp(join(work, 'github-estate-'));
  await generateEstate({ seed: 1, size: 0.001, dir, epssRows: 5_000 });
  const { prepared, problems } = await prepareRun(dir, NOW);
  if (!prepared) throw new Error(`the small estate does not load: ${problems.map((p) => p.message).join('; ')}`);
  const result = runCycle({
    config: prepared.config, policy: prepared.policy, assets: prepared.assets, findings: prepared.findings, enrich: prepared.enrich,
    feeds: prepared.feeds, policyCommits: prepared.policyCommits, firstSeen: new Map(), existingIssues: [], evidence: prepared.evidence, now: NOW,
  });
  const repositories = targetRepositories({
    routes: prepared.policy.routes.values(),
    assets: prepared.assets,
    centralRepository: prepared.config.ctem.value.github?.central_repository,
    extra: result.issues.map((i) => i.repository),
  });
  const gh = await createTestGitHub();
  try {
    // The owners the scopes name exist on GitHub (an assignee GitHub does not know would be dropped, and re-assigned every run).
    for (const login of new Set(result.issues.flatMap((i) => i.assignees))) gh.state.seedUser({ login });
    for (const r of repositories) {
      const [owner, name] = r.split('/') as [string, string];
      gh.state.seedRepo({ owner, name });
    }
    const cache = EtagCache.parse(undefined, gh.url);
    // The listing snapshot, kept in memory as the CLI keeps it in a file.
    let snapshot: string | undefined;
    const snapshots = { read: async () => snapshot, write: async (text: string) => void (snapshot = text) };
    const once = async (keep = true): Promise<RunFigures> => {
      const timer = virtualTimer(Date.now());
      const client = createGitHubClient({ token: 'test-token', baseUrl: gh.url, timer });
      const t0 = performance.now();
      const r = await mobilise({ client, cache, issues: result.issues, repositories, trackingLabel: 'ctem', today: NOW.slice(0, 10), ...(keep ? { snapshots } : {}) });
      if (r.fatal) throw new Error(`mobilisation failed: ${r.fatal.message}`);
      const l = r.listing;
      return {
        seconds: (performance.now() - t0) / 1000,
        reads: r.counts.reads,
        writes: r.counts.writes,
        notModified: r.counts.notModified,
        pacedSeconds: timer.slept / 1000,
        listing: { mode: l.mode, search: l.searchReads, list: l.listReads, notModified: l.listNotModified, total: l.searchReads + l.listReads + l.listNotModified, listed: l.listed, tracked: l.tracked },
      };
    };
    const first = await once();
    const steady = await once();
    // The same quiet run without the snapshot: every repository listed (ETags make them 304s).
    const withoutSnapshot = await once(false);
    const bound = Math.max(1, Math.ceil(steady.listing.tracked / 100));
    const perSecond = (n: number, s: number) => (s > 0 ? Math.round(n / s) : 0);
    return {
      available: true,
      issues: result.issues.length,
      repositories: repositories.length,
      first,
      steady,
      withoutSnapshot,
      steadyListing: { reads: steady.listing.total, bound, within: steady.listing.total <= bound && steady.writes === 0 },
      violations: gh.violations.length,
      summary:
        `${result.issues.length} issues in ${repositories.length} repositories: first run ${first.writes} writes, ${first.reads} reads in ${first.seconds.toFixed(1)} s ` +
        `(${perSecond(first.writes + first.reads, first.seconds)} requests/s here; GitHub's pacing would take ${Math.round(first.pacedSeconds)} s); ` +
        `steady state ${steady.writes} writes, ${steady.reads} reads + ${steady.notModified} not-modified in ${steady.seconds.toFixed(2)} s; ` +
        `finding the issues took ${steady.listing.total} request(s) (${steady.listing.search} search, ${steady.listing.list} list, ${steady.listing.notModified} not modified) ` +
        `against ceil(${steady.listing.tracked}/100) = ${bound}: ${steady.listing.total <= bound && steady.writes === 0 ? 'PASS' : 'MISS'} ` +
        `(listing every repository instead: ${withoutSnapshot.listing.total})`,
    };
  } finally {
    await gh.close();
    await rm(dir, { recursive: true, force: true });
  }
}
