/**
 * Shared set-up for mobilisation tests against the test GitHub: a server, a client on
 * a virtual clock (waits are counted, never waited), the bundled example's estate,
 * and the CLI run in-process with that clock.
 */
import { afterEach, expect } from 'vitest';
import { main } from '../../../engine/cli/main.ts';
import type { Io } from '../../../engine/cli/io.ts';
import { createGitHubClient, type GitHubClient } from '../../../engine/github/client.ts';
import { virtualTimer } from '../../../engine/github/scheduler.ts';
import { DEMO_SEED, applySeed } from '../../../tools/test-github/demo-seed.ts';
import { createTestGitHub, type TestGitHub, type TestGitHubOptions } from '../../../tools/test-github/server.ts';
import type { IssueRecord } from '../../../tools/test-github/state.ts';
import { parseIssueMarker, parsePrMarker } from '../../../engine/mobilise/markers.ts';
import { repoRoot } from '../../support/corpus.ts';

const open: TestGitHub[] = [];

afterEach(async () => {
  // A test may have closed its servers already.
  await Promise.all(open.splice(0).map((gh) => gh.close().catch(() => undefined)));
});

export async function startGitHub(opts: TestGitHubOptions = {}): Promise<TestGitHub> {
  const gh = await createTestGitHub(opts);
  open.push(gh);
  return gh;
}

export function expectNoViolations(gh: TestGitHub): void {
  expect(gh.violations, gh.formatViolations()).toEqual([]);
}

/** A client on a virtual clock that starts now (or at `start`): every wait is added to `timer.slept`. */
export function testClient(gh: TestGitHub, token = 'test-token', previousWrites: number[] = [], start = Date.now()): GitHubClient & { timer: ReturnType<typeof virtualTimer> } {
  const timer = virtualTimer(start);
  return { ...createGitHubClient({ token, baseUrl: gh.url, timer, previousWrites }), timer };
}

/** The demo server's world: the bundled example's repositories and users. */
export function seedExample(gh: TestGitHub): void {
  applySeed(gh.state, DEMO_SEED);
}

export interface CliRun {
  code: number;
  stdout: string[];
  stderr: string[];
  /** Milliseconds the run would have waited (write spacing, retry-after). */
  waited: number;
}

/** `ctem <argv>` in-process, against the test GitHub, with waits counted rather than waited. */
export async function runCtem(argv: string[], opts: { cwd?: string; now?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let waited = 0;
  const io: Io = {
    out: (l) => stdout.push(...l.split('\n')),
    err: (l) => stderr.push(...l.split('\n')),
    env: opts.env ?? {},
    cwd: opts.cwd ?? repoRoot,
    now: () => opts.now ?? '2026-11-28T10:00:00.000Z',
    isTTY: false,
    sleep: async (ms) => {
      waited += ms;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, waited };
}

/** Every issue (not pull request) in every repository, with its marker key. */
export function allIssues(gh: TestGitHub): Array<{ repository: string; issue: IssueRecord; key?: string }> {
  const out: Array<{ repository: string; issue: IssueRecord; key?: string }> = [];
  for (const r of gh.state.repos.values()) {
    for (const i of r.issues.values()) if (!i.pull) out.push({ repository: `${r.owner}/${r.name}`, issue: i, key: parseIssueMarker(i.body)?.key });
  }
  return out;
}

export function allPulls(gh: TestGitHub): Array<{ repository: string; issue: IssueRecord; key?: string }> {
  const out: Array<{ repository: string; issue: IssueRecord; key?: string }> = [];
  for (const r of gh.state.repos.values()) {
    for (const i of r.issues.values()) if (i.pull) out.push({ repository: `${r.owner}/${r.name}`, issue: i, key: parsePrMarker(i.body)?.key });
  }
  return out;
}

/** Keys held by more than one issue (or pull request): duplicates. */
export function duplicateKeys(items: Array<{ key?: string; repository: string }>): string[] {
  const seen = new Map<string, number>();
  for (const i of items) if (i.key) seen.set(`${i.repository}|${i.key}`, (seen.get(`${i.repository}|${i.key}`) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** The run's printed read figure: `listing: R requests (S search, L list, M not modified) for N tracked, at most ceil(N/100) = B when quiet; how`. */
export function listingFigures(run: CliRun): { reads: number; search: number; list: number; notModified: number; tracked: number; bound: number; how: string } {
  const line = run.stdout.find((l) => l.startsWith('listing: '));
  const m = line ? /^listing: (\d+) requests? \((\d+) search, (\d+) list, (\d+) not modified\) for (\d+) tracked, at most ceil\(\d+\/100\) = (\d+) when quiet; (.*)$/.exec(line) : null;
  if (!m) throw new Error(`no listing line in:\n${run.stdout.join('\n')}`);
  return { reads: Number(m[1]), search: Number(m[2]), list: Number(m[3]), notModified: Number(m[4]), tracked: Number(m[5]), bound: Number(m[6]), how: m[7]! };
}

/** The run's printed figures: `github: R reads, W writes, N not modified (304)`. */
export function figures(run: CliRun): { reads: number; writes: number; notModified: number } {
  const line = run.stdout.find((l) => l.startsWith('github: '));
  const m = line ? /^github: (\d+) reads, (\d+) writes, (\d+) not modified \(304\)$/.exec(line) : null;
  if (!m) throw new Error(`no figures line in:\n${run.stdout.join('\n')}\n${run.stderr.join('\n')}`);
  return { reads: Number(m[1]), writes: Number(m[2]), notModified: Number(m[3]) };
}
