/**
 * What the connector reads out of real tool output. Expected values are taken from the
 * files themselves (quoted, or looked up in an independent JSON.parse).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripBom } from '../../../connectors/sarif/index.ts';
import { corpusSarifDir, extract, extractFile, parseSarifFile, sarifPath } from './sarif-files.ts';

const hasCorpus = corpusSarifDir() !== undefined;

describe('rule resolution', () => {
  it('resolves rules that live only in tool.extensions, by guid, id, ruleIndex and rule.index', () => {
    const findings = extractFile('vscode-rules-in-tool-extensions.sarif');
    const unused = 'js/unused-local-variable fullDescription 1.0.0\n\nTextHelp';
    expect(findings.map((f) => f.description)).toEqual([
      unused, // ruleId + rule.guid + toolComponent.index
      unused, // ruleIndex + toolComponent.index, no ruleId
      unused, // rule.id + toolComponent.guid
      unused, // rule.index + toolComponent.guid, no ruleId
      'com.lgtm/python-queries:py/unnecessary-pass fullDescription 1.0.0\n\nTextHelp',
    ]);
  });

  it('names a result without ruleId after the rule its index resolves to', () => {
    const findings = extractFile('vscode-rules-in-tool-extensions.sarif');
    expect(findings[1]?.ruleId).toBe('js/unused-local-variable-1');
    expect(findings[3]?.ruleId).toBe('js/unused-local-variable-1');
  });

  it('prefers the rule the ruleId names when rule.index points at a different rule', () => {
    // The sample's last result: ruleId unnecessary-pass-1, but rule.index 0 (unused-local-variable-1).
    const last = extractFile('vscode-rules-in-tool-extensions.sarif')[4];
    expect(last?.ruleId).toBe('com.lgtm/python-queries:py/unnecessary-pass-1');
    expect(last?.helpUri).toBe('http://lgtm.com');
  });

  it('names a result that only has a ruleIndex after the indexed rule (Fortify converter)', () => {
    const doc = parseSarifFile('sdk-fortify-fpr-converter.sarif');
    const rules = doc.runs[0].tool.driver.rules;
    expect(extractFile('sdk-fortify-fpr-converter.sarif').map((f) => f.ruleId)).toEqual(
      doc.runs[0].results.map((r: { ruleIndex: number }) => rules[r.ruleIndex].id),
    );
  });

  it('tolerates a ruleIndex into an empty rules array and keeps the ruleId (codeql-action input)', () => {
    const findings = extractFile('codeql-action-no-fingerprints-input.sarif');
    expect(findings.map((f) => f.ruleId)).toEqual(['js/unused-local-variable', 'js/unused-local-variable']);
    expect(findings[0]?.description).toBeUndefined();
  });

  it('tolerates a toolComponent index when the run declares no extensions, keeping rule.id', () => {
    const findings = extractFile('sdk-rule-toolcomponent-ref.sarif');
    expect(findings[1]?.ruleId).toBe('TEST1001');
    expect(findings[1]?.title).toBe('Good result: rule contains toolComponent.');
  });

  it('names results that have no rule at all "unknown" and titles them from the message', () => {
    const findings = extractFile('sdk-semmleql-converter.sarif');
    expect(findings).toHaveLength(80);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(['unknown']));
    expect(findings[0]?.title).toBe('Avoid using thread priorities. The effect is unpredictable and not portable.');
  });

  it('resolves rules per run: the same rule id in two runs keeps each run\'s own rule', () => {
    const [first, second] = extractFile('sdk-nessus-converter-multirun.sarif');
    expect(first?.ruleId).toBe('12345');
    expect(second?.ruleId).toBe('12345');
    expect(first?.description).toContain('Description text');
    expect(second?.description).toContain('description text');
    expect(first?.severity).toBe('low'); // security-severity 3.0
    expect(second?.severity).toBe('critical'); // security-severity 9.0
  });
});

describe('runs, sources and fingerprints', () => {
  it('reads every run of a multi-run log, with each run\'s tool and version', () => {
    const findings = extractFile('codeql-action-valid-2runs.sarif');
    expect(findings.map((f) => [f.sources[0]?.pointer, f.sources[0]?.tool, f.sources[0]?.toolVersion])).toEqual([
      ['/runs/0/results/0', 'LGTM.com', '1.24.0-SNAPSHOT'],
      ['/runs/1/results/0', 'CodeQL command-line toolchain', '2.0.0'],
      ['/runs/1/results/1', 'CodeQL command-line toolchain', '2.0.0'],
    ]);
  });

  it('carries partialFingerprints as a deterministic native fingerprint', () => {
    const [first] = extractFile('codeql-action-valid-2runs.sarif');
    expect(first?.nativeFingerprint).toBe(
      '{"partialFingerprints":[["primaryLocationLineHash","39fa2ee980eb94b0:1"],["primaryLocationStartColumnFingerprint","4"]]}',
    );
    expect(extractFile('codeql-action-valid-2runs.sarif')[0]?.nativeFingerprint).toBe(first?.nativeFingerprint);
  });

  it('prefers semanticVersion over version, and takes the result guid as native id', () => {
    const [first] = extractFile('sdk-utf8-bom-partialfingerprints.sarif');
    expect(first?.sources[0]?.toolVersion).toBe('1.2.23'); // version is "1.2.23.0"
    expect(first?.sources[0]?.nativeId).toBe('d0e26f09-c783-4abf-a195-e634778c59c3');
  });

  it('takes the asset hint from versionControlProvenance, and leaves it unset without one', () => {
    const grouped = extractFile('sdk-grouping-sample-multirun.sarif');
    expect(grouped.map((f) => f.assetHint)).toEqual(Array(3).fill('https://github.com/example/grouping-sample'));
    expect(extractFile('trivy-alpine-310.sarif')[0]?.assetHint).toBeUndefined();
  });

  it('reads a log whose runs have no results and a null or empty driver name', () => {
    expect(extractFile('codeql-action-edge-tool-names-no-results.sarif')).toEqual([]);
  });
});

describe('a file with a UTF-8 byte order mark', () => {
  const text = readFileSync(sarifPath('sdk-utf8-bom-partialfingerprints.sarif'), 'utf8');

  it('cannot be parsed as it is, and can once stripBom has removed the mark', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => JSON.parse(stripBom(text))).not.toThrow();
  });

  it('yields its five secret findings with their SecretHash partial fingerprints', () => {
    const findings = extract(JSON.parse(stripBom(text)), 'bom.sarif');
    expect(findings).toHaveLength(5);
    expect(findings.every((f) => f.kind === 'secret')).toBe(true);
    expect(findings[0]?.nativeFingerprint).toContain('"SecretHash/v1"');
    expect(findings[0]?.ruleId).toBe('CSCAN0050/0');
  });
});

describe('suppressions and baseline state', () => {
  it('marks ESLint in-source suppressions, without an empty justification', () => {
    const findings = extractFile('eslint-iframe-resizer.sarif');
    expect(findings).toHaveLength(12);
    for (const f of findings) expect(f.suppressed).toEqual({ kind: 'inSource' });
  });

  it.skipIf(!hasCorpus)('marks only the nosemgrep-suppressed Semgrep result as suppressed', () => {
    const [suppressed, open] = extractFile('semgrep-nosemgrep-suppressions.sarif');
    expect(suppressed?.suppressed).toEqual({ kind: 'inSource' });
    expect(open?.suppressed).toBeUndefined();
  });

  it('carries baselineState, across runs', () => {
    const findings = extractFile('sdk-multiple-runs-no-locations.sarif');
    expect(findings.map((f) => [f.ruleId, f.baselineState])).toEqual([
      ['TST0001', 'new'],
      ['TST0002', 'new'],
      ['TST0003', 'new'],
    ]);
  });
});

describe('locations', () => {
  it('leaves the location unset for results without locations', () => {
    const findings = extractFile('sdk-multiple-runs-no-locations.sarif');
    expect(findings.map((f) => f.location)).toEqual([undefined, undefined, undefined]);
  });

  it('leaves the location unset for "locations": []', () => {
    const [finding] = extractFile('sdk-locations-empty-array.sarif');
    expect(finding?.location).toBeUndefined();
    expect(finding?.title).toBe('Check fails.');
  });

  it('finds the path through an index into run.artifacts', () => {
    const findings = extractFile('codeql-action-no-fingerprints-input.sarif');
    expect(findings[1]?.location).toEqual({ path: 'testFile2.js', startLine: 2 });
    expect(extractFile('sdk-rule-toolcomponent-ref.sarif')[0]?.location).toEqual({
      path: 'local/test/code/src/file1.cs',
      startLine: 2,
      startColumn: 53,
    });
  });

  it('keeps region lines and columns, and the logical location', () => {
    const [first] = extractFile('grype-presenter-image.sarif');
    expect(first?.location).toEqual({
      path: 'user-input/somefile-1.txt',
      startLine: 1,
      endLine: 1,
      startColumn: 1,
      logical: 'user-input@:/somefile-1.txt',
    });
  });

  it.skipIf(!hasCorpus)('reads Semgrep Supply Chain\'s line 0 as "no line", keeping the path', () => {
    const [finding] = extractFile('semgrep-sca-zero-line-region.sarif');
    expect(finding?.location).toEqual({ path: 'targets/dependency_aware/ansi/yarn.lock' });
  });
});

describe('severity', () => {
  it('bands security-severity like GitHub, for every CodeQL result (rule property)', () => {
    const doc = parseSarifFile('codeql-2.24.2-python.sarif');
    const rules = new Map<string, number>(
      doc.runs[0].tool.driver.rules.map((r: { id: string; properties?: Record<string, string> }) => [
        r.id,
        Number(r.properties?.['security-severity'] ?? NaN),
      ]),
    );
    const findings = extractFile('codeql-2.24.2-python.sarif');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      const score = rules.get(f.ruleId) ?? NaN;
      const level = doc.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === f.ruleId)?.defaultConfiguration?.level;
      const expected = Number.isNaN(score)
        ? { error: 'high', warning: 'medium', note: 'low', none: 'info' }[level as string]
        : score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
      expect(f.severity, f.ruleId).toBe(expected);
    }
  });

  it('lets security-severity win over the result level (grype: level note, score 8.2)', () => {
    const [first] = extractFile('grype-presenter-image.sarif');
    expect(first?.severity).toBe('high');
  });

  it('maps levels without security-severity: error->high, warning->medium (clippy)', () => {
    const doc = parseSarifFile('clippy-sarif-kong-atc-router.sarif');
    const findings = extractFile('clippy-sarif-kong-atc-router.sarif');
    findings.forEach((f, i) => {
      expect(f.severity).toBe(doc.runs[0].results[i].level === 'error' ? 'high' : 'medium');
    });
  });

  it('defaults to the rule\'s defaultConfiguration.level, then to warning', () => {
    // codeql-action-valid-2runs: no result level, rule default "note".
    expect(extractFile('codeql-action-valid-2runs.sarif')[0]?.severity).toBe('low');
    // sdk-fortify: no level anywhere.
    expect(extractFile('sdk-fortify-fpr-converter.sarif')[0]?.severity).toBe('medium');
  });
});

describe('weakness ids', () => {
  it('reads CWE ids from CodeQL external/cwe tags, without leading zeros', () => {
    const unused = extractFile('codeql-2.24.2-python.sarif').find((f) => f.ruleId === 'py/unused-local-variable');
    expect(unused?.cwe).toEqual(['CWE-563']);
  });

  it.skipIf(!hasCorpus)('reads every CWE tag of a CodeQL security query', () => {
    const logging = extractFile('codeql-2.17.5-javascript.sarif').find((f) => f.ruleId === 'js/clear-text-logging');
    expect(logging?.cwe).toEqual(['CWE-312', 'CWE-359', 'CWE-532']);
  });

  it('reads CWE ids from rule relationships into the CWE taxonomy (gosec, Fortify)', () => {
    expect(extractFile('gosec-go-project.sarif').map((f) => [f.ruleId, f.cwe])).toContainEqual(['G304', ['CWE-22']]);
    expect(extractFile('sdk-fortify-fpr-converter.sarif')[2]?.cwe).toEqual(['CWE-22', 'CWE-73']);
  });

  it('reads Snyk\'s CWE tags', () => {
    expect(extractFile('vexctl-nginx-snyk-container.sarif')[0]?.cwe).toEqual(['CWE-347']);
  });
});

describe('dependency scanners', () => {
  it('reads Trivy results as vulnerabilities of the package named in each result', () => {
    const findings = extractFile('trivy-alpine-310.sarif');
    // Each rule's help text says "Package: libssl1.1" for both packages: the package must
    // come from the result, not from the rule.
    expect(findings.map((f) => [f.kind, f.vulnerabilityId, f.package?.name])).toEqual([
      ['vulnerability', 'CVE-2019-1549', 'libcrypto1.1'],
      ['vulnerability', 'CVE-2019-1551', 'libcrypto1.1'],
      ['vulnerability', 'CVE-2019-1549', 'libssl1.1'],
      ['vulnerability', 'CVE-2019-1551', 'libssl1.1'],
    ]);
    expect(findings[0]?.package).toEqual({ name: 'libcrypto1.1', installedVersion: '1.1.1c-r0', fixedVersions: ['1.1.1d-r0'] });
    expect(findings[0]?.target).toBe('testdata/fixtures/images/alpine-310.tar.gz');
  });

  it('takes Trivy\'s CVSS v3.1 vector and score from the rule properties', () => {
    expect(extractFile('trivy-alpine-310.sarif')[0]?.cvss).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
      score: 5.3,
    });
  });

  it('reads Grype\'s current message format, with its purl and fix versions', () => {
    const [first, second] = extractFile('grype-presenter-image.sarif');
    expect(first?.kind).toBe('vulnerability');
    expect(first?.vulnerabilityId).toBe('CVE-1999-0001');
    expect(first?.package).toEqual({ name: 'package-1', installedVersion: '1.1.1', ecosystem: 'rpm', fixedVersions: ['1.2.1', '2.1.3', '3.4.0'] });
    expect(second?.package).toEqual({
      name: 'package-2',
      installedVersion: '2.2.2',
      ecosystem: 'deb',
      purl: 'pkg:deb/package-2@2.2.2',
      fixedVersions: [],
    });
  });

  it('reads Grype 0.63\'s older message format', () => {
    const findings = extractFile('vexctl-nginx-grype-0.63.0.sarif');
    expect(findings.every((f) => f.kind === 'vulnerability' && f.package !== undefined)).toBe(true);
    expect(findings[0]?.vulnerabilityId).toBe('CVE-2005-2541'); // rule id CVE-2005-2541-tar
    expect(findings[0]?.package).toEqual({ name: 'tar', installedVersion: '1.34+dfsg-1.2', ecosystem: 'deb', fixedVersions: [] });
  });

  it('reads Snyk Container results with the CVE and the Snyk id as aliases', () => {
    const [apt] = extractFile('vexctl-nginx-snyk-container.sarif');
    expect(apt?.kind).toBe('vulnerability');
    expect(apt?.vulnerabilityId).toBe('CVE-2011-3374');
    expect(apt?.aliases).toEqual(['CVE-2011-3374', 'SNYK-DEBIAN12-APT-1541449']);
    // fullDescription "(CVE-2011-3374) apt/libapt-pkg6.0@2.6.1": the installed binary package.
    expect(apt?.package).toEqual({ name: 'libapt-pkg6.0', installedVersion: '2.6.1', ecosystem: 'deb', fixedVersions: [] });
    expect(apt?.severity).toBe('low');
  });

  it.skipIf(!hasCorpus)('reads Snyk Open Source results, legacy npm: advisory ids included', () => {
    const findings = extractFile('snyk-open-source-npm.sarif');
    expect(findings.every((f) => f.kind === 'vulnerability')).toBe(true);
    expect(findings.map((f) => f.vulnerabilityId)).toEqual([
      'CVE-2020-8244',
      'CVE-2020-28500',
      'CVE-2021-23337',
      'CVE-2021-23358',
      'CVE-2018-3728',
      'NPM:MS:20170412',
      'NPM:TUNNEL-AGENT:20170305',
    ]);
    expect(findings[0]?.package).toEqual({ name: 'bl', installedVersion: '1.1.2', ecosystem: 'npm', fixedVersions: [] });
    expect(findings[0]?.severity).toBe('high'); // "High severity - ..."
  });

  it('reads osv-scanner results with every alias the message lists and the fix from the help table', () => {
    const [regex, protobuf] = extractFile('osv-scanner-printsarif.sarif');
    expect(regex?.aliases).toEqual(['CVE-2022-24713', 'GHSA-M5PQ-GVJ9-9VR8', 'RUSTSEC-2022-0013']);
    expect(regex?.package).toEqual({ name: 'regex', installedVersion: '1.5.1', fixedVersions: ['1.5.5'] });
    expect(protobuf?.package?.name).toBe('github.com/gogo/protobuf');
    expect(protobuf?.aliases).toContain('GO-2021-0053');
  });

  it('reads CVE tags of a network scanner rule as a vulnerability (Nessus converter)', () => {
    const [, withCves] = extractFile('sdk-nessus-converter-multirun.sarif');
    expect(withCves?.kind).toBe('vulnerability');
    expect(withCves?.vulnerabilityId).toBe('CVE-2018-10858');
    expect(withCves?.aliases).toEqual(['CVE-2018-10858', 'CVE-2018-10919']);
  });

  it.skipIf(!hasCorpus)('reads a Semgrep Supply Chain result on a lockfile as a vulnerability, without guessing a package', () => {
    const [finding] = extractFile('semgrep-sca-zero-line-region.sarif');
    expect(finding?.kind).toBe('vulnerability');
    expect(finding?.package).toBeUndefined();
  });
});

describe('other kinds', () => {
  it.skipIf(!hasCorpus)('reads Checkov results as misconfigurations', () => {
    expect(extractFile('checkov-terraform.sarif').map((f) => f.kind)).toEqual(Array(4).fill('misconfiguration'));
  });

  it('reads linters and SAST tools as code findings', () => {
    for (const name of ['clippy-sarif-kong-atc-router.sarif', 'gosec-go-project.sarif', 'codeql-2.24.2-python.sarif']) {
      expect(new Set(extractFile(name).map((f) => f.kind)), name).toEqual(new Set(['code']));
    }
  });
});

describe('texts', () => {
  it('titles a finding with the result message and describes it with the rule\'s full description and help', () => {
    const [first] = extractFile('trivy-alpine-310.sarif');
    const rule = parseSarifFile('trivy-alpine-310.sarif').runs[0].tool.driver.rules[0];
    expect(first?.title).toBe(parseSarifFile('trivy-alpine-310.sarif').runs[0].results[0].message.text);
    expect(first?.description).toBe(`${rule.fullDescription.text}\n\n${rule.help.text}`);
    expect(first?.helpUri).toBe('https://avd.aquasec.com/nvd/cve-2019-1549');
  });
});
