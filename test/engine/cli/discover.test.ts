import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../support/corpus.ts';
import { runCli } from '../../support/cli.ts';

// Independent counts, straight from the JSON, without the connectors' code.
const sarifResults = (doc: { runs: { results?: unknown[] }[] }) => doc.runs.reduce((n, r) => n + (r.results?.length ?? 0), 0);
type TrivyResult = { Vulnerabilities?: unknown[]; Misconfigurations?: { Status: string }[]; Secrets?: unknown[]; Licenses?: unknown[] };
const trivyFindings = (doc: { Results?: TrivyResult[] }) =>
  (doc.Results ?? []).reduce(
    (n, r) =>
      n + (r.Vulnerabilities?.length ?? 0) + (r.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? 0) + (r.Secrets?.length ?? 0) + (r.Licenses?.length ?? 0),
    0,
  );

const INVALID = new Map([
  ['codeql-action-INVALID-results-number.sarif', '$.runs[0].results'],
  ['sdk-INVALID-extension-rules-bad-indices.sarif', '$.runs[0]'],
  ['sdk-prerelease-2.0.0-minimal.sarif', '$.version'],
]);

const files = (dir: string, ext: RegExp) => readdirSync(fixture(dir)).filter((f) => ext.test(f)).sort();

describe('ctem discover', () => {
  describe.each(files('sarif', /\.sarif$/))('SARIF %s', (name) => {
    const path = fixture('sarif', name);
    if (INVALID.has(name)) {
      it('is rejected with one line naming the file and the JSON path', async () => {
        const r = await runCli(['discover', '--connector', 'sarif', '--input', path]);
        expect(r.code).toBe(4);
        expect(r.stdout).toEqual([]);
        expect(r.stderr).toHaveLength(1);
        expect(r.stderr[0]).toContain(path);
        expect(r.stderr[0]).toContain(INVALID.get(name)!);
      });
    } else {
      it('gives exactly one finding per result', async () => {
        const expected = sarifResults(JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')));
        const r = await runCli(['discover', '--connector', 'sarif', '--input', path]);
        expect(r.stderr).toEqual([]);
        expect(r.code).toBe(0);
        expect(r.stdout.filter((l) => l !== '')).toHaveLength(expected);
      });
    }
  });

  describe.each(files('trivy', /\.json$/))('Trivy %s', (name) => {
    it('gives exactly one finding per vulnerability, failed check, secret and licence', async () => {
      const path = fixture('trivy', name);
      const expected = trivyFindings(JSON.parse(readFileSync(path, 'utf8')));
      const r = await runCli(['discover', '--connector', 'trivy', '--input', path]);
      expect(r.code).toBe(0);
      const lines = r.stdout.filter((l) => l !== '');
      expect(lines).toHaveLength(expected);
      for (const l of lines) expect(JSON.parse(l)).toMatchObject({ fingerprint: expect.stringMatching(/^[0-9a-f]{20}$/), sources: [expect.objectContaining({ connector: 'trivy' })] });
    });
  });

  it('detects formats with --connector auto and merges the same exposure from Trivy and Grype', async () => {
    const r = await runCli([
      'discover', '--input', fixture('sarif', 'vexctl-nginx-trivy-0.42.1.sarif'), '--input', fixture('sarif', 'vexctl-nginx-grype-0.63.0.sarif'), '--asset', 'nginx',
    ]);
    expect(r.code).toBe(0);
    const merged = r.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as { sources: { tool: string }[] });
    const both = merged.filter((f) => new Set(f.sources.map((s) => s.tool.toLowerCase())).size === 2);
    expect(both.length).toBeGreaterThan(0);
    expect(merged.length).toBeLessThan(99 + 99);
  });

  it('reports a truncated report at the line and column where it ends', async () => {
    const r = await runCli(['discover', '--connector', 'trivy', '--input', fixture('config', 'truncated.trivy.json')]);
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toMatch(/truncated\.trivy\.json:\d+:\d+: not valid JSON/);
  });

  it('names a file that does not exist', async () => {
    const r = await runCli(['discover', '--input', 'no-such-report.json']);
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toBe('no-such-report.json: file not found');
  });

  it('says which connectors exist when the format is not recognised', async () => {
    const r = await runCli(['discover', '--input', fixture('config', 'broken', 'ctem.yaml')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.join('\n')).toMatch(/not valid JSON|could not recognise/);
  });
});
