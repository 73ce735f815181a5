import { readFile, rm, writeFile, mkdtemp, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../engine/errors.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import type { Action } from '../../../engine/mobilise/plan.ts';
import { PLAN_MARKER } from '../../../engine/plan/markdown.ts';
import type { PlanReport } from '../../../engine/plan/report.ts';
import { runCli, type CliResult } from '../../support/cli.ts';
import { fixture } from '../../support/corpus.ts';
import { commitAs, exposureRepo, type TestRepo } from '../../support/ledger-repo.ts';

const POLICY = 'policies/50-baseline.yaml';

async function edit(dir: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  await writeFile(path, next);
}

/** What `ctem run --dry-run` decides and plans in the repository as it stands. */
async function dryRun(dir: string): Promise<{ decisions: Map<string, Decision>; creates: Map<string, Extract<Action, { op: 'create' }>> }> {
  const out = await mkdtemp(join(tmpdir(), 'ctem-plan-out-'));
  const r = await runCli(['run', '--dry-run', '--dir', dir, '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr.join('\n'));
  const decisions = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
  const actions = (JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as { actions: Action[] }).actions;
  return {
    decisions: new Map(decisions.map((d) => [d.fingerprint, d])),
    creates: new Map(actions.flatMap((a) => (a.op === 'create' ? [[a.key, a] as const] : []))),
  };
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('ctem plan --base main on a branch that changes rules', () => {
  let repo: TestRepo;
  let onMain: Awaited<ReturnType<typeof dryRun>>;
  let onBranch: Awaited<ReturnType<typeof dryRun>>;
  let plan: CliResult;
  let report: PlanReport;
  let statusBefore: string;

  beforeAll(async () => {
    repo = await exposureRepo();
    onMain = await dryRun(repo.dir);
    await repo.git.checkoutLocalBranch('raise-internet-medium');
    // Medium severity on the internet becomes P2; critical and high go to central triage.
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P3/, '$1P2');
    await edit(repo.dir, POLICY, /(id: severe[\s\S]*?priority: P2)/, '$1\n      route: central-triage');
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Raise internet-facing medium to P2; severe findings to triage');
    onBranch = await dryRun(repo.dir);
    statusBefore = await repo.git.raw(['status', '--porcelain']);
    plan = await runCli(['plan', '--base', 'main', '--dir', repo.dir, '--format', 'json']);
    report = JSON.parse(plan.stdout.join('\n')) as PlanReport;
  }, 180_000);

  it('succeeds and compares with the commit main names', async () => {
    expect(plan.code, plan.stderr.join('\n')).toBe(ExitCode.ok);
    expect(report.base).toEqual({ ref: 'main', commit: (await repo.git.revparse(['main'])).trim() });
  });

  it("lists exactly the exposures whose priority changes: those the branch's own dry run decides differently", () => {
    const expected = [...onBranch.decisions.values()].filter((d) => onMain.decisions.get(d.fingerprint)?.priority !== d.priority).map((d) => d.fingerprint);
    expect(expected.length).toBeGreaterThan(0);
    const planned = report.impact!.changes.filter((c) => c.changed.includes('priority')).map((c) => c.fingerprint);
    expect(sorted(planned)).toEqual(sorted(expected));
    for (const c of report.impact!.changes.filter((x) => x.changed.includes('priority'))) {
      expect(c.before?.priority).toBe(onMain.decisions.get(c.fingerprint)!.priority);
      expect(c.after?.priority).toBe(onBranch.decisions.get(c.fingerprint)!.priority);
    }
    expect(report.impact!.raised.P2).toBe(expected.length);
  });

  it('plans the issue actions a run under the new configuration would take after the base had run', () => {
    const { open, update, close } = report.impact!.issues;
    expect(sorted(open.map((i) => i.key))).toEqual(sorted([...onBranch.creates.keys()].filter((k) => !onMain.creates.has(k))));
    expect(sorted(close.map((i) => i.key))).toEqual(sorted([...onMain.creates.keys()].filter((k) => !onBranch.creates.has(k))));
    const differ = [...onBranch.creates.values()].filter((a) => {
      const b = onMain.creates.get(a.key);
      return b !== undefined && (b.title !== a.title || b.body !== a.body || sorted(b.labels).join() !== sorted(a.labels).join() || sorted(b.assignees).join() !== sorted(a.assignees).join());
    });
    expect(sorted(update.map((i) => i.key))).toEqual(sorted(differ.map((a) => a.key)));
    expect(open.length).toBeGreaterThan(0);
    expect(close.length).toBeGreaterThan(0);
    expect(update.length).toBeGreaterThan(0);
  });

  it('prints the headline and every change as text', async () => {
    const text = await runCli(['plan', '--base', 'main', '--dir', repo.dir]);
    expect(text.code).toBe(ExitCode.ok);
    const n = report.impact!.raised.P2;
    expect(text.stdout[0]).toMatch(new RegExp(`^ctem plan: working tree against main \\([0-9a-f]{12}\\), \\d+ exposures: raises ${n} exposures to P2, .*; opens ${report.impact!.issues.open.length} issues?, updates ${report.impact!.issues.update.length}, closes ${report.impact!.issues.close.length}$`));
    for (const c of report.impact!.changes) expect(text.stdout.some((l) => l.includes(c.fingerprint))).toBe(true);
  });

  it('writes a pull request comment that starts with the sticky marker', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'ctem-plan-md-')), 'comment.md');
    const md = await runCli(['plan', '--base', 'main', '--dir', repo.dir, '--format', 'markdown', '--out', out]);
    expect(md.code).toBe(ExitCode.ok);
    const body = await readFile(out, 'utf8');
    expect(body.startsWith(`${PLAN_MARKER}\n## ctem plan`)).toBe(true);
    expect(body).toContain(`**raises ${report.impact!.raised.P2} exposures to P2**`);
    expect(body).toContain('### Issues the next run would change');
  });

  it('reads the base from Git without touching the working tree or the index', async () => {
    expect(await repo.git.raw(['status', '--porcelain'])).toBe(statusBefore);
    expect((await repo.git.raw(['symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/raise-internet-medium');
  });

  it('also compares uncommitted changes in the working tree', async () => {
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P2/, '$1P1');
    try {
      const r = await runCli(['plan', '--base', 'main', '--dir', repo.dir, '--format', 'json']);
      expect((JSON.parse(r.stdout.join('\n')) as PlanReport).impact!.raised.P1).toBe(report.impact!.raised.P2);
    } finally {
      await repo.git.raw(['checkout', '--', POLICY]);
    }
  });
});

describe('ctem plan: what it refuses, with a way out', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await exposureRepo();
  }, 60_000);

  const oneError = (r: CliResult) => r.stderr.filter((l) => !l.startsWith('  hint:'));

  it('a base ref that does not exist: exit 7, one line, a hint', async () => {
    const r = await runCli(['plan', '--base', 'mian', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.git);
    expect(oneError(r)).toEqual(["unknown Git ref 'mian'"]);
    expect(r.stderr[1]).toMatch(/^ {2}hint: check the name \(git branch -a\), or fetch it: git fetch origin mian$/);
    expect(r.stdout).toEqual([]);
  });

  it('a base that only exists as a remote branch: the hint names it', async () => {
    await repo.git.raw(['update-ref', 'refs/remotes/origin/release', 'HEAD']);
    const r = await runCli(['plan', '--base', 'release', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.git);
    expect(r.stderr.join('\n')).toContain('hint: there is a remote branch: --base origin/release');
  });

  it('a ref that looks like an option, or no --base at all: usage errors', async () => {
    expect((await runCli(['plan', '--base', '--upload-pack=x', '--dir', repo.dir])).code).toBe(ExitCode.usage);
    expect((await runCli(['plan', '--base=-x', '--dir', repo.dir])).code).toBe(ExitCode.usage);
    const none = await runCli(['plan', '--dir', repo.dir]);
    expect(none.code).toBe(ExitCode.usage);
    expect(none.stderr[0]).toMatch(/--base REF is required/);
  });

  it('outside a Git repository: exit 7', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-plan-nogit-'));
    await cp(fixture('ledger', 'repo'), dir, { recursive: true });
    const r = await runCli(['plan', '--base', 'main', '--dir', dir]);
    expect(r.code).toBe(ExitCode.git);
    expect(r.stderr[0]).toMatch(/is not in a Git repository/);
  });

  it('a shallow clone without the base: exit 7 naming the problem; fetching the base as the hint says fixes it', async () => {
    await repo.git.checkoutLocalBranch('change');
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P3/, '$1P2');
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Raise');
    const clone = await mkdtemp(join(tmpdir(), 'ctem-plan-shallow-'));
    await simpleGit().clone(`file://${repo.dir}`, clone, ['--depth', '1', '--branch', 'change', '--single-branch', '--quiet']);
    const r = await runCli(['plan', '--base', 'main', '--dir', clone]);
    expect(r.code).toBe(ExitCode.git);
    expect(r.stderr[0]).toBe("the base 'main' is not in this shallow clone: its history was not fetched");
    expect(r.stderr[1]).toContain('git fetch --no-tags --depth=1 origin main:refs/remotes/origin/main');
    expect(r.stderr[1]).toContain('fetch-depth: 0');

    await simpleGit({ baseDir: clone }).raw(['fetch', '--no-tags', '--depth=1', 'origin', 'main:refs/remotes/origin/main']);
    const ok = await runCli(['plan', '--base', 'origin/main', '--dir', clone, '--format', 'json']);
    expect(ok.code, ok.stderr.join('\n')).toBe(ExitCode.ok);
    expect((JSON.parse(ok.stdout.join('\n')) as PlanReport).impact!.raised.P2).toBeGreaterThan(0);
  });

  it("an invalid working tree configuration: its errors, in the comment too, and exit 3", async () => {
    await edit(repo.dir, POLICY, 'priority: P2', 'prority: P2');
    try {
      const out = join(await mkdtemp(join(tmpdir(), 'ctem-plan-md-')), 'comment.md');
      const r = await runCli(['plan', '--base', 'main', '--dir', repo.dir, '--format', 'markdown', '--out', out]);
      expect(r.code).toBe(ExitCode.config);
      expect(r.stderr.some((l) => l.startsWith(`${POLICY}:`))).toBe(true);
      const body = await readFile(out, 'utf8');
      expect(body.startsWith(PLAN_MARKER)).toBe(true);
      expect(body).toContain(':x: **The configuration is invalid**');
      expect(body).toContain(POLICY);
    } finally {
      await repo.git.raw(['checkout', '--', POLICY]);
    }
  });

  it('an invalid configuration at the base: exit 3, its errors located at the base', async () => {
    await repo.git.raw(['checkout', '--quiet', '-b', 'broken', 'main']);
    await edit(repo.dir, POLICY, 'priority: P2', 'prority: P2');
    await commitAs(repo.git, 'Eve', 'eve@example.com', 'Broken');
    await repo.git.raw(['checkout', '--quiet', 'change']);
    const r = await runCli(['plan', '--base', 'broken', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.config);
    expect(r.stderr.some((l) => l.startsWith(`broken:${POLICY}:`))).toBe(true);
    expect(r.stderr.join('\n')).toContain("the configuration at 'broken'");
  });
});

