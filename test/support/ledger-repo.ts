/**
 * A real, temporary exposure repository under Git for the ledger and plan tests:
 * the small configuration in test/fixtures/ledger/repo plus four real scanner
 * reports from examples/acme/reports, committed on `main` by a test author.
 */
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { fixture, repoRoot } from './corpus.ts';

export const REPORTS = ['payments-api.trivy.json', 'ledger-core.osv.json', 'batch-worker.trivy.json', 'edge-gateway.trivy.json'];

export interface TestRepo {
  dir: string;
  git: SimpleGit;
}

/**
 * Author dates one minute apart, in commit order: commits made within one second
 * would otherwise tie, and "who changed this rule last" (git blame, newest author
 * time first) would depend on commit hashes.
 */
let authored = Date.parse('2026-11-01T09:00:00Z');
const nextDate = (): string => new Date((authored += 60_000)).toISOString();

export async function exposureRepo(): Promise<TestRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'ctem-ledger-repo-'));
  await cp(fixture('ledger', 'repo'), dir, { recursive: true });
  await mkdir(join(dir, 'reports'));
  for (const r of REPORTS) await cp(join(repoRoot, 'examples', 'acme', 'reports', r), join(dir, 'reports', r));
  const git = simpleGit({ baseDir: dir });
  await git.init(['--initial-branch=main', '--quiet']);
  await git.addConfig('user.name', 'Alice Admin');
  await git.addConfig('user.email', 'alice@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.raw(['commit', '--quiet', `--date=${nextDate()}`, '-m', 'Initial configuration']);
  return { dir, git };
}

/** Commit everything as someone else, as a pull request author would. */
export async function commitAs(git: SimpleGit, name: string, email: string, message: string): Promise<string> {
  await git.add('.');
  await git.raw(['-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '--quiet', `--date=${nextDate()}`, '-m', message]);
  return (await git.revparse(['HEAD'])).trim();
}
