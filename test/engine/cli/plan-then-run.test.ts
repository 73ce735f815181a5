/**
 * The GitOps loop end to end, in a real temporary Git repository against the test
 * GitHub: a real run on main opens the issues; a branch changes a rule; `ctem plan
 * --base main` says which exposures change priority and which issues the next run
 * opens, updates and closes; the branch is merged and the next real run does exactly
 * that on GitHub. Each run is recorded in the ledger with the issue it is tracked in,
 * and a third run over changed findings closes issues with the ledger's "last seen".
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../engine/errors.ts';
import type { ActionOutcome } from '../../../engine/github/outcome.ts';
import type { DecisionAt } from '../../../engine/ledger/history.ts';
import type { TimelineEntry } from '../../../engine/ledger/timeline.ts';
import { parseCommentMarker } from '../../../engine/mobilise/markers.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import type { PlanReport } from '../../../engine/plan/report.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { allIssues, duplicateKeys, expectNoViolations, runCtem, startGitHub, type CliRun } from '../github/support.ts';
import { commitAs, exposureRepo, type TestRepo } from '../../support/ledger-repo.ts';

const DAY1 = '2026-11-01T06:00:00.000Z';
const DAY2 = '2026-11-02T06:00:00.000Z';
const DAY3 = '2026-11-03T06:00:00.000Z';
const POLICY = 'policies/50-baseline.yaml';
const GATEWAY_REPORT = 'reports/edge-gateway.trivy.json';
/** Every repository the small exposure repository's issues go to (test/fixtures/ledger/repo). */
const REPOSITORIES = ['security', 'payments-api', 'ledger-core', 'batch-worker', 'edge-gateway'];

interface RunResult {
  cli: CliRun;
  decisions: Map<string, Decision>;
  outcomes: ActionOutcome[];
  /** The requests the run sent to GitHub that change something: `operationId #number`. */
  writes: { operationId: string; number?: number }[];
}

