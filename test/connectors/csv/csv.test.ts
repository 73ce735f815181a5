/**
 * The CSV findings connector, through the discovery shell (files are streamed line
 * by line): counts, mappings, located errors, BOM/CRLF, hostile content, and a CSV
 * exported from real Trivy reports that must give the Trivy connector's fingerprints.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvConnector } from '../../../connectors/csv/index.ts';
import { detectLineConnector } from '../../../connectors/registry.ts';
import { ingestFile } from '../../../engine/discover/ingest.ts';
import { CtemError } from '../../../engine/errors.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { fixture } from '../../support/corpus.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('ctem-csv-');
const byHint = (hint: string | undefined) => hint ?? 'unknown';

async function csv(name: string, content: string, options?: unknown): Promise<Finding[]> {
  const path = tmp.write(name, content);
  return (await ingestFile(path, name, 'csv', byHint, { options })).findings;
}

async function csvError(name: string, content: string, options?: unknown): Promise<string> {
  try {
    await csv(name, content, options);
  } catch (e) {
    if (e instanceof CtemError) return e.message;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

/** A CSV field, quoted the RFC 4180 way when it needs to be. */
const field = (v: string | undefined): string => (v === undefined ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const row = (values: (string | undefined)[]) => values.map(field).join(',');

describe('the csv connector', () => {
  it('reads one finding per record, in the ctem model\'s own column names by default', async () => {
    const findings = await csv(
      'model.csv',
      'ruleId,kind,severity,package.name,package.installedVersion,package.fixedVersions,asset,location.path,location.startLine\n' +
        'CVE-2021-44228,vulnerability,Critical,org.apache.logging.log4j:log4j-core,2.14.1,"2.15.0, 2.12.2",payments-api,lib/log4j-core.jar,\n' +
        'js/sql-injection,code,high,,,,payments-api,src/db.js,42\n' +
        'AVD-AWS-0086,misconfiguration,7.5,,,,infra,main.tf,3\n',
    );
    expect(findings).toHaveLength(3);
    expect(findings[0]).toMatchObject({
      kind: 'vulnerability',
      ruleId: 'CVE-2021-44228',
      vulnerabilityId: 'CVE-2021-44228',
      severity: 'critical',
      asset: 'payments-api',
      package: { name: 'org.apache.logging.log4j:log4j-core', installedVersion: '2.14.1', fixedVersions: ['2.15.0', '2.12.2'] },
      location: { path: 'lib/log4j-core.jar' },
      sources: [{ connector: 'csv', tool: 'csv', file: 'model.csv', pointer: 'line:2' }],
    });
    expect(findings[1]).toMatchObject({ kind: 'code', ruleId: 'js/sql-injection', location: { path: 'src/db.js', startLine: 42 }, sources: [{ pointer: 'line:3' }] });
    expect(findings[1]!.vulnerabilityId).toBeUndefined();
    // A numeric severity is a score, banded like CVSS.
    expect(findings[2]).toMatchObject({ kind: 'misconfiguration', severity: 'high' });
  });

  it('reads any columns through a mapping', async () => {
    const findings = await csv(
      'scanner-export.csv',
      'Host,CVE,Risk,Package,Installed,Fix,Name\n' +
        'web-01,CVE-2023-4863,High,libwebp,1.2.4,1.3.2,Heap overflow in libwebp\n' +
        'web-02,CVE-2023-4863,Medium,libwebp,1.2.4,,\n',
      {
        mapping: { id: 'CVE', severity: 'Risk', asset: 'Host', package: 'Package', installed_version: 'Installed', fixed_version: 'Fix', title: 'Name' },
        tool: 'Nessus',
      },
    );
    expect(findings.map((f) => [f.asset, f.ruleId, f.severity, f.package?.installedVersion, f.package?.fixedVersions, f.title, f.sources[0]!.tool])).toEqual([
      ['web-01', 'CVE-2023-4863', 'high', '1.2.4', ['1.3.2'], 'Heap overflow in libwebp', 'Nessus'],
      ['web-02', 'CVE-2023-4863', 'medium', '1.2.4', [], 'CVE-2023-4863 in libwebp', 'Nessus'],
    ]);
    // The same CVE in the same package on two hosts is two exposures.
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('handles a BOM, CRLF line endings, quoted line breaks, another delimiter and blank lines', async () => {
    const findings = await csv(
      'excel.csv',
      '\uFEFFruleId;title;description\r\nR1;"a; b";"line one\r\nline two"\r\n\r\nR2;x;y\r\n',
      { delimiter: ';', kind: 'code' },
    );
    expect(findings.map((f) => [f.ruleId, f.kind, f.title, f.description, f.sources[0]!.pointer])).toEqual([
      ['R1', 'code', 'a; b', 'line one\nline two', 'line:2'],
      ['R2', 'code', 'x', 'y', 'line:5'],
    ]);
  });

  it('gives no findings for a header without records', async () => {
    expect(await csv('empty.csv', 'ruleId,kind\n')).toEqual([]);
  });

  describe('rejects a malformed file with one line naming the file and the line', () => {
    it.each([
      ['a record with too many fields', 'ruleId,kind\nR1,code\nR2,code,extra\n', 'bad.csv:3:1: not a valid csv file: record has 3 field(s), the header has 2'],
      ['text after a closing quote', 'ruleId,kind\n"R1"x,code\n', 'bad.csv:2:1: not a valid csv file: unexpected "x" after a closing quote'],
      ['a quoted field never closed', 'ruleId,kind\nR1,code\nR2,"code\nmore\n', 'bad.csv:3:1: not a valid csv file: a quoted field opened on this line is never closed'],
      ['an unknown kind', 'ruleId,kind\nR1,code\nR2,bug\n', 'bad.csv:3:1: not a valid csv file: column "kind" must be one of vulnerability'],
      ['a line number that is not a number', 'ruleId,location.startLine\nR1,twelve\n', 'bad.csv:2:1: not a valid csv file: column "location.startLine" must be a number (got "twelve")'],
      ['a missing rule id', 'ruleId,kind\n,code\n', 'bad.csv:2:1: not a valid csv file: column "ruleId" is required'],
      ['a header without the rule id column', 'rule,kind\nR1,code\n', 'bad.csv:1:1: not a valid csv file: header: no "ruleId" column'],
      ['a duplicate column', 'ruleId,kind,kind\nR1,code,code\n', 'bad.csv:1:1: not a valid csv file: header: column "kind" appears twice'],
      ['an empty file', '', 'bad.csv:1:1: not a valid csv file: the file is empty'],
    ])('%s', async (_what, content, expected) => {
      const message = await csvError('bad.csv', content);
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain(expected);
    });

    it('a mapping that names a column the header lacks, with a suggestion', async () => {
      const message = await csvError('mapped.csv', 'CVE,Risk\nCVE-1,High\n', { mapping: { id: 'CVE', severity: 'Rsk' } });
      expect(message).toBe('mapped.csv:1:1: not a valid csv file: header: no "Rsk" column named in the mapping (did you mean "Risk"?); columns: "CVE", "Risk"');
    });
  });

  it('carries hostile content as data: __proto__ columns, control characters, a megabyte title', async () => {
    const big = 'T'.repeat(1024 * 1024);
    const findings = await csv(
      'hostile.csv',
      `ruleId,title,description,__proto__,constructor\nR1,${big},"\u0000\u001b[2J\u0007",x,y\n`,
      { kind: 'code', mapping: { id: 'ruleId', title: 'title', description: 'description', asset: '__proto__', target: 'constructor' } },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.title).toHaveLength(1024 * 1024);
    expect(findings[0]!.description).toBe('\u0000\u001b[2J\u0007');
    expect(findings[0]!.asset).toBe('x');
    expect(findings[0]!.target).toBe('y');
    expect(Object.getPrototypeOf(findings[0])).toBe(Object.prototype);
  });

  it('is detected by its ruleId header, whatever the delimiter; other CSVs need --connector csv', () => {
    expect(detectLineConnector('ruleId,kind\nX,code\n', 'findings.csv')).toBe(csvConnector);
    expect(detectLineConnector('\uFEFFkind;ruleId\r\nX;code\r\n', 'export.txt')).toBe(csvConnector);
    expect(detectLineConnector('cve,epss,percentile\nCVE-1,0.1,0.2\n', 'epss.csv')).toBeUndefined();
    expect(detectLineConnector('ruleId,kind', 'cut.csv')).toBeUndefined(); // the header line is not complete
  });
});

describe('a CSV exported from real Trivy reports', () => {
  type TrivyVuln = { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion?: string; FixedVersion?: string; Severity?: string; Title?: string; Description?: string };
  type TrivyReport = { ArtifactName: string; Results?: { Target: string; Vulnerabilities?: TrivyVuln[] }[] };
  const reports = ['trivy-alpine-310.json', 'trivy-gomod-vex.json', 'trivy-npm.json', 'trivy-spring4shell-jre11.json', 'trivy-ubuntu-1804.json'];

  const header = ['Artifact', 'Target', 'Vulnerability', 'Aliases', 'Package', 'Installed', 'Fixed', 'Severity', 'Title', 'Description'];
  const lines = [row(header)];
  let expected = 0;
  for (const name of reports) {
    const report = JSON.parse(readFileSync(fixture('trivy', name), 'utf8')) as TrivyReport;
    for (const result of report.Results ?? []) {
      for (const v of result.Vulnerabilities ?? []) {
        expected += 1;
        lines.push(row([report.ArtifactName, result.Target, v.VulnerabilityID, (v.VendorIDs ?? []).join(' '), v.PkgName, v.InstalledVersion, v.FixedVersion, v.Severity, v.Title, v.Description]));
      }
    }
  }
  const mapping = {
    asset: 'Artifact', target: 'Target', id: 'Vulnerability', aliases: 'Aliases', package: 'Package',
    installed_version: 'Installed', fixed_version: 'Fixed', severity: 'Severity', title: 'Title', description: 'Description',
  };

  it('gives exactly one finding per vulnerability row', async () => {
    expect(expected).toBe(15);
    const findings = await csv('trivy-export.csv', lines.join('\r\n') + '\r\n', { mapping, tool: 'Trivy' });
    expect(findings).toHaveLength(expected);
  });

  it('gives the same exposures, fingerprints and fields as the Trivy connector reading the reports', async () => {
    const findings = await csv('trivy-export.csv', lines.join('\r\n') + '\r\n', { mapping, tool: 'Trivy' });
    const fromTrivy: Finding[] = [];
    for (const name of reports) {
      const got = await ingestFile(fixture('trivy', name), name, 'trivy', byHint);
      fromTrivy.push(...got.findings.filter((f) => f.sources[0]!.pointer.includes('/Vulnerabilities/')));
    }
    const pick = (f: Finding) => [f.fingerprint, f.asset, f.vulnerabilityId, f.aliases, f.package?.name, f.package?.installedVersion, f.package?.fixedVersions, f.severity, f.title, f.description];
    expect(findings.map(pick)).toEqual(fromTrivy.map(pick));
  });
});
