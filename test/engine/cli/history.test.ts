import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../engine/errors.ts';
import type { DecisionAt } from '../../../engine/ledger/history.ts';
import type { Provenance } from '../../../engine/ledger/provenance.ts';
import type { TimelineEntry } from '../../../engine/ledger/timeline.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { runCli, type CliResult } from '../../support/cli.ts';
import { commitAs, exposureRepo, type TestRepo } from '../../support/ledger-repo.ts';

const DAY1 = '2026-11-01T06:00:00.000Z';
const DAY2 = '2026-11-02T06:00:00.000Z';
const DAY3 = '2026-11-03T06:00:00.000Z';
const GATEWAY_REPORT = 'reports/edge-gateway.trivy.json';
const POLICY = 'policies/50-baseline.yaml';

async function run(dir: string, now: string): Promise<{ result: CliResult; decisions: Decision[] }> {
  const out = await mkdtemp(join(tmpdir(), 'ctem-history-out-'));
  const result = await runCli(['run', '--dry-run', '--ledger', '--dir', dir, '--out', out], { now });
  if (result.code !== 0) throw new Error(result.stderr.join('\n'));
  const decisions = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
  return { result, decisions };
}

const json = <T>(r: CliResult): T => JSON.parse(r.stdout.join('\n')) as T;