async function edit(dir: string, file: string, from: RegExp, to: string): Promise<void> {
  const text = await readFile(join(dir, file), 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  await writeFile(join(dir, file), next);
}

const sorted = (xs: Iterable<string>) => [...xs].sort();
const json = <T>(r: { stdout: string[] }): T => JSON.parse(r.stdout.join('\n')) as T;

describe('ctem plan on a pull request, then the run after merging, against the test GitHub', () => {
  let repo: TestRepo;
  let gh: TestGitHub;
  let scratch: string;
  let env: Record<string, string>;
  let plan: PlanReport;
  const runs: RunResult[] = [];
  /** Issue number → remediation unit key, from the issues on the test GitHub. */
  let keyOf: Map<string, string>;

  async function run(now: string): Promise<RunResult> {
    const out = join(scratch, `out-${runs.length + 1}`);
    gh.log.clear();
    const cli = await runCtem(['run', '--ledger', '--dir', repo.dir, '--out', out, '--cache', join(scratch, 'etags.json')], { env, now });
    if (cli.code !== 0) throw new Error([...cli.stdout, ...cli.stderr].join('\n'));
    const decisions = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
    const { outcomes } = JSON.parse(await readFile(join(out, 'mobilisation.json'), 'utf8')) as { outcomes: ActionOutcome[] };
    const writes = gh.log.entries
      .filter((e) => e.write)
      .map((e) => ({ operationId: e.operationId ?? '?', number: Number(/\/issues\/(\d+)/.exec(e.path)?.[1]) || undefined, repository: e.path.split('/').slice(2, 4).join('/') }))
      .map(({ repository, ...w }) => ({ ...w, operationId: `${w.operationId} ${repository}` }));
    return { cli, decisions: new Map(decisions.map((d) => [d.fingerprint, d])), outcomes, writes };
  }

  beforeAll(async () => {
    repo = await exposureRepo();
    scratch = await mkdtemp(join(tmpdir(), 'ctem-plan-run-'));
    gh = await startGitHub();
    for (const name of REPOSITORIES) gh.state.seedRepo({ owner: 'ledger-test', name });
    env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: gh.url };

    // Day 1, on main: the first real run opens the issues the configuration wants.
    runs.push(await run(DAY1));

    // A pull request: medium severity on the internet becomes P2; critical and high go to central triage.
    await repo.git.checkoutLocalBranch('raise-internet-medium');
    await edit(repo.dir, POLICY, /(id: medium-internet[\s\S]*?priority: )P3/, '$1P2');
    await edit(repo.dir, POLICY, /(id: severe[\s\S]*?priority: P2)/, '$1\n      route: central-triage');
    await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Raise internet-facing medium to P2; severe findings to triage');
    const p = await runCtem(['plan', '--base', 'main', '--ledger', '--dir', repo.dir, '--format', 'json'], { env, now: DAY2 });
    if (p.code !== 0) throw new Error(p.stderr.join('\n'));
    plan = json<PlanReport>(p);

    // Merged; day 2, on main: the next real run.
    await repo.git.checkout('main');
    await repo.git.merge(['--ff-only', 'raise-internet-medium']);
    runs.push(await run(DAY2));
    keyOf = new Map(allIssues(gh).map((i) => [`${i.repository}#${i.issue.number}`, i.key!]));

    // Day 3: the edge gateway's scanner reports nothing any more.
    await rm(join(repo.dir, GATEWAY_REPORT));
    runs.push(await run(DAY3));
  }, 300_000);

  it('the first run opens an issue for every remediation unit and sends nothing else that changes issues', () => {
    const [first] = runs;
    const creates = first!.outcomes.filter((o) => o.target === 'issue' && o.op === 'create');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.every((o) => o.status === 'done')).toBe(true);
    expect(first!.outcomes.filter((o) => o.target === 'issue' && o.op !== 'create')).toEqual([]);
  });

  it('the plan lists exactly the exposures whose priority the run after merging changed', () => {
    const [before, after] = runs;
    const changed = [...after!.decisions.values()].filter((d) => before!.decisions.get(d.fingerprint)!.priority !== d.priority).map((d) => d.fingerprint);
    expect(changed.length).toBeGreaterThan(0);
    expect(sorted(plan.impact!.changes.filter((c) => c.changed.includes('priority')).map((c) => c.fingerprint))).toEqual(sorted(changed));
    for (const c of plan.impact!.changes.filter((x) => x.changed.includes('priority'))) {
      expect([c.before!.priority, c.after!.priority]).toEqual([before!.decisions.get(c.fingerprint)!.priority, after!.decisions.get(c.fingerprint)!.priority]);
    }
  });

  it('plans opening, updating and closing issues, and the run after merging performs exactly those actions', () => {
    const { open, update, close } = plan.impact!.issues;
    expect(open.length).toBeGreaterThan(0);
    expect(update.length).toBeGreaterThan(0);
    expect(close.length).toBeGreaterThan(0);
    const done = (op: string) => sorted(runs[1]!.outcomes.filter((o) => o.target === 'issue' && o.op === op && o.status === 'done').map((o) => o.key));
    expect(done('create')).toEqual(sorted(open.map((i) => i.key)));
    expect(done('update')).toEqual(sorted(update.map((i) => i.key)));
    expect(done('close')).toEqual(sorted(close.map((i) => i.key)));
    // A priority or due date that moves is announced on the issue before it changes.
    const moved = update.filter((i) => i.fields!.includes('priority') || i.fields!.includes('due date')).map((i) => i.key);
    expect(done('comment')).toEqual(sorted(moved));
    expect(runs[1]!.outcomes.filter((o) => o.target === 'issue' && !['create', 'update', 'close', 'comment'].includes(o.op))).toEqual([]);
    expect(runs[1]!.outcomes.every((o) => o.status === 'done')).toBe(true);
  });

  it('sends GitHub exactly the requests those actions need: one create per opened issue, edits only to the planned issues', () => {
    const { open, update, close } = plan.impact!.issues;
    const writes = runs[1]!.writes;
    const creates = writes.filter((w) => w.operationId.startsWith('issues/create '));
    expect(sorted(creates.map((w) => w.operationId.split(' ')[1]!))).toEqual(sorted(open.map((i) => i.repository)));
    const touched = new Set(writes.filter((w) => w.number !== undefined).map((w) => keyOf.get(`${w.operationId.split(' ')[1]}#${w.number}`)));
    expect(sorted(touched as Set<string>)).toEqual(sorted([...update, ...close].map((i) => i.key)));
    expect(writes.map((w) => w.operationId.split(' ')[0]).filter((op) => !['issues/create', 'issues/update', 'issues/create-comment', 'issues/create-label'].includes(op!))).toEqual([]);
    expect(duplicateKeys(allIssues(gh))).toEqual([]);
    expectNoViolations(gh);
  });

  it('records three runs as three commits on the ledger branch', async () => {
    const log = (await repo.git.raw(['log', '--format=%s', 'ctem-ledger'])).trim().split('\n');
    expect(log).toHaveLength(3);
    expect(log.reverse().map((s) => s.slice(0, `ctem run ${DAY1}`.length))).toEqual([`ctem run ${DAY1}`, `ctem run ${DAY2}`, `ctem run ${DAY3}`]);
    for (const r of runs) expect(r.cli.stdout.at(-1)).toMatch(/^ledger: recorded in branch ctem-ledger @ [0-9a-f]{12}: /);
  });

  it("records the run's issue actions as performed: each with its issue number, URL and outcome", async () => {
    const record = JSON.parse(await repo.git.show([`ctem-ledger~1:runs/2026/${DAY2.replace(/:/g, '')}.json`])) as { dry_run: boolean; actions: { op: string; key: string; number?: number; url?: string; status?: string }[] };
    expect(record.dry_run).toBe(false);
    const performed = runs[1]!.outcomes.filter((o) => o.target === 'issue');
    expect(sorted(record.actions.map((a) => `${a.op} ${a.key} #${a.number} ${a.url} ${a.status}`))).toEqual(sorted(performed.map((o) => `${o.op} ${o.key} #${o.number} ${o.url} ${o.status}`)));
  });

  it('records, for each exposure, the number and URL of the issue it is tracked in', async () => {
    const issues = new Map(allIssues(gh).map((i) => [i.key!, i]));
    let checked = 0;
    for (const d of runs[1]!.decisions.values()) {
      if (d.status !== 'open') continue;
      const record = JSON.parse(await repo.git.show([`ctem-ledger~1:exposures/${d.fingerprint.slice(0, 2)}/${d.fingerprint}.json`])) as { issue: { key: string; repository: string; number?: number; url?: string } };
      const issue = issues.get(record.issue.key)!;
      expect(record.issue).toEqual({ key: issue.key, repository: issue.repository, number: issue.issue.number, url: `${gh.url}/${issue.repository}/issues/${issue.issue.number}` });
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('closes the issues of the findings that went away, saying when the ledger last saw them', () => {
    const closed = runs[2]!.outcomes.filter((o) => o.target === 'issue' && o.op === 'close' && o.status === 'done');
    expect(closed.length).toBeGreaterThan(0);
    for (const o of closed) {
      expect(o.repository).toBe('ledger-test/edge-gateway');
      const issue = allIssues(gh).find((i) => i.repository === o.repository && i.issue.number === o.number)!.issue;
      expect(issue.state).toBe('closed');
      const comment = issue.comments.filter((c) => parseCommentMarker(c.body)?.kind === 'close').at(-1)!;
      expect(comment.body).toContain(`Last seen: ${DAY2}.`);
    }
  });

  it("`ctem history` shows an exposure's timeline across the three runs, with its issue", async () => {
    const gateway = [...runs[0]!.decisions.values()].find((d) => d.asset === 'edge-gateway' && d.rule.id === 'medium-internet')!;
    const r = await runCtem(['history', gateway.fingerprint, '--dir', repo.dir, '--format', 'json']);
    expect(r.code, r.stderr.join('\n')).toBe(ExitCode.ok);
    const timeline = json<{ timeline: TimelineEntry[] }>(r).timeline;
    expect(timeline.map((e) => [e.run_at, e.event])).toEqual([
      [DAY1, 'opened'],
      [DAY2, 'changed'],
      [DAY3, 'closed'],
    ]);
    expect(timeline[1]!.changes).toContainEqual({ field: 'priority', from: 'P3', to: 'P2' });

    const number = runs[0]!.outcomes.find((o) => o.op === 'create' && o.key === timeline[0]!.record!.issue!.key)!.number;
    const text = await runCtem(['history', gateway.fingerprint.slice(0, 8), '--dir', repo.dir]);
    expect(text.stdout[2]).toBe(`issue: ledger-test/edge-gateway#${number} ${gh.url}/ledger-test/edge-gateway/issues/${number}`);
    expect(text.stdout.find((l) => l.startsWith(DAY1))).toMatch(new RegExp(`opened: P3 open, rule medium-internet .*, issue ledger-test/edge-gateway#${number}$`));
  });

  it('`ctem explain --at` the first run reproduces the first decision, with the issue it opened', async () => {
    const first = [...runs[0]!.decisions.values()].find((d) => d.asset === 'edge-gateway' && d.rule.id === 'medium-internet')!;
    const r = await runCtem(['explain', first.fingerprint, '--at', DAY1.slice(0, 10), '--dir', repo.dir, '--format', 'json']);
    expect(r.code, r.stderr.join('\n')).toBe(ExitCode.ok);
    const at = json<DecisionAt>(r);
    expect(at.run_at).toBe(DAY1);
    const { enrichment: _e, finding: _f, ...rest } = first;
    expect(at.decision).toMatchObject(rest);
    const created = runs[0]!.outcomes.find((o) => o.op === 'create' && o.key === at.decision!.issue!.key)!;
    expect(at.decision!.issue).toMatchObject({ repository: 'ledger-test/edge-gateway', number: created.number, url: created.url });
  });
});
