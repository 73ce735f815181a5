import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../../engine/model/decision.ts';
import { runCli } from '../../support/cli.ts';

const exec = promisify(execFile);

describe('ctem explain over every decision of the example run', () => {
  let file: string;
  let decisions: Decision[];

  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-explain-'));
    expect((await runCli(['run', '--dry-run', '--out', out])).code).toBe(0);
    file = join(out, 'decisions.ndjson');
    decisions = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
  });

  it('names the rule, its file and commit, the feed versions and every input the rule read', async () => {
    expect(decisions.length).toBeGreaterThan(100);
    expect(decisions.every((d) => d.rule.commit !== undefined)).toBe(true); // this checkout is a Git repository
    for (const d of decisions) {
      const r = await runCli(['explain', d.fingerprint, '--decisions', file]);
      const text = r.stdout.join('\n');
      expect(r.code, d.fingerprint).toBe(0);
      const head = r.stdout[0]!;
      expect(head).toMatch(new RegExp(`^${d.exception?.downgraded_from ?? d.priority} (because|by default)`));
      expect(head).toContain(`${d.rule.file}@${d.rule.commit}`);
      if (d.rule.id !== 'default') expect(head).toContain(`because rule ${d.rule.id} in `);
      expect(text).toContain(`EPSS  model ${d.feeds.epss!.model_version}, scores of ${d.feeds.epss!.score_date}`);
      expect(text).toContain(`KEV   catalog ${d.feeds.kev!.catalog_version}`);
      const width = Math.max(0, ...Object.keys(d.inputs).map((k) => k.length));
      for (const [k, v] of Object.entries(d.inputs)) expect(r.stdout).toContain(`  ${k.padEnd(width)}  ${JSON.stringify(v)}`);
      for (const s of d.finding.sources) expect(r.stdout).toContain(`  ${s.tool}  ${s.file}  ${s.pointer}`);
      expect(text).toContain(`due ${d.due_date}`);
      expect(text).toContain(d.scope === null ? 'scope drift' : `scope ${d.scope}: `);
      if (d.exception) expect(text).toContain(`approved by ${d.exception.approver}, applies through ${d.exception.expires}`);
    }
  });

  it('prints the decision itself with --format json', async () => {
    const d = decisions.find((x) => x.finding.vulnerability_id === 'CVE-2022-22965')!;
    const r = await runCli(['explain', d.fingerprint.slice(0, 8), '--decisions', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.join('\n'))).toEqual(d);
  });

  it('explains from a fresh dry run when no decisions file is given, with the same result', async () => {
    const d = decisions.find((x) => x.finding.vulnerability_id === 'CVE-2022-22965')!;
    const fresh = await runCli(['explain', 'CVE-2022-22965']);
    const fromFile = await runCli(['explain', d.fingerprint, '--decisions', file]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toEqual(fromFile.stdout);
    expect(fresh.stdout[0]).toBe(
      `P1 because rule kev-internet-facing in policies/10-exploitation.yaml@${d.rule.commit}: CVE-2022-22965 is in CISA KEV (added 2022-04-04) and asset payments-api is internet-facing.`,
    );
  });
});

describe('ctem explain: IDs it cannot resolve are usage errors (exit 2)', () => {
  it('lists the candidates of an ambiguous ID', async () => {
    const r = await runCli(['explain', 'CVE-2019-1549']);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe("ctem explain: 'CVE-2019-1549' matches 2 exposures in the current run; give one of these fingerprints:");
    expect(r.stderr.slice(1)).toHaveLength(2);
    for (const l of r.stderr.slice(1)) expect(l).toMatch(/^ {2}[0-9a-f]{20} {2}edge-gateway {2}CVE-2019-1549 in (libcrypto1\.1|libssl1\.1) {2}\(P\d, \w+\)$/);
    expect(r.stdout).toEqual([]);
  });

  it('has --help, like every command', async () => {
    for (const argv of [['explain', '--help'], ['test', '--help'], ['feeds', '--help']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout.join('\n')).toContain(`Usage: ctem ${argv[0]}`);
    }
  });

  it('says so for an unknown ID or one too short to be a prefix', async () => {
    const unknown = await runCli(['explain', 'CVE-1999-0001']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr[0]).toMatch(/^ctem explain: no exposure 'CVE-1999-0001' in the current run \(\d+ decisions\)$/);
    const short = await runCli(['explain', 'abc12']);
    expect(short.code).toBe(2);
    expect(short.stderr[0]).toBe("ctem explain: 'abc12' is too short: give at least 6 characters of the fingerprint");
    expect((await runCli(['explain'])).code).toBe(2);
  });

  it('exits 4 on a missing or malformed decisions file, naming the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-explain-'));
    expect((await runCli(['explain', 'abcdef', '--decisions', join(dir, 'none.ndjson')])).code).toBe(4);
    await writeFile(join(dir, 'bad.ndjson'), '{"fingerprint": "abcdef"}\n');
    const r = await runCli(['explain', 'abcdef', '--decisions', 'bad.ndjson'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toBe("bad.ndjson:1:1: not a ctem decision: 'asset' must be a string");
  });
});

describe('ctem explain shows the policy commit, dirty when the file was changed', () => {
  it('prints file@commit+dirty for a policy modified since its last commit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-explain-git-'));
    await mkdir(join(dir, 'policies'));
    await writeFile(join(dir, 'ctem.yaml'), 'version: 1\norganisation: Test\ninventory: [{ connector: inventory-yaml, path: inventory.yaml }]\nsources: [{ connector: sarif, path: r.sarif, asset: app }]\n');
    await writeFile(join(dir, 'inventory.yaml'), 'assets:\n  - { id: app, type: repository, exposure: internet }\n');
    await writeFile(join(dir, 'policies', 'p.yaml'), 'id: p\nrules:\n  - id: high-on-the-internet\n    when: { and: [{ "==": [{ var: finding.severity }, high] }, { var: validation.internet_exposed }] }\n    set: { priority: P2 }\n');
    await writeFile(
      join(dir, 'r.sarif'),
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep', rules: [{ id: 'js.eval' }] } }, results: [{ ruleId: 'js.eval', level: 'error', message: { text: 'eval of user input' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: 3 } } }] }] }] }),
    );
    const git = (...args: string[]) => exec('git', ['-c', 'user.name=ctem test', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'policy');
    const commit = (await git('log', '-1', '--format=%h', '--abbrev=12')).stdout.trim();

    const clean = await runCli(['explain', 'js.eval'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout[0]).toBe(`P2 because rule high-on-the-internet in policies/p.yaml@${commit}: the scanner rates it high and asset app is internet-facing.`);

    await writeFile(join(dir, 'policies', 'p.yaml'), (await readFile(join(dir, 'policies', 'p.yaml'), 'utf8')) + '# reviewed\n');
    const dirty = await runCli(['explain', 'js.eval'], { cwd: dir });
    expect(dirty.stdout[0]).toContain(`in policies/p.yaml@${commit}+dirty:`);
    expect(dirty.stdout).toContain(`  commit ${commit}+dirty (the file has uncommitted changes)`);
  });
});