describe('ctem plan and the policy tests', () => {
  it('runs them under the working tree, says which now fail and that they passed on the base, and exits 6', async () => {
    const repo = await exposureRepo();
    await writeFile(
      join(repo.dir, 'policies', '50-baseline.test.yaml'),
      [
        'description: Baseline rules.',
        'now: 2026-11-28T10:00:00Z',
        'cases:',
        '  - name: Medium on the internet-facing gateway is P3',
        '    finding: { vulnerabilityId: CVE-2024-0001, severity: medium }',
        '    asset: edge-gateway',
        '    expect: { priority: P3, rule: medium-internet }',
        '',
      ].join('\n'),
    );
    await commitAs(repo.git, 'Alice Admin', 'alice@example.com', 'Policy tests');
    await repo.git.checkoutLocalBranch('raise');
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P3/, '$1P2');
    const r = await runCli(['plan', '--base', 'main', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.tests);
    expect(r.stdout).toContain('policy tests: 1 of 1 case(s) fail');
    expect(r.stdout.some((l) => /50-baseline\.test\.yaml:4: Medium on the internet-facing gateway is P3 \(passes on the base\): priority: expected P3, got P2/.test(l))).toBe(true);
    await rm(join(repo.dir, 'policies', '50-baseline.test.yaml'));
  }, 60_000);
});

