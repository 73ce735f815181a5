import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../../engine/model/decision.ts';
import type { Action } from '../../../engine/mobilise/plan.ts';
import { fixture, repoRoot } from '../../support/corpus.ts';
import { runCli, type CliResult } from '../../support/cli.ts';

describe('ctem run --dry-run on the bundled example', () => {
  let out: string;
  let result: CliResult;
  let decisions: Decision[];
  let actions: Action[];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'ctem-run-'));
    result = await runCli(['run', '--dry-run', '--out', out]);
    decisions = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
    actions = (JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as { actions: Action[] }).actions;
  });

  it('succeeds and prints a summary by scope and priority', () => {
    expect(result.code).toBe(0);
    expect(result.stdout.join('\n')).toMatch(/scope\s+P1\s+P2\s+P3\s+P4\s+excepted\s+suppressed\s+total/);
    for (const s of ['payments', 'identity', 'storefront', 'platform']) expect(result.stdout.some((l) => l.startsWith(s))).toBe(true);
  });

  it('names the rule and policy file in every decision', () => {
    expect(decisions.length).toBeGreaterThan(20);
    for (const d of decisions) {
      expect(d.rule.id).toMatch(/\S/);
      expect(d.rule.file).toMatch(/^(policies\/.+\.yaml|ctem\.yaml)$/);
    }
  });

  it('makes Spring4Shell on the internet-facing payments API a P1 because it is in CISA KEV', () => {
    const d = decisions.find((x) => x.finding.vulnerability_id === 'CVE-2022-22965');
    expect(d).toMatchObject({ asset: 'payments-api', priority: 'P1', rule: { id: 'kev-internet-facing' }, inputs: { 'kev.listed': true, 'validation.internet_exposed': true } });
    expect(d!.feeds.kev?.catalog_version).toBe('2025.08.25');
  });

  it('applies exceptions, with the approver in the decision', () => {
    const d = decisions.find((x) => x.exception?.id === 'exc-2026-014');
    expect(d).toMatchObject({ status: 'excepted', asset: 'edge-gateway', exception: { approver: 'security-lead' } });
  });

  it('plans issues that each have an owner, a priority, a due date and a rendered body', () => {
    const creates = actions.filter((a): a is Extract<Action, { op: 'create' }> => a.op === 'create');
    expect(creates.length).toBeGreaterThan(5);
    for (const a of creates) {
      expect(a.priority).toMatch(/^P[1-4]$/);
      expect(a.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.body).toMatch(/Owner: @acme-robotics\/[a-z-]+-team/);
      expect(a.body).toContain('<!-- ctem:issue ');
      expect(a.body.length).toBeLessThan(65_536);
    }
  });

  it('groups per asset and package: one issue for all CVEs of one package on one asset', () => {
    const upgrades = actions.flatMap((a) => (a.op === 'create' && a.title.startsWith('Upgrade ') ? [a.title.replace(/:.*$/, '')] : []));
    expect(upgrades.length).toBeGreaterThan(3);
    expect(new Set(upgrades).size).toBe(upgrades.length);
    const multi = actions.find((a) => a.op === 'create' && a.exposures > 1);
    expect(multi).toBeDefined();
  });

  it('writes a Markdown plan', async () => {
    const md = await readFile(join(out, 'plan.md'), 'utf8');
    expect(md).toMatch(/^# ctem dry-run plan/);
    expect(md).toContain('### create in acme-robotics/payments-api');
  });

  it('is deterministic: the same inputs give byte-identical decisions and plan', async () => {
    const again = await mkdtemp(join(tmpdir(), 'ctem-run-'));
    await runCli(['run', '--dry-run', '--out', again]);
    for (const f of ['decisions.ndjson', 'plan.json', 'plan.md']) {
      expect(await readFile(join(again, f), 'utf8')).toBe(await readFile(join(out, f), 'utf8'));
    }
  });
});

