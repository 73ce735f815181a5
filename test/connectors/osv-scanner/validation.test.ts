/**
 * Malformed OSV-Scanner output is rejected as a whole, with the JSON path of the
 * first offending value; hostile keys and huge strings are carried as data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';
import { osvScannerConnector } from '../../../connectors/osv-scanner/index.ts';
import { extractAll } from '../shared/fixture-files.ts';

function rejection(doc: unknown): { path: string; message: string } {
  try {
    osvScannerConnector.extract(doc, { file: 'bad.json' });
  } catch (e) {
    if (e instanceof ReportError) return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error('the output was accepted');
}

const v = (id: string, extra: Record<string, unknown> = {}) => ({ id, ...extra });
const out = (packages: unknown) => ({ results: [{ source: { path: 'go.mod', type: 'lockfile' }, packages }] });
const entry = (vulnerabilities: unknown, extra: Record<string, unknown> = {}) => ({
  package: { name: 'golang.org/x/net', version: '0.1.0', ecosystem: 'Go' },
  vulnerabilities,
  ...extra,
});
const P = '$.results[0].packages[0]';

describe('OSV-Scanner output validation', () => {
  it.each([
    ['a top level that is not an object', [], '$', 'must be an object (got array)'],
    ['a single OSV record (no results)', { id: 'GHSA-xxxx', affected: [] }, '$.results', 'is required'],
    ['results that is not an array', { results: {} }, '$.results', 'must be an array (got object)'],
    ['a result that is not an object', { results: [1] }, '$.results[0]', 'must be an object (got number)'],
    ['a result without packages', { results: [{ source: { path: 'x' } }] }, '$.results[0].packages', 'is required'],
    ['a package entry without package', out([{ vulnerabilities: [] }]), `${P}.package`, 'is required'],
    ['a package without name', out([{ package: { version: '1', ecosystem: 'Go' } }]), `${P}.package.name`, 'is required'],
    ['a vulnerability that is not an object', out([entry([v('A'), 'B'])]), `${P}.vulnerabilities[1]`, 'must be an object (got string)'],
    ['a vulnerability without id', out([entry([v('A'), { summary: 's' }])]), `${P}.vulnerabilities[1].id`, 'is required'],
    ['the same vulnerability listed twice', out([entry([v('A'), v('B'), v('A')])]), `${P}.vulnerabilities[2].id`, 'duplicates vulnerabilities[0].id "A"'],
    ['aliases that is a string', out([entry([v('A', { aliases: 'CVE-2024-1' })])]), `${P}.vulnerabilities[0].aliases`, 'must be an array (got string)'],
    ['a severity score that is a number', out([entry([v('A', { severity: [{ type: 'CVSS_V3', score: 7.5 }] })])]), `${P}.vulnerabilities[0].severity[0].score`, 'must be a string (got number)'],
    [
      'a fixed event that is a number',
      out([entry([v('A', { affected: [{ package: { name: 'golang.org/x/net', ecosystem: 'Go' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: 1 }] }] }] })])]),
      `${P}.vulnerabilities[0].affected[0].ranges[0].events[1].fixed`,
      'must be a string (got number)',
    ],
    ['a group without ids', out([entry([v('A')], { groups: [{ aliases: ['A'] }] })]), `${P}.groups[0].ids`, 'is required'],
    ['a group with no ids', out([entry([v('A')], { groups: [{ ids: [] }] })]), `${P}.groups[0].ids`, 'must name at least one vulnerability'],
    ['a group naming an unknown vulnerability', out([entry([v('A'), v('B')], { groups: [{ ids: ['A', 'C'] }] })]), `${P}.groups[0].ids[1]`, 'names no vulnerability of this package ("C")'],
    ['a vulnerability in two groups', out([entry([v('A'), v('B')], { groups: [{ ids: ['A'] }, { ids: ['B', 'A'] }] })]), `${P}.groups[1].ids[1]`, '"A" is already in groups[0]'],
    ['a group id that is not a string', out([entry([v('A')], { groups: [{ ids: [1] }] })]), `${P}.groups[0].ids[0]`, 'must be a string'],
  ])('rejects %s', (_what, input, path, message) => {
    expect(rejection(input)).toEqual({ path, message });
  });

  it('reads database_specific and ecosystem_specific loosely: they are free-form in the OSV schema', () => {
    const input = out([entry([v('A', { database_specific: { severity: 5, cwe_ids: 'CWE-79' }, affected: [{ package: { name: 'golang.org/x/net', ecosystem: 'Go' }, ecosystem_specific: [1] }] })])]);
    const [f] = extractAll(osvScannerConnector, input);
    expect(f).toMatchObject({ severity: 'unknown', cwe: [] });
  });

  it('never half-ingests: a broken record in the last package rejects the whole output', () => {
    const input = { results: [{ packages: [entry([v('A')])] }, { packages: [entry([v('B')]), entry([{}])] }] };
    expect(() => osvScannerConnector.extract(input, { file: 'bad.json' })).toThrow(ReportError);
    expect(rejection(input).path).toBe('$.results[1].packages[1].vulnerabilities[0].id');
  });
});

describe('OSV-Scanner connector with hostile input', () => {
  afterEach(() => {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('severity');
  });

  it('carries "__proto__" and "constructor" ids, names and keys as data', () => {
    const input: unknown = JSON.parse(`{
      "__proto__": { "polluted": 1 },
      "results": [{
        "source": { "path": "__proto__" },
        "packages": [{
          "package": { "name": "__proto__", "version": "1.0.0", "ecosystem": "constructor" },
          "vulnerabilities": [
            { "id": "__proto__", "aliases": ["constructor"], "database_specific": { "__proto__": { "severity": "CRITICAL" } } },
            { "id": "toString", "__proto__": { "polluted": 2, "summary": "from the prototype" } }
          ],
          "groups": [{ "ids": ["__proto__", "toString"], "__proto__": { "polluted": 3 } }]
        }]
      }]
    }`);
    const findings = extractAll(osvScannerConnector, input);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: '__proto__',
      aliases: ['CONSTRUCTOR', 'TOSTRING', '__PROTO__'],
      severity: 'unknown', // the "__proto__" key of database_specific is data, not a prototype
      title: '__proto__ in __proto__',
      package: { name: '__proto__', ecosystem: 'constructor' },
      target: '__proto__',
    });
  });

  it('carries 1 MB strings intact and quickly', () => {
    const huge = 'y'.repeat(1_000_000);
    const input = out([
      { package: { name: huge, version: huge, ecosystem: 'npm' }, vulnerabilities: [v(huge, { summary: huge, details: huge, aliases: [huge], severity: [{ type: 'CVSS_V3', score: huge }] })] },
    ]);
    const started = Date.now();
    const [f] = extractAll(osvScannerConnector, input);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(f!.title).toBe(huge);
    expect(f!.package!.name).toBe(huge);
    expect(f!.cvss).toBeUndefined(); // not a vector
  });
});
