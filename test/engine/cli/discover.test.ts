import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../../support/corpus.ts';
import { main } from '../../../engine/cli/main.ts';
import type { Io } from '../../../engine/cli/io.ts';
import { runCli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp-dir.ts';

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

  it('refuses an unknown connector name before reading anything, suggesting the near one', async () => {
    const r = await runCli(['discover', '--connector', 'trivvy', '--input', 'no-such-report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe("ctem discover: unknown connector 'trivvy' (did you mean 'trivy'?)");
    expect(r.stderr[1]).toMatch(/^ {2}hint: available: auto, sarif, trivy, .*github-dependabot/);
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
    expect(r.stderr[1]).toMatch(/hint: check the path: .*with --input to the current directory/);
  });

  it('says which connectors exist when the format is not recognised', async () => {
    const r = await runCli(['discover', '--input', fixture('config', 'broken', 'ctem.yaml')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.join('\n')).toMatch(/not valid JSON|could not recognise/);
  });
});

describe('ctem discover with line formats and options', () => {
  const tmp = tempDir('ctem-cli-discover-');
  const trivyCsv = () =>
    tmp.write(
      'spring.csv',
      'ruleId,kind,package.name,package.installedVersion,asset,severity\r\n' +
        'CVE-2022-22965,vulnerability,org.springframework:spring-beans,5.3.15,spring4shell,Critical\r\n' +
        'CVE-2099-0001,vulnerability,left-pad,1.0.0,spring4shell,low\r\n',
    );

  it('detects NDJSON and CSV with --connector auto, and merges them with a Trivy report, listing every source', async () => {
    const r = await runCli(['discover', '--input', fixture('trivy', 'trivy-spring4shell-jre11.json'), '--input', trivyCsv(), '--asset', 'spring4shell']);
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    const merged = r.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as { ruleId: string; sources: { connector: string }[] });
    expect(merged).toHaveLength(2);
    const spring = merged.find((f) => f.ruleId === 'CVE-2022-22965')!;
    expect(spring.sources.map((s) => s.connector).sort()).toEqual(['csv', 'trivy']);

    const ndjson = tmp.write('merged.ndjson', r.stdout.join('\n'));
    const again = await runCli(['discover', '--input', ndjson]);
    expect(again.code).toBe(0);
    expect(again.stdout.filter((l) => l !== '').map((l) => (JSON.parse(l) as { fingerprint: string }).fingerprint)).toEqual(
      merged.map((f) => (f as unknown as { fingerprint: string }).fingerprint),
    );
  });

  it('reads any CSV through --map, or --options', async () => {
    const path = tmp.write('nessus.csv', 'Host;CVE;Risk\nweb-01;CVE-2023-4863;High\n');
    const byMap = await runCli(['discover', '--connector', 'csv', '--input', path, '--options', '{"delimiter":";"}', '--map', 'id=CVE', '--map', 'asset=Host', '--map', 'severity=Risk']);
    expect(byMap.stderr).toEqual([]);
    expect(JSON.parse(byMap.stdout[0]!)).toMatchObject({ ruleId: 'CVE-2023-4863', asset: 'web-01', severity: 'high' });
    const byOptions = await runCli(['discover', '--connector', 'csv', '--input', path, '--options', '{"delimiter":";","mapping":{"id":"CVE","asset":"Host","severity":"Risk"}}']);
    expect(byOptions.stdout).toEqual(byMap.stdout);
  });

  it.each([
    ['a truncated NDJSON line', 'cut.ndjson', '{"ruleId":"R1","kind":"code"}\n{"ruleId":"R2","kind":"co', /cut\.ndjson:2:1: not a valid ndjson file: line is not valid JSON/],
    ['a CSV record with a missing field', 'short.csv', 'ruleId,kind\nR1,code\nR2\n', /short\.csv:3:1: not a valid csv file: record has 1 field\(s\), the header has 2/],
  ])('rejects %s with one line, exit 4, and prints no finding at all', async (_what, name, content, line) => {
    const r = await runCli(['discover', '--input', tmp.write(name, content)]);
    expect(r.code).toBe(4);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(line);
  });

  it('rejects a report of another format with one line naming the file and the JSON path, exit 4', async () => {
    const path = fixture('grype', 'grype-keycloak-21.0.2.json');
    const r = await runCli(['discover', '--connector', 'trivy', '--input', path]);
    expect(r.code).toBe(4);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([`${path}: not a valid trivy report: $.SchemaVersion is required (Trivy JSON reports state SchemaVersion 2) (at $.SchemaVersion)`]);
  });

  it('says which options are wrong, exit 2', async () => {
    const csv = trivyCsv();
    const cases: [string[], RegExp][] = [
      [['--connector', 'csv', '--input', csv, '--options', '{"delimter":";"}'], /unknown option 'delimter' for connector 'csv' \(did you mean 'delimiter'\?\)/],
      [['--connector', 'csv', '--input', csv, '--options', 'not json'], /--options must be a JSON object/],
      [['--connector', 'csv', '--input', csv, '--map', 'id'], /--map takes TARGET=FIELD/],
      [['--connector', 'csv', '--input', csv, '--map', 'cve=CVE'], /unknown key in option 'mapping': 'cve'/],
      [['--input', csv, '--map', 'id=CVE'], /--options and --map need a named --connector/],
      [['--connector', 'trivy', '--input', csv, '--options', '{}'], /connector 'trivy' takes no options/],
      [['--input', csv, '--repo', 'acme/api'], /--repo, --org and --state are for the GitHub connectors/],
      [['--connector', 'github-dependabot', '--input', csv], /reads GitHub's API: give --repo or --org, not --input/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['discover', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.join('\n')).toMatch(message);
    }
  });

  it('says when a file is in no format it knows, exit 4', async () => {
    const r = await runCli(['discover', '--input', tmp.write('notes.txt', 'hello\nworld\n')]);
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toMatch(/notes\.txt: could not recognise the report format/);
  });
});

describe('ctem discover printing a large line-format file', () => {
  const tmp = tempDir('ctem-cli-stream-');

  it('checks the whole file first, then prints, waiting whenever stdout is full', async () => {
    const path = tmp.write('many.ndjson', Array.from({ length: 5 }, (_, i) => JSON.stringify({ ruleId: `R${i}`, kind: 'code' })).join('\n') + '\n');
    const events: string[] = [];
    const io: Io = {
      out: (l) => events.push(`out ${(JSON.parse(l) as { ruleId: string }).ruleId}`),
      err: (l) => events.push(`err ${l}`),
      env: {},
      cwd: repoRoot,
      now: () => '2026-11-28T10:00:00.000Z',
      isTTY: false,
      // stdout is "full" after every second line, and drains a moment later
      drain: () => (events.filter((e) => e.startsWith('out')).length % 2 === 0 ? new Promise<void>((done) => setTimeout(() => (events.push('drained'), done()), 5)) : undefined),
    };
    expect(await main(['discover', '--input', path], io)).toBe(0);
    expect(events).toEqual(['out R0', 'out R1', 'drained', 'out R2', 'out R3', 'drained', 'out R4']);
  });

  it('prints nothing when a later line is bad', async () => {
    const path = tmp.write('late.ndjson', '{"ruleId":"R1","kind":"code"}\n'.repeat(1000) + 'oops\n');
    const r = await runCli(['discover', '--input', path]);
    expect(r.code).toBe(4);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([`${path}:1001:1: not a valid ndjson file: line is not valid JSON (unexpected "o")`]);
  });
});
