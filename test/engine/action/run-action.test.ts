/**
 * The GitHub Action, run in-process as the runner would run it (INPUT_* and GITHUB_*
 * variables, an event payload file, the step summary and output files), on a pull
 * request in a real temporary Git repository, against the test GitHub.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../../engine/action/run-action.ts';
import type { Io } from '../../../engine/cli/io.ts';
import { ExitCode } from '../../../engine/errors.ts';
import { PLAN_MARKER } from '../../../engine/plan/markdown.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { expectNoViolations, startGitHub, testClient } from '../github/support.ts';
import { commitAs, exposureRepo, type TestRepo } from '../../support/ledger-repo.ts';

const POLICY = 'policies/50-baseline.yaml';
const TOKEN = 'ghs_CTEMactionTOKEN_0123456789RECOGNISABLE';

interface ActionRun {
  code: number;
  stdout: string[];
  stderr: string[];
  summary: string;
  outputs: Record<string, string>;
  /** The Markdown report the plan wrote. */
  report: string;
}

async function edit(dir: string, file: string, from: RegExp, to: string): Promise<void> {
  const text = await readFile(join(dir, file), 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  await writeFile(join(dir, file), next);
}

/** The exposure repository's pull request on the test GitHub (its head branch has a commit main lacks). */
async function pullRequest(gh: TestGitHub): Promise<number> {
  const repo = gh.state.seedRepo({ owner: 'ledger-test', name: 'exposures', branches: ['raise-internet-medium'] });
  const head = gh.state.commit(gh.state.branchHead(repo, 'main'), { [POLICY]: Buffer.from('rules: []\n') }, 'Raise internet-facing medium to P2');
  repo.refs.set('refs/heads/raise-internet-medium', head.sha);
  const res = await testClient(gh).octokit.rest.pulls.create({ owner: 'ledger-test', repo: 'exposures', head: 'raise-internet-medium', base: 'main', title: 'Raise internet-facing medium to P2' });
  return res.data.number;
}

/** Run the Action once, with fresh summary and output files. */
async function action(gh: TestGitHub, repo: TestRepo, over: { event?: string; number?: number; token?: string } = {}): Promise<ActionRun> {
  const scratch = await mkdtemp(join(tmpdir(), 'ctem-action-'));
  const files = { event: join(scratch, 'event.json'), summary: join(scratch, 'summary.md'), output: join(scratch, 'output.txt') };
  await writeFile(files.event, JSON.stringify({ action: 'synchronize', number: over.number ?? 1, pull_request: { number: over.number ?? 1, base: { sha: 'ignored' } } }));
  await writeFile(files.summary, '');
  await writeFile(files.output, '');
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = {
    out: (l) => stdout.push(...l.split('\n')),
    err: (l) => stderr.push(...l.split('\n')),
    env: {
      INPUT_COMMAND: 'plan',
      INPUT_BASE: 'main',
      INPUT_DIR: repo.dir,
      INPUT_OUT: 'plan.md',
      'INPUT_GITHUB-TOKEN': over.token ?? TOKEN,
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'ledger-test/exposures',
      GITHUB_EVENT_NAME: over.event ?? 'pull_request',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
    },
    cwd: scratch,
    now: () => '2026-11-28T10:00:00.000Z',
    isTTY: false,
    sleep: async () => undefined,
  };
  const code = await runAction(io);
  const outputs = Object.fromEntries(
    (await readFile(files.output, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const report = await readFile(join(scratch, 'plan.md'), 'utf8').catch(() => '');
  return { code, stdout, stderr, summary: await readFile(files.summary, 'utf8'), outputs, report };
}

const commentsOf = (gh: TestGitHub, number: number) => gh.state.repo('ledger-test', 'exposures')!.issues.get(number)!.comments;

describe('the Action on a pull request (command: plan)', () => {
  let repo: TestRepo;
  let gh: TestGitHub;
  let number: number;
  const runs: ActionRun[] = [];
  let quietWrites: number;

  beforeAll(async () => {
    repo = await exposureRepo();
    gh = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' }, 'test-token': { permissions: 'all' } } });
    number = await pullRequest(gh);
    await repo.git.checkoutLocalBranch('raise-internet-medium');
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P3/, '$1P2');
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Raise internet-facing medium to P2');
    runs.push(await action(gh, repo, { number }));
    // Another push to the pull request: now P1.
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P2/, '$1P1');
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Make it P1');
    runs.push(await action(gh, repo, { number }));
    // Re-run with nothing new.
    gh.log.clear();
    runs.push(await action(gh, repo, { number }));
    quietWrites = gh.log.writes;
  }, 180_000);

  it('posts the plan as a comment on the pull request, and names it in the step outputs', () => {
    const [first] = runs;
    expect(first!.code, first!.stderr.join('\n')).toBe(ExitCode.ok);
    expect(first!.report.startsWith(PLAN_MARKER)).toBe(true);
    expect(first!.report).toMatch(/raises \d+ exposures? to P2/);
    expect(first!.stdout).toContain(`ctem plan: posted the plan comment on ledger-test/exposures#${number}: ${first!.outputs['comment-url']}`);
    expect(first!.outputs).toMatchObject({ 'exit-code': '0', out: 'plan.md', 'comment-url': expect.stringMatching(new RegExp(`/ledger-test/exposures/issues/${number}#issuecomment-\\d+$`)) });
  });

  it('edits that one comment on the next push instead of adding another', () => {
    const comments = commentsOf(gh, number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(runs[1]!.report);
    expect(runs[1]!.report).toMatch(/raises \d+ exposures? to P1/);
    expect(runs[1]!.outputs['comment-url']).toBe(runs[0]!.outputs['comment-url']);
    expect(runs[1]!.stdout.find((l) => l.includes('the plan comment'))).toMatch(/^ctem plan: updated the plan comment on/);
  });

  it('leaves the comment alone when the plan did not change: nothing is written', () => {
    expect(runs[2]!.stdout.find((l) => l.includes('the plan comment'))).toBe(`ctem plan: the plan comment is up to date on ledger-test/exposures#${number}: ${runs[0]!.outputs['comment-url']}`);
    expect(quietWrites).toBe(0);
  });

  it('shows the plan in the job summary too, and never the token', () => {
    for (const r of runs) {
      expect(r.summary).toContain('## ctem plan ✅');
      expect(r.summary).toContain(r.report);
      expect([...r.stdout, ...r.stderr, r.summary].join('\n')).not.toContain(TOKEN);
    }
    expectNoViolations(gh);
  });
});

describe('the Action where it cannot or should not comment', () => {
  let repo: TestRepo;

  beforeAll(async () => {
    repo = await exposureRepo();
    await repo.git.checkoutLocalBranch('change');
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P3/, '$1P2');
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Raise internet-facing medium to P2');
  }, 60_000);

  it("a fork's pull request gets a read-only token: one warning with a hint, the plan in the job summary, the plan's own exit code", async () => {
    const readOnly = 'ghs_readonly';
    const gh = await startGitHub({ tokens: { [readOnly]: { permissions: ['contents:read', 'issues:read', 'pull_requests:read'], kind: 'app' }, 'test-token': { permissions: 'all' } } });
    const number = await pullRequest(gh);
    const r = await action(gh, repo, { number, token: readOnly });
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr[0]).toMatch(/^warning: ctem plan: the plan comment was not posted: the token lacks the `[a-z_-]+: write` permission on ledger-test\/exposures/);
    expect(r.stderr[1]).toMatch(/^ {2}hint: a pull request from a fork gets a read-only token, so the plan is in the job summary instead/);
    expect(r.stdout.filter((l) => l.startsWith('::warning::'))).toHaveLength(1);
    expect(r.summary).toContain(r.report);
    expect(r.outputs['comment-url']).toBe('');
    expect(commentsOf(gh, number)).toEqual([]);
  }, 60_000);

  it('a run that is not about a pull request (a push) only writes the job summary', async () => {
    const gh = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    const r = await action(gh, repo, { event: 'push' });
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stdout).toContain('ctem plan: this run is not about a pull request, so the plan is in the job summary only');
    expect(r.summary).toContain(r.report);
    expect(gh.log.entries).toEqual([]);
  }, 60_000);
});
