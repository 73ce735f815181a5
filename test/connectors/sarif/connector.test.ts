/**
 * The connector's contract and mapping rules, on small hand-written logs.
 */
import { describe, expect, it } from 'vitest';
import { sarifConnector, stripBom } from '../../../connectors/sarif/index.ts';
import { corpusSarifDir, extract, log, parseSarifFile, run, type Json } from './sarif-files.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const one = (result: Json, driver: Json = { name: 'Tool' }, runExtra: Json = {}) =>
  extract(log(run([{ message: { text: 'm' }, ...result }], driver, runExtra)))[0];

describe('the connector object', () => {
  it('is the json findings connector named sarif', () => {
    expect(sarifConnector).toMatchObject({ name: 'sarif', kind: 'findings', format: 'json' });
  });
});

describe('stripBom', () => {
  it('removes one leading byte order mark', () => {
    expect(stripBom('\uFEFF{"a":1}')).toBe('{"a":1}');
  });

  it('leaves text without a leading mark unchanged, including a mark further in', () => {
    expect(stripBom('{"a":"\uFEFF"}')).toBe('{"a":"\uFEFF"}');
    expect(stripBom('')).toBe('');
  });

  it('removes only the first of two marks', () => {
    expect(stripBom('\uFEFF\uFEFFx')).toBe('\uFEFFx');
  });
});

