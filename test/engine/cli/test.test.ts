import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/corpus.ts';
import { runCli } from '../../support/cli.ts';

/** A copy of this repository's configuration and example estate, to break on purpose. */
async function copyOfRepository(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ctem-test-'));
  // Everything an exposure repository holds (configuration, validations, the example estate), not the engine.
  const engine = new Set(['.git', '.out', '.github', '.ci', 'node_modules', 'engine', 'connectors', 'test', 'tools', 'bench', 'scripts', 'bin', 'dist', 'docs', 'out', 'schemas']);
  for (const p of await readdir(repoRoot)) {
    if (!engine.has(p)) await cp(join(repoRoot, p), join(dir, p), { recursive: true });
  }
  return dir;
}

describe('ctem test', () => {
  it("runs this repository's own policy tests: all pass, every rule covered, exit 0", async () => {
    const r = await runCli(['test']);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([]);
    expect(r.stdout).toContain('policies/10-exploitation.test.yaml');
    expect(r.stdout.filter((l) => l.startsWith('  FAIL'))).toEqual([]);
    expect(r.stdout.find((l) => l.startsWith('ctem test: '))).toMatch(/^ctem test: (\d+) case\(s\), \1 passed, 0 failed$/);
    expect(r.stdout).toContainEqual(expect.stringMatching(/^coverage: (\d+) of \1 rule\(s\) exercised \(100%\)$/));
    expect(r.stdout.some((l) => l.startsWith('rules no test covers'))).toBe(false);
  });

  it('fails with exit 6 and a one-line diff when an expectation is deliberately wrong', async () => {
    const dir = await copyOfRepository();
    const file = join(dir, 'policies', '10-exploitation.test.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('    expect: { priority: P2, rule: kev-anywhere, labels: [known-exploited] }', '    expect: { priority: P3, rule: kev-anywhere, labels: [known-exploited] }'));
    const r = await runCli(['test', '--dir', dir], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(6);
    const fail = r.stdout.findIndex((l) => l.startsWith('  FAIL  Shellshock on an internal batch worker is P2'));
    expect(fail).toBeGreaterThan(0);
    expect(r.stdout[fail]).toBe('  FAIL  Shellshock on an internal batch worker is P2  → P2 by kev-anywhere');
    expect(r.stdout[fail + 1]).toMatch(/^ {8}policies\/10-exploitation\.test\.yaml:\d+:5: priority: expected P3, got P2$/);
    expect(r.stdout).toContainEqual(expect.stringMatching(/^ctem test: \d+ case\(s\), \d+ passed, 1 failed$/));
    expect(r.stdout).toContainEqual(expect.stringMatching(/^::error file=policies\/10-exploitation\.test\.yaml,line=\d+,col=5::policy test 'Shellshock on an internal batch worker is P2' failed: priority: expected P3, got P2$/));
  });

  it('reports the rules no test covers, by policy file', async () => {
    const dir = await copyOfRepository();
    for (const f of await readdir(join(dir, 'policies'))) if (f.endsWith('.test.yaml')) await rm(join(dir, 'policies', f));
    await writeFile(
      join(dir, 'policies', '50-baseline.test.yaml'),
      'now: 2026-11-28\ncases:\n  - name: only one\n    finding: { kind: code, ruleId: no-console, severity: info }\n    expect: { rule: code-quality-noise }\n',
    );
    const r = await runCli(['test', '--dir', dir]);
    expect(r.code).toBe(0);
    const at = r.stdout.indexOf('rules no test covers:');
    expect(r.stdout[at - 1]).toMatch(/^coverage: 1 of \d+ rule\(s\) exercised \(\d+%\)$/);
    const byFile = r.stdout.slice(at + 1);
    expect(byFile.map((l) => l.split(':')[0])).toEqual(['  policies/10-exploitation.yaml', '  policies/20-attack-paths.yaml', '  policies/50-baseline.yaml']);
    expect(byFile[2]).toBe('  policies/50-baseline.yaml: critical-on-critical-scope, high-cvss-internet, misconfiguration-high, severe-elsewhere');
  });

  it('exits 3 with located errors on an invalid test file, and runs nothing', async () => {
    const dir = await copyOfRepository();
    await writeFile(join(dir, 'policies', '60-broken.test.yaml'), 'now: 2026-11-28\ncases:\n  - name: broken\n    asset: payments-apx\n    expect: { priority: P9 }\n');
    const r = await runCli(['test', '--dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([
      "policies/60-broken.test.yaml:5:25: 'cases.0.expect.priority' must be one of: P1, P2, P3, P4",
      'ctem test: 1 error(s) in policy test files; no test was run',
    ]);
    await writeFile(join(dir, 'policies', '60-broken.test.yaml'), 'now: 2026-11-28\ncases:\n  - name: broken\n    asset: payments-apx\n    expect: { priority: P1 }\n');
    const again = await runCli(['test', '--dir', dir]);
    expect(again.code).toBe(3);
    expect(again.stderr[0]).toBe("policies/60-broken.test.yaml:4:12: case 'broken': unknown asset 'payments-apx' (did you mean 'payments-api'?)");
  });

  it('exits 3 on a YAML syntax error in a test file, located', async () => {
    const dir = await copyOfRepository();
    await writeFile(join(dir, 'policies', '60-broken.test.yaml'), 'cases:\n  - name: [unclosed\n');
    const r = await runCli(['test', '--dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toMatch(/^policies\/60-broken\.test\.yaml:2:\d+: /);
  });

  it('prints results and coverage as JSON with --format json', async () => {
    const r = await runCli(['test', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout.join('\n')) as { summary: { failed: number; cases: number }; cases: { decided: { rule: string } }[]; coverage: { uncovered: unknown[] } };
    expect(report.summary.failed).toBe(0);
    expect(report.cases).toHaveLength(report.summary.cases);
    expect(report.coverage.uncovered).toEqual([]);
  });
});
