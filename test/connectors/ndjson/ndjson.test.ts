/**
 * The NDJSON findings connector, through the discovery shell: `ctem discover` output
 * read back unchanged, mappings, line-numbered errors, BOM/CRLF, hostile content.
 */
import { describe, expect, it } from 'vitest';
import { ndjsonConnector } from '../../../connectors/ndjson/index.ts';
import { detectLineConnector } from '../../../connectors/registry.ts';
import { ingestFile } from '../../../engine/discover/ingest.ts';
import { CtemError } from '../../../engine/errors.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { runCli } from '../../support/cli.ts';
import { fixture } from '../../support/corpus.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('ctem-ndjson-');
const byHint = (hint: string | undefined) => hint ?? 'unknown';

async function ndjson(name: string, content: string, options?: unknown, connector = 'ndjson'): Promise<Finding[]> {
  const path = tmp.write(name, content);
  return (await ingestFile(path, name, connector, byHint, { options })).findings;
}

async function ndjsonError(name: string, content: string, options?: unknown): Promise<string> {
  try {
    await ndjson(name, content, options);
  } catch (e) {
    if (e instanceof CtemError) return e.message;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

const lines = (...records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('the ndjson connector reads `ctem discover` output back', () => {
  describe.each([
    ['trivy', 'trivy-ubuntu-1804.json'],
    ['trivy', 'trivy-gomod-vex.json'],
    ['sarif', 'codeql-2.24.2-python.sarif'],
    ['grype', 'grype-keycloak-21.0.2.json'],
  ])('%s %s', (folder, name) => {
    it('with the same findings and fingerprints, keeping the original sources after its own', async () => {
      const first = await runCli(['discover', '--input', fixture(folder, name)]);
      expect(first.code).toBe(0);
      const original = first.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as Finding);
      expect(original.length).toBeGreaterThan(0);
      const reread = await ndjson(`${name}.ndjson`, first.stdout.join('\n'), undefined, 'auto');
      expect(reread).toHaveLength(original.length);
      reread.forEach((f, i) => {
        const o = original[i]!;
        const { sources, ...rest } = f;
        const { sources: oSources, ...oRest } = o;
        expect(rest).toEqual(oRest);
        expect(sources.slice(1)).toEqual(oSources);
        expect(sources[0]).toMatchObject({ connector: 'ndjson', tool: oSources[0]!.tool, file: `${name}.ndjson`, pointer: `line:${i + 1}` });
      });
    });
  });
});

describe('the ndjson connector', () => {
  it('reads nested fields through a mapping of dotted paths', async () => {
    const findings = await ndjson(
      'custom.ndjson',
      lines(
        { finding: { id: 'GHSA-jfh8-c2jp-5v3q', cve: ['CVE-2021-44228'] }, where: { host: 'web-01', file: 'lib/a.jar' }, pkg: { n: 'log4j-core', v: '2.14.1' }, risk: 10 },
        { finding: { id: 'GHSA-7rjr-3q55-vv33' }, where: { host: 'web-02' }, pkg: { n: 'log4j-core' }, risk: 'moderate' },
      ),
      { mapping: { id: 'finding.id', aliases: 'finding.cve', asset: 'where.host', path: 'where.file', package: 'pkg.n', installed_version: 'pkg.v', severity: 'risk' }, tool: 'inhouse' },
    );
    expect(findings.map((f) => [f.ruleId, f.vulnerabilityId, f.aliases, f.asset, f.location?.path, f.package?.name, f.severity, f.sources[0]!.tool])).toEqual([
      ['GHSA-jfh8-c2jp-5v3q', 'CVE-2021-44228', ['CVE-2021-44228', 'GHSA-JFH8-C2JP-5V3Q'], 'web-01', 'lib/a.jar', 'log4j-core', 'critical', 'inhouse'],
      ['GHSA-7rjr-3q55-vv33', 'GHSA-7RJR-3Q55-VV33', ['GHSA-7RJR-3Q55-VV33'], 'web-02', undefined, 'log4j-core', 'medium', 'inhouse'],
    ]);
  });

  it('skips blank lines, drops a BOM and reads CRLF files, numbering lines as an editor does', async () => {
    const findings = await ndjson('crlf.ndjson', '\uFEFF{"ruleId":"R1","kind":"code"}\r\n\r\n   \r\n{"ruleId":"R2","kind":"secret"}\r\n');
    expect(findings.map((f) => [f.ruleId, f.kind, f.sources[0]!.pointer])).toEqual([
      ['R1', 'code', 'line:1'],
      ['R2', 'secret', 'line:4'],
    ]);
  });

  it('gives no findings for an empty file', async () => {
    expect(await ndjson('empty.ndjson', '')).toEqual([]);
  });

  describe('rejects a malformed line with one line naming the file and its line number', () => {
    const ok = '{"ruleId":"R1","kind":"code"}\n';
    it.each([
      ['a truncated line', `${ok}${ok}{"ruleId":"R3","ki`, 'bad.ndjson:3:1: not a valid ndjson file: line is not valid JSON'],
      ['a line that is not JSON', `${ok}ruleId=R2\n`, 'bad.ndjson:2:1: not a valid ndjson file: line is not valid JSON (unexpected "r")'],
      ['an array line', `${ok}["R2"]\n`, 'bad.ndjson:2:1: not a valid ndjson file: line must hold a JSON object (got an array)'],
      ['a wrong type', `${ok}{"ruleId":"R2","kind":"code","location":{"startLine":"twelve"}}\n`, 'bad.ndjson:2:1: not a valid ndjson file: $.location.startLine must be a number (got "twelve")'],
      ['an object where text belongs', `{"ruleId":{"id":"R1"}}\n`, 'bad.ndjson:1:1: not a valid ndjson file: $.ruleId must be text (got object)'],
      ['an unknown kind', `{"ruleId":"R1","kind":"bug"}\n`, 'bad.ndjson:1:1: not a valid ndjson file: $.kind must be one of vulnerability'],
      ['a broken source', `{"ruleId":"R1","kind":"code","sources":[{"connector":"x"}]}\n`, 'bad.ndjson:1:1: not a valid ndjson file: $.sources[0].tool is required'],
    ])('%s', async (_what, content, expected) => {
      const message = await ndjsonError('bad.ndjson', content);
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain(expected);
    });
  });

  it('carries hostile content as data: __proto__ keys, control characters, a megabyte description', async () => {
    const big = 'D'.repeat(1024 * 1024);
    const record = `{"ruleId":"R1","kind":"code","__proto__":{"polluted":true,"asset":"evil"},"title":"\\u0000\\u001b[2J\\u0007","description":"${big}","constructor":{"prototype":{"polluted":true}}}`;
    const findings = await ndjson('hostile.ndjson', `${record}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.title).toBe('\u0000\u001b[2J\u0007');
    expect(findings[0]!.description).toHaveLength(1024 * 1024);
    // `asset` under `__proto__` is not the record's own asset.
    expect(findings[0]!.asset).toBe('unknown');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A mapping may read a `__proto__` key: it is data like any other.
    const mapped = await ndjson('proto.ndjson', `{"id":"R1","__proto__":{"host":"h1"}}\n`, { mapping: { id: 'id', asset: '__proto__.host' } });
    expect(mapped[0]!.asset).toBe('h1');
  });

  it('is detected by a first line that is a ctem finding, or by a .ndjson/.jsonl name', () => {
    expect(detectLineConnector('{"ruleId":"R1","kind":"code"}\n{"ruleId"', 'out.txt')).toBe(ndjsonConnector);
    expect(detectLineConnector('\n{"id":1}\n', 'events.jsonl')).toBe(ndjsonConnector);
    // Pretty-printed or one-line JSON reports are not NDJSON.
    expect(detectLineConnector('{\n  "SchemaVersion": 2,\n', 'report.json')).toBeUndefined();
    expect(detectLineConnector('{"version":"2.1.0","runs":[]}\n', 'report.sarif')).toBeUndefined();
    // A first line cut short by the head is not judged.
    expect(detectLineConnector('{"ruleId":"R1","ki', 'out.ndjson')).toBeUndefined();
  });
});