describe('detect', () => {
  it('recognises a 2.1 log with runs', () => {
    expect(sarifConnector.detect({ version: '2.1.0', runs: [] })).toBe(true);
  });

  it('recognises a log by a $schema that mentions SARIF, whatever its version', () => {
    expect(sarifConnector.detect({ $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.2/schema/sarif.json', version: '2.2' })).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', [{ version: '2.1.0', runs: [] }]],
    ['a 2.1 version without runs', { version: '2.1.0' }],
    ['runs without a version', { runs: [] }],
    ['a Trivy JSON report', { SchemaVersion: 2, ArtifactName: 'x', Results: [] }],
    ['a 2.0.0 log without $schema', { version: '2.0.0', runs: [] }],
  ])('does not claim %s', (_what, doc) => {
    expect(sarifConnector.detect(doc)).toBe(false);
  });

  it.skipIf(!corpusSarifDir())('does not claim the SARIF JSON Schema itself', () => {
    const schema = JSON.parse(readFileSync(join(corpusSarifDir() ?? '', 'sarif-schema-2.1.0.json'), 'utf8'));
    expect(sarifConnector.detect(schema)).toBe(false);
  });

  it('claims every fixture that it can read', () => {
    expect(sarifConnector.detect(parseSarifFile('trivy-alpine-310.sarif'))).toBe(true);
  });
});

describe('rule ids', () => {
  it('falls back from ruleId to rule.id', () => {
    expect(one({ rule: { id: 'FROM-REF' } })?.ruleId).toBe('FROM-REF');
  });

  it('resolves a hierarchical ruleId to its parent rule', () => {
    const finding = one({ ruleId: 'CA2101/1' }, { name: 'T', rules: [{ id: 'CA2101', fullDescription: { text: 'parent' } }] });
    expect(finding?.ruleId).toBe('CA2101/1');
    expect(finding?.description).toBe('parent');
  });

  it('resolves an extension rule by ruleId alone when the driver has none', () => {
    const doc = log({
      tool: { driver: { name: 'CodeQL' }, extensions: [{ name: 'pack', rules: [{ id: 'js/xss', helpUri: 'https://x' }] }] },
      results: [{ ruleId: 'js/xss', message: { text: 'm' } }],
    });
    expect(extract(doc)[0]?.helpUri).toBe('https://x');
  });

  it('resolves a toolComponent guid case-insensitively', () => {
    const doc = log({
      tool: {
        driver: { name: 'T' },
        extensions: [{ name: 'p', guid: 'ABCDEF00-0000-4000-8000-000000000000', rules: [{ id: 'E1', helpUri: 'https://e1' }] }],
      },
      results: [{ message: { text: 'm' }, rule: { index: 0, toolComponent: { guid: 'abcdef00-0000-4000-8000-000000000000' } } }],
    });
    expect(extract(doc)[0]).toMatchObject({ ruleId: 'E1', helpUri: 'https://e1' });
  });
});

describe('titles and descriptions', () => {
  it('fills {n} placeholders from message arguments and unescapes doubled braces', () => {
    expect(one({ message: { text: 'Use of {0} in {{x}} at {1}, {7}', arguments: ['eval', 'main.js'] } })?.title).toBe(
      'Use of eval in {x} at main.js, {7}',
    );
  });

  it('builds a message from the rule\'s messageStrings when the result only has an id', () => {
    const rule = { id: 'R', messageStrings: { default: { text: "'{0}' is unused" } } };
    expect(one({ ruleId: 'R', message: { id: 'default', arguments: ['foo'] } }, { name: 'T', rules: [rule] })?.title).toBe("'foo' is unused");
  });

  it('falls back to the rule short description, then the rule name, then the rule id', () => {
    const rules = [{ id: 'A', shortDescription: { text: 'short' }, name: 'n' }, { id: 'B', name: 'named' }];
    const titles = extract(
      log(run([{ ruleId: 'A', message: {} }, { ruleId: 'B', message: {} }, { ruleId: 'C', message: {} }], { name: 'T', rules })),
    ).map((f) => f.title);
    expect(titles).toEqual(['short', 'named', 'C']);
  });
});

describe('severity', () => {
  it.each([
    [10, 'critical'],
    [9, 'critical'],
    [8.9, 'high'],
    [7, 'high'],
    [6.9, 'medium'],
    [4, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    ['9.1', 'critical'],
  ])('bands security-severity %s as %s', (score, severity) => {
    expect(one({ level: 'none', properties: { 'security-severity': score } })?.severity).toBe(severity);
  });

  it('prefers the result\'s security-severity over the rule\'s', () => {
    const rule = { id: 'R', properties: { 'security-severity': '9.8' } };
    expect(one({ ruleId: 'R', properties: { 'security-severity': '2.0' } }, { name: 'T', rules: [rule] })?.severity).toBe('low');
    expect(one({ ruleId: 'R' }, { name: 'T', rules: [rule] })?.severity).toBe('critical');
  });

  it('skips a security-severity of 0 (Trivy\'s "no severity") and uses the level', () => {
    expect(one({ level: 'error', properties: { 'security-severity': '0.0' } })?.severity).toBe('high');
  });

  it.each([
    ['error', 'high'],
    ['warning', 'medium'],
    ['note', 'low'],
    ['none', 'info'],
  ])('maps level %s to %s', (level, severity) => {
    expect(one({ level })?.severity).toBe(severity);
  });

  it('defaults to warning, and to none for results whose kind is not fail', () => {
    expect(one({})?.severity).toBe('medium');
    expect(one({ kind: 'informational' })?.severity).toBe('info');
    expect(one({ level: 'bogus' })?.severity).toBe('medium');
  });

  it('reads the severity Snyk states in its rule short description', () => {
    const rule = { id: 'SNYK-JS-X-1', shortDescription: { text: 'Critical severity - Prototype Pollution vulnerability in x' } };
    expect(one({ ruleId: 'SNYK-JS-X-1', level: 'error' }, { name: 'Snyk Open Source', rules: [rule] })?.severity).toBe('critical');
  });
});

describe('which results are findings', () => {
  it('skips pass and notApplicable results, keeping pointers to the original positions', () => {
    const results = ['pass', 'fail', 'notApplicable', 'review', undefined].map((kind) => ({ kind, message: { text: String(kind) } }));
    const findings = extract(log(run(results)));
    expect(findings.map((f) => [f.title, f.sources[0]?.pointer])).toEqual([
      ['fail', '/runs/0/results/1'],
      ['review', '/runs/0/results/3'],
      ['undefined', '/runs/0/results/4'],
    ]);
  });
});

describe('suppressions and baseline', () => {
  it('treats accepted, under-review and status-less suppressions as suppressing, rejected ones not', () => {
    const suppressed = (suppressions: Json[]) => one({ suppressions })?.suppressed;
    expect(suppressed([{ kind: 'external', status: 'accepted', justification: 'false positive' }])).toEqual({
      kind: 'external',
      justification: 'false positive',
    });
    expect(suppressed([{ kind: 'inSource', status: 'underReview' }])).toEqual({ kind: 'inSource' });
    expect(suppressed([{ kind: 'external', status: 'rejected' }])).toBeUndefined();
    expect(suppressed([{ kind: 'external', status: 'rejected' }, { kind: 'inSource' }])).toEqual({ kind: 'inSource' });
    expect(suppressed([])).toBeUndefined();
  });

  it('ignores a baselineState SARIF does not define', () => {
    expect(one({ baselineState: 'updated' })?.baselineState).toBe('updated');
    expect(one({ baselineState: 'fixed' })?.baselineState).toBeUndefined();
  });
});

describe('locations', () => {
  const at = (physicalLocation: Json, extra: Json = {}) => one({ locations: [{ physicalLocation, ...extra }] })?.location;

  it('reads line 0 and negative lines as "no line"', () => {
    expect(at({ artifactLocation: { uri: 'a.js' }, region: { startLine: 0, endLine: 0, startColumn: 0 } })).toEqual({ path: 'a.js' });
    expect(at({ artifactLocation: { uri: 'a.js' }, region: { startLine: -3 } })).toEqual({ path: 'a.js' });
  });

  it('keeps the uri relative to its uriBaseId and decodes percent-encoding', () => {
    expect(at({ artifactLocation: { uri: 'src/my%20file.js', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } })).toEqual({
      path: 'src/my file.js',
      startLine: 3,
    });
    expect(at({ artifactLocation: { uri: 'bad%zz.js' } })).toEqual({ path: 'bad%zz.js' });
  });

  it('reads a logical location by fullyQualifiedName, name, or index into run.logicalLocations', () => {
    expect(one({ locations: [{ logicalLocations: [{ name: 'f', fullyQualifiedName: 'ns::C::f' }] }] })?.location).toEqual({ logical: 'ns::C::f' });
    expect(one({ locations: [{ logicalLocations: [{ name: 'f' }] }] })?.location).toEqual({ logical: 'f' });
    const finding = one({ locations: [{ logicalLocations: [{ index: 1 }] }] }, { name: 'T' }, { logicalLocations: [{ name: 'x' }, { fullyQualifiedName: 'pkg.Cls' }] });
    expect(finding?.location).toEqual({ logical: 'pkg.Cls' });
  });

  it('falls back to analysisTarget when the result has no location', () => {
    expect(one({ analysisTarget: { uri: 'src/main.c' } })?.location).toEqual({ path: 'src/main.c' });
  });
});

describe('fingerprints', () => {
  it('serialises fingerprints before partialFingerprints, keys in code-unit order, whatever the input order', () => {
    const a = one({ partialFingerprints: { b: '2', a: '1' }, fingerprints: { '9': 'n', '10': 't' } });
    const b = one({ fingerprints: { '10': 't', '9': 'n' }, partialFingerprints: { a: '1', b: '2' } });
    expect(a?.nativeFingerprint).toBe('{"fingerprints":[["10","t"],["9","n"]],"partialFingerprints":[["a","1"],["b","2"]]}');
    expect(b?.nativeFingerprint).toBe(a?.nativeFingerprint);
  });

  it('ignores non-string values and leaves the fingerprint unset when nothing remains', () => {
    expect(one({ partialFingerprints: { n: 1, o: {} } })?.nativeFingerprint).toBeUndefined();
    expect(one({ partialFingerprints: { n: 1, s: 'x' } })?.nativeFingerprint).toBe('{"partialFingerprints":[["s","x"]]}');
  });
});

describe('identifiers', () => {
  it('reads CWE ids in the forms tools write them', () => {
    const rule = { id: 'R', properties: { tags: ['external/cwe/cwe-079', 'CWE-89: Improper Neutralization', 'cwe-0022', 'security', 'CWE-'] } };
    expect(one({ ruleId: 'R', properties: { tags: ['CWE-1333'] } }, { name: 'T', rules: [rule] })?.cwe).toEqual([
      'CWE-22',
      'CWE-79',
      'CWE-89',
      'CWE-1333',
    ]);
  });

  it('reads CWE ids from result taxa pointing into the CWE taxonomy by index', () => {
    const finding = one(
      { taxa: [{ index: 1, toolComponent: { index: 0 } }, { id: '200', toolComponent: { name: 'OWASP' } }] },
      { name: 'T' },
      { taxonomies: [{ name: 'CWE', taxa: [{ id: '20' }, { id: '79' }] }] },
    );
    expect(finding?.cwe).toEqual(['CWE-79']);
  });

  it('finds advisory ids in rule ids with a package suffix, but not in prose', () => {
    const rule = { id: 'GHSA-jfh8-c2jp-5v3q-log4j-core', fullDescription: { text: 'Also see CVE-2021-45046.' } };
    const finding = one({ ruleId: 'GHSA-jfh8-c2jp-5v3q-log4j-core', message: { text: 'CVE-2021-44228 everywhere' } }, { name: 'T', rules: [rule] });
    expect(finding?.aliases).toEqual(['GHSA-JFH8-C2JP-5V3Q']);
    expect(finding?.vulnerabilityId).toBe('GHSA-JFH8-C2JP-5V3Q');
    expect(finding?.kind).toBe('vulnerability');
  });

  it('prefers a CVE as the vulnerability id', () => {
    const rule = { id: 'GHSA-jfh8-c2jp-5v3q', properties: { tags: ['security', 'CVE-2021-44228'] } };
    expect(one({ ruleId: 'GHSA-jfh8-c2jp-5v3q' }, { name: 'T', rules: [rule] })?.vulnerabilityId).toBe('CVE-2021-44228');
  });

  it('reads CVSS vectors from property bags, newest version first, with their scores', () => {
    const properties = {
      cvssv2_vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N',
      cvssv2_score: 5,
      cvssv3_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cvssv3_baseScore: 9.8,
      cvssv40_vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      cvssv40_baseScore: 9.3,
    };
    expect(one({ ruleId: 'R' }, { name: 'T', rules: [{ id: 'R', properties }] })?.cvss).toEqual({
      version: '4.0',
      vector: properties.cvssv40_vector,
      score: 9.3,
    });
    const v2only = { cvssv2_vector: properties.cvssv2_vector, cvssv2_score: 5 };
    expect(one({ ruleId: 'R' }, { name: 'T', rules: [{ id: 'R', properties: v2only }] })?.cvss).toEqual({
      version: '2.0',
      vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N',
      score: 5,
    });
    expect(one({ properties: { cvss: 'not a vector', cvssv3_vector: 'AV:N/AC:L' } })?.cvss).toBeUndefined();
  });
});

describe('finding kinds', () => {
  const trivy = (name: string, message: string) =>
    one({ ruleId: 'X-1', message: { text: message } }, { name: 'Trivy', rules: [{ id: 'X-1', name, properties: { tags: [] } }] });

  it('reads Trivy\'s misconfiguration, secret and licence rules by their class', () => {
    expect(trivy('Misconfiguration', 'Artifact: main.tf\nType: terraform')?.kind).toBe('misconfiguration');
    expect(trivy('Secret', 'Artifact: .env\nType: \nSecret AWS Access Key')?.kind).toBe('secret');
    expect(trivy('License', 'Artifact: go.mod\nLicense GPL-3.0')?.kind).toBe('license');
    expect(trivy('Misconfiguration', 'Artifact: main.tf')?.package).toBeUndefined();
  });

  it('reads IaC and secret scanners by name', () => {
    expect(one({}, { name: 'tfsec' })?.kind).toBe('misconfiguration');
    expect(one({}, { name: 'gitleaks' })?.kind).toBe('secret');
  });

  it('reads a secret tag from any tool', () => {
    expect(one({ properties: { tags: ['Secrets'] } })?.kind).toBe('secret');
  });

  it('reads a result on a lockfile as a vulnerability, and other files as code', () => {
    const on = (uri: string) => one({ locations: [{ physicalLocation: { artifactLocation: { uri } } }] })?.kind;
    expect(on('web/package-lock.json')).toBe('vulnerability');
    expect(on('web/package-lock.json.js')).toBe('code');
  });
});

describe('packages of dependency scanners', () => {
  const grype = (help: string) =>
    one(
      { ruleId: 'CVE-2024-0001-pkg', message: { text: 'A high vulnerability in npm package: pkg, version 1.0.0 was found at: /app/package-lock.json' } },
      { name: 'grype', rules: [{ id: 'CVE-2024-0001-pkg', help: { text: help } }] },
    )?.package;

  it('takes Grype fix versions from the rule help only when it names the same package and version', () => {
    expect(grype('Package: pkg\nVersion: 1.0.0\nFix Version: 1.0.1,2.0.0')?.fixedVersions).toEqual(['1.0.1', '2.0.0']);
    expect(grype('Package: other\nVersion: 1.0.0\nFix Version: 9.9.9')?.fixedVersions).toEqual([]);
    expect(grype('Package: pkg\nVersion: 0.9.0\nFix Version: 9.9.9')?.fixedVersions).toEqual([]);
  });

  it('reads no package from a message in an unknown format, rather than guessing', () => {
    expect(one({ message: { text: 'pkg@1.0.0 is vulnerable' } }, { name: 'grype' })?.package).toBeUndefined();
    expect(one({ message: { text: 'Package: pkg\nInstalled Version: 1.0' } }, { name: 'SomeTool' })?.package).toBeUndefined();
  });
});

describe('tool identity', () => {
  it('names a tool with a null, empty or blank driver name "unknown"', () => {
    for (const name of [null, '', '   ']) expect(one({}, { name })?.sources[0]?.tool).toBe('unknown');
  });

  it('falls back to driver.version, and leaves the version and native id unset when absent', () => {
    expect(one({ correlationGuid: 'c-1' }, { name: 'T', version: '1.0' })?.sources[0]).toEqual({
      connector: 'sarif',
      tool: 'T',
      toolVersion: '1.0',
      file: 'test.sarif',
      pointer: '/runs/0/results/0',
      nativeId: 'c-1',
    });
    expect(one({}, { name: 'T' })?.sources[0]).toEqual({ connector: 'sarif', tool: 'T', file: 'test.sarif', pointer: '/runs/0/results/0' });
  });
});