describe('ctem validate and exit codes', () => {
  it('accepts the repository configuration', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^ctem validate: OK — 5 scopes/);
  });

  it('exits 3 with every located error and runs nothing on a broken configuration', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-run-'));
    const r = await runCli(['run', '--dry-run', '--dir', fixture('config', 'broken'), '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr.filter((l) => /^\S+\.yaml:\d+:\d+: /.test(l))).toHaveLength(4);
    expect(r.stderr.at(-1)).toBe('ctem run: 4 error(s); nothing was run');
    await expect(readFile(join(out, 'decisions.ndjson'))).rejects.toThrow();
  });

  /** This repository's configuration and example in a new directory. */
  async function repositoryCopy(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    for (const d of ['ctem.yaml', 'scopes', 'policies', 'exceptions', 'templates', 'validations', 'examples']) {
      await cp(join(repoRoot, d), join(dir, d), { recursive: true });
    }
    return dir;
  }

  /** This repository's configuration in a new directory, with a CSV inventory `cmdb.csv` of `csv` added to it. */
  async function repositoryWithCmdb(prefix: string, csv: string): Promise<string> {
    const dir = await repositoryCopy(prefix);
    await writeFile(join(dir, 'cmdb.csv'), csv);
    const ctem = await readFile(join(dir, 'ctem.yaml'), 'utf8');
    await writeFile(join(dir, 'ctem.yaml'), ctem.replace('inventory:\n', 'inventory:\n  - connector: inventory-csv\n    path: cmdb.csv\n'));
    return dir;
  }

  it('exits 4, not 3, when an inventory file is malformed, naming the file and line', async () => {
    const dir = await repositoryWithCmdb('ctem-inv-', 'id,type,name\nbatch-01,host,"Batch worker 01\n');
    const r = await runCli(['run', '--dry-run', '--dir', dir, '--out', join(dir, 'out')]);
    expect(r.stderr.find((l) => l.startsWith('cmdb.csv:'))).toMatch(/^cmdb\.csv:2(:\d+)?: /);
    expect(r.code).toBe(4);
  });

  it('names a few of many unscoped assets on the console and every one of them in plan.md', async () => {
    const orphans = Array.from({ length: 25 }, (_, i) => `orphan-${String(i + 1).padStart(2, '0')}`);
    const dir = await repositoryWithCmdb('ctem-drift-', `id,type,name\n${orphans.map((id) => `${id},host,${id}`).join('\n')}\n`);
    const r = await runCli(['run', '--dry-run', '--dir', dir, '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const line = r.stdout.find((l) => l.startsWith('scope drift: '));
    expect(line).toMatch(/^scope drift: 27 asset\(s\) in no scope: (?:[\w-]+, ){9}[\w-]+ and 17 more \(plan\.md lists them all\)$/);
    const planMd = await readFile(join(dir, 'out', 'plan.md'), 'utf8');
    for (const id of [...orphans, 'legacy-ftp', 'hackathon-bot']) expect(planMd).toContain(id);
  });

  it('warns once per failing rule and message, at the rule, however many exposures it failed on', async () => {
    const dir = await repositoryCopy('ctem-rule-fails-');
    // missing_some with no list of keys throws (as json-logic-js does): the rule fails on every exposure with no path
    // to a crown jewel (a null path_length), and holds for none.
    await writeFile(
      join(dir, 'policies', '05-broken.yaml'),
      ['id: broken', 'rules:', '  - id: reads-a-missing-list', '    when:', '      "==": [{ missing_some: [1, { var: validation.path_length }] }, never]', '    set:', '      priority: P1', ''].join('\n'),
    );
    const r = await runCli(['run', '--dry-run', '--dir', dir, '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const warnings = r.stderr.filter((l) => l.includes("rule 'reads-a-missing-list'"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^policies\/05-broken\.yaml:5:7: warning: rule 'reads-a-missing-list' failed on (\d+) exposures \(the first [0-9a-f]{20}\): /);
    const decisions = (await readFile(join(dir, 'out', 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
    expect(Number(/failed on (\d+) exposures/.exec(warnings[0]!)![1])).toBe(decisions.filter((d) => d.validation.path_length === null).length);
    expect(decisions.some((d) => d.rule.id === 'reads-a-missing-list')).toBe(false);
  });

  it('emits GitHub annotations in Actions', async () => {
    const r = await runCli(['validate', '--dir', fixture('config', 'broken')], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stdout).toContain("::error file=scopes/data.yaml,line=7,col=14::'crown_jewel' must be boolean");
  });

  it('exits 2 when CTEM_INGEST_THREADS is not a whole number, saying so in one line with a hint, and writes nothing', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-threads-'));
    const r = await runCli(['run', '--dry-run', '--out', out], { env: { CTEM_INGEST_THREADS: 'two' } });
    expect(r.code).toBe(2);
    expect(r.stderr.slice(0, 2)).toEqual(["CTEM_INGEST_THREADS must be a whole number of threads, not 'two'", '  hint: 0 reads every report on the main thread']);
    await expect(readFile(join(out, 'decisions.ndjson'), 'utf8')).rejects.toThrow();
  });

  it('exits 2 on an unknown command or flag, with a hint', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const r = await runCli(['run', '--dry-run', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["ctem run: unknown option '--bogus'", '  hint: see ctem run --help']);
  });

  it('shows the form --repository takes when it is not owner/name', async () => {
    const r = await runCli(['run', '--dry-run', '--repository', 'security-exposures']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      "ctem run: --repository must be owner/name, not 'security-exposures'",
      '  hint: the exposure repository on GitHub, e.g. --repository acme/security-exposures',
    ]);
  });

  it('has --help on every command', async () => {
    for (const c of ['validate', 'run', 'discover']) {
      const r = await runCli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.join('\n')).toContain(`Usage: ctem ${c}`);
    }
  });

  it('works as an installed binary (npx ctem)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'ctem.js'), '--help'], { cwd: repoRoot });
    expect(stdout).toContain('Usage: ctem <command>');
  });
});