describe('three runs over changing findings, recorded in the ledger', () => {
  let repo: TestRepo;
  let runs: Awaited<ReturnType<typeof run>>[];
  let gateway: Decision;
  let bobCommit: string;

  beforeAll(async () => {
    repo = await exposureRepo();
    runs = [await run(repo.dir, DAY1)];
    // Day 2: the edge gateway's scanner reports nothing (the source is optional).
    await rm(join(repo.dir, GATEWAY_REPORT));
    runs.push(await run(repo.dir, DAY2));
    // Day 3: the findings are back, and Bob has raised medium severity on the internet to P2.
    await repo.git.raw(['checkout', '--', GATEWAY_REPORT]);
    const policy = await readFile(join(repo.dir, POLICY), 'utf8');
    await writeFile(join(repo.dir, POLICY), policy.replace(/(id: medium-internet[\s\S]*?priority: )P3/, '$1P2'));
    bobCommit = await commitAs(repo.git, 'Bob Policy', 'bob@example.com', 'Raise internet-facing medium to P2');
    runs.push(await run(repo.dir, DAY3));
    gateway = runs[0]!.decisions.find((d) => d.asset === 'edge-gateway' && d.rule.id === 'medium-internet')!;
  }, 180_000);

  it('makes three commits on the ledger branch, one per run, and leaves main and the working tree alone', async () => {
    const log = (await repo.git.raw(['log', '--format=%s', 'ctem-ledger'])).trim().split('\n');
    expect(log).toHaveLength(3);
    expect(log[2]).toBe(`ctem dry run ${DAY1}: 12 exposures (12 new, 0 changed, 0 closed)`);
    expect(log[1]).toBe(`ctem dry run ${DAY2}: 8 exposures (0 new, 0 changed, 4 closed)`);
    expect(log[0]).toMatch(new RegExp(`^ctem dry run ${DAY3}: 12 exposures \\(0 new, 4 reopened, \\d+ changed, 0 closed\\)$`));
    expect(runs[0]!.result.stdout.at(-1)).toMatch(/^ledger: recorded in branch ctem-ledger @ [0-9a-f]{12}: 12 new, 0 reopened, 0 changed, 0 closed, 0 unchanged$/);
    expect((await repo.git.raw(['rev-list', '--count', 'main'])).trim()).toBe('2');
    expect(await repo.git.raw(['status', '--porcelain'])).toBe('');
  });

  it('keeps the first-seen date of an exposure that closed and came back, so its SLA does not restart', () => {
    const back = runs[2]!.decisions.find((d) => d.fingerprint === gateway.fingerprint)!;
    expect(back.first_seen).toBe(DAY1);
    expect(back.due_date).toBe('2026-12-01');
  });

  it("`ctem history` shows the exposure's timeline: opened, closed, reopened at P2 under Bob's rule", async () => {
    const r = await runCli(['history', gateway.fingerprint.slice(0, 8), '--dir', repo.dir]);
    expect(r.code, r.stderr.join('\n')).toBe(ExitCode.ok);
    const events = r.stdout.filter((l) => /^\d{4}-/.test(l));
    expect(events).toHaveLength(3);
    expect(events[0]).toMatch(new RegExp(`^${DAY1}  [0-9a-f]{12}  opened: P3 open, rule medium-internet \\(${POLICY}@[0-9a-f]{12}\\), due 2027-01-30$`));
    expect(events[1]).toMatch(new RegExp(`^${DAY2}  [0-9a-f]{12}  closed: no longer reported$`));
    expect(events[2]).toMatch(new RegExp(`^${DAY3}  [0-9a-f]{12}  reopened: P2 open, rule medium-internet \\(${POLICY}@${bobCommit.slice(0, 12)}\\), due 2026-12-01$`));
  });

  it('names who changed the deciding rule, and in which commit, from git blame of its lines', async () => {
    const r = json<{ provenance: Provenance[] }>(await runCli(['history', gateway.fingerprint, '--dir', repo.dir, '--format', 'json']));
    const [first, second] = r.provenance;
    expect(first).toMatchObject({ what: 'rule', id: 'medium-internet', file: POLICY, dirty: false, last_change: { author: 'Alice Admin', author_mail: 'alice@example.com', summary: 'Initial configuration' } });
    expect(second).toMatchObject({ what: 'rule', id: 'medium-internet', commit: bobCommit, last_change: { commit: bobCommit, author: 'Bob Policy', author_mail: 'bob@example.com', summary: 'Raise internet-facing medium to P2' } });
    const policy = (await readFile(join(repo.dir, POLICY), 'utf8')).split('\n');
    expect(policy[second!.lines!.start - 1]).toMatch(/- id: medium-internet$/);
    expect(policy[second!.lines!.end - 1]).toMatch(/priority: P2$/);
    const text = await runCli(['history', gateway.fingerprint, '--dir', repo.dir]);
    expect(text.stdout).toContain(
      `  rule medium-internet (${POLICY}:${second!.lines!.start}-${second!.lines!.end} at ${bobCommit.slice(0, 12)}): last changed by Bob Policy <bob@example.com> on ${second!.last_change!.author_time.slice(0, 10)} in ${bobCommit.slice(0, 12)} "Raise internet-facing medium to P2"`,
    );
  });

  it('names who wrote the exception behind an excepted exposure; the other gateway exposures closed and came back too', async () => {
    const excepted = runs[0]!.decisions.find((d) => d.status === 'excepted')!;
    const r = json<{ timeline: TimelineEntry[]; provenance: Provenance[] }>(await runCli(['history', excepted.fingerprint, '--dir', repo.dir, '--format', 'json']));
    expect(r.timeline.map((e) => e.event)).toEqual(['opened']);
    expect(r.provenance.find((p) => p.what === 'exception')).toMatchObject({ id: 'exc-ledger-protobuf', file: 'exceptions/accepted.yaml', last_change: { author: 'Alice Admin' } });

    const other = runs[0]!.decisions.find((d) => d.asset === 'edge-gateway' && d.fingerprint !== gateway.fingerprint && d.rule.id === 'medium-internet')!;
    const t = json<{ timeline: TimelineEntry[] }>(await runCli(['history', other.fingerprint, '--dir', repo.dir, '--format', 'json'])).timeline;
    expect(t.map((e) => e.event)).toEqual(['opened', 'closed', 'reopened']);
  });

  it('`ctem explain --at` the first run reproduces the first decision', async () => {
    const r = await runCli(['explain', gateway.fingerprint, '--at', DAY1.slice(0, 10), '--dir', repo.dir, '--format', 'json']);
    expect(r.code, r.stderr.join('\n')).toBe(ExitCode.ok);
    const at = json<DecisionAt>(r);
    expect(at.run_at).toBe(DAY1);
    const { enrichment, finding, ...rest } = gateway;
    expect(at.decision).toMatchObject(rest);
    const { epss: _epss, ...steady } = enrichment;
    expect(at.decision!.enrichment).toEqual(steady);
    const { sources, ...findingRest } = finding;
    expect(at.decision!.finding).toMatchObject(findingRest);
    expect(at.decision!.finding.sources).toEqual(sources.map(({ pointer: _p, ...s }) => s));
  });

  it('`ctem explain --at` explains the past decision in words, and says when the exposure was closed or not yet seen', async () => {
    const text = await runCli(['explain', gateway.fingerprint, '--at', '2026-11-01T12:00:00Z', '--dir', repo.dir]);
    expect(text.stdout[0]).toBe(`As decided by the run of ${DAY1} (branch ctem-ledger, record of commit ${text.stdout[0]!.match(/commit ([0-9a-f]{12})/)![1]}):`);
    expect(text.stdout.join('\n')).toMatch(/P3 because rule medium-internet in policies\/50-baseline\.yaml@[0-9a-f]{12}/);
    const closed = await runCli(['explain', gateway.fingerprint, '--at', DAY2.slice(0, 10), '--dir', repo.dir]);
    expect(closed.stdout[0]).toMatch(new RegExp(`^exposure ${gateway.fingerprint} was closed at 2026-11-02: the run of ${DAY2} no longer reported it`));
    const later = json<DecisionAt>(await runCli(['explain', gateway.fingerprint, '--at', '2026-11-30', '--dir', repo.dir, '--format', 'json']));
    expect(later.decision).toMatchObject({ priority: 'P2', overdue: false });
    const before = await runCli(['explain', gateway.fingerprint, '--at', '2026-10-31', '--dir', repo.dir]);
    expect(before.code).toBe(ExitCode.usage);
    expect(before.stderr[0]).toMatch(/had not been seen yet at 2026-10-31/);
    expect((await runCli(['explain', gateway.fingerprint, '--at', 'last tuesday', '--dir', repo.dir])).code).toBe(ExitCode.usage);
  });

  it('unknown ids: exit 2 with a hint', async () => {
    const r = await runCli(['history', 'ffffffff', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr[0]).toBe('no exposure ffffffff in the ledger (branch ctem-ledger)');
    expect((await runCli(['history', '../etc', '--dir', repo.dir])).code).toBe(ExitCode.usage);
  });

  it('a ledger that diverged from its remote copy: history and runs stop with exit 7 and a way out; nothing is rewritten', async () => {
    const tip = (await repo.git.revparse(['ctem-ledger'])).trim();
    const tree = (await repo.git.raw(['rev-parse', 'main^{tree}'])).trim();
    const forced = (await repo.git.raw(['commit-tree', tree, '-m', 'force-pushed'])).trim();
    await repo.git.raw(['update-ref', 'refs/remotes/origin/ctem-ledger', forced]);
    try {
      const h = await runCli(['history', gateway.fingerprint, '--dir', repo.dir]);
      expect(h.code).toBe(ExitCode.git);
      expect(h.stderr[0]).toMatch(/^the ledger branch 'ctem-ledger' \([0-9a-f]{12}\) and 'origin\/ctem-ledger' \([0-9a-f]{12}\) have diverged/);
      expect(h.stderr[1]).toMatch(/^ {2}hint: .*docs\/ledger\.md#when-the-ledger-diverged$/);
      const r = await runCli(['run', '--dry-run', '--ledger', '--dir', repo.dir, '--out', await mkdtemp(join(tmpdir(), 'ctem-history-out-'))], { now: '2026-11-04T06:00:00.000Z' });
      expect(r.code).toBe(ExitCode.git);
      expect((await repo.git.revparse(['ctem-ledger'])).trim()).toBe(tip);
      expect((await repo.git.revparse(['origin/ctem-ledger'])).trim()).toBe(forced);
    } finally {
      await repo.git.raw(['update-ref', '-d', 'refs/remotes/origin/ctem-ledger']);
    }
  });
});

describe('an empty ledger', () => {
  it('history says there is nothing recorded yet, and how to record', async () => {
    const repo = await exposureRepo();
    const r = await runCli(['history', 'abcdef12', '--dir', repo.dir]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr[0]).toBe('the ledger (branch ctem-ledger) has no commits yet');
    expect(r.stderr[1]).toMatch(/hint: record a run first: ctem run --dry-run --ledger/);
  }, 30_000);
});