describe('ctem plan on a branch that adds a rule which fails', () => {
  it('reports where the rule is and how many exposures it failed on, in the text, the JSON and the comment, as a warning', async () => {
    const repo = await exposureRepo();
    await repo.git.checkoutLocalBranch('broken-rule');
    // missing_some with no list of keys throws (as json-logic-js does): the rule fails on every exposure with no path
    // to a crown jewel (a null path_length), and holds for none.
    await writeFile(
      join(repo.dir, 'policies', '05-broken.yaml'),
      ['id: broken', 'rules:', '  - id: reads-a-missing-list', '    when:', '      "==": [{ missing_some: [1, { var: validation.path_length }] }, never]', '    set:', '      priority: P1', ''].join('\n'),
    );
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Add a rule');

    const json = await runCli(['plan', '--base', 'main', '--dir', repo.dir, '--format', 'json']);
    expect(json.code).toBe(ExitCode.ok);
    const report = JSON.parse(json.stdout.join('\n')) as PlanReport;
    // A rule that fails holds for no exposure: nothing is decided differently.
    expect(report.impact!.changes).toEqual([]);
    expect(report.ruleFailures).toEqual([
      expect.objectContaining({ code: 'rule-failed', severity: 'warning', file: 'policies/05-broken.yaml', line: 5, column: 7 }),
    ]);
    const message = report.ruleFailures![0]!.message;
    expect(message).toMatch(/^rule 'reads-a-missing-list' failed on \d+ exposures \(the first [0-9a-f]{20}\): Cannot read properties of null/);

    const text = await runCli(['plan', '--base', 'main', '--dir', repo.dir]);
    expect(text.stdout).toContain('rules that fail (1; a rule that fails counts as not holding):');
    expect(text.stdout).toContain(`  policies/05-broken.yaml:5:7: warning: ${message}`);

    const out = join(repo.dir, 'comment.md');
    await runCli(['plan', '--base', 'main', '--dir', repo.dir, '--format', 'markdown', '--out', out]);
    const body = await readFile(out, 'utf8');
    expect(body).toContain('### Rules that fail');
    // Escaped as everything the pull request supplies is (engine/mobilise/sanitize.ts).
    const count = /failed on (\d+) exposures/.exec(message)![1];
    expect(body).toContain(`- policies/05-broken.yaml:5:7: warning: rule &#39;reads-a-missing-list&#39; failed on ${count} exposures \\(the first `);
  }, 120_000);
});
