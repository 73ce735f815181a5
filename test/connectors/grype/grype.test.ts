/**
 * What the Grype connector makes of a match.
 */
import { describe, expect, it } from 'vitest';
import { grypeConnector } from '../../../connectors/grype/index.ts';
import { extractAll, readFixture } from '../shared/fixture-files.ts';

const extract = (doc: unknown) => extractAll(grypeConnector, doc, 'grype.json');
const fixtureFindings = (file: string) => extract(readFixture('grype', file).doc);

const match = (vulnerability: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  vulnerability: { id: 'CVE-2024-0001', severity: 'High', cvss: [], fix: { versions: [], state: 'unknown' }, ...vulnerability },
  relatedVulnerabilities: [],
  matchDetails: [],
  artifact: { name: 'openssl', version: '3.0.1', type: 'apk', purl: 'pkg:apk/alpine/openssl@3.0.1', locations: [] },
  ...extra,
});
const grype = (matches: unknown[], extra: Record<string, unknown> = {}) => ({
  matches,
  source: { type: 'image', target: { userInput: 'alpine:3.19' } },
  distro: { name: 'alpine', version: '3.19' },
  descriptor: { name: 'grype', version: '0.80.0' },
  ...extra,
});

describe('Grype matches', () => {
  it('uses the related CVE as vulnerabilityId when the primary id is a GHSA', () => {
    const [ghsa] = fixtureFindings('grype-ghsa-test-image.json');
    expect(ghsa).toMatchObject({
      kind: 'vulnerability',
      ruleId: 'GHSA-cfh5-3ghh-wfjx',
      vulnerabilityId: 'CVE-2014-3577',
      aliases: ['CVE-2014-3577', 'GHSA-CFH5-3GHH-WFJX'],
      severity: 'medium',
      package: {
        name: 'httpclient',
        ecosystem: 'maven',
        purl: 'pkg:maven/org.apache.httpcomponents/httpclient@4.1.1',
        installedVersion: '4.1.1',
        fixedVersions: ['4.3.5'],
      },
      helpUri: 'https://github.com/advisories/GHSA-cfh5-3ghh-wfjx',
    });
  });

  it('gives a GHSA match and a CVE match of the same package the same vulnerabilityId', () => {
    const findings = fixtureFindings('grype-chainguard-ruby.json').filter((f) => f.package!.name === 'uri');
    expect(findings.map((f) => f.ruleId)).toEqual(['CVE-2023-28755', 'GHSA-hv5j-3h9f-99c2']);
    expect(new Set(findings.map((f) => f.vulnerabilityId))).toEqual(new Set(['CVE-2023-28755']));
  });

  it('takes CVSS from the related vulnerability when the match itself has none', () => {
    const [ghsa] = fixtureFindings('grype-ghsa-test-image.json');
    expect(ghsa!.cvss).toEqual({ version: '2.0', vector: 'AV:N/AC:M/Au:N/C:P/I:P/A:N', score: 5.8 });
    expect(ghsa!.description).toBeDefined();
  });

  it('picks the highest CVSS version, with its own base score', () => {
    const cvss = [
      { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', metrics: { baseScore: 7.5 } },
      { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', metrics: { baseScore: 9.8 } },
      { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L', metrics: { baseScore: 5.6 } },
    ];
    const [f] = extract(grype([match({ cvss })]));
    expect(f!.cvss).toEqual({ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 });
  });

  it('carries fix.versions as fixed versions', () => {
    const [first] = fixtureFindings('grype-presenter-image-snapshot.json');
    expect(first!.package!.fixedVersions).toEqual(['1.2.1', '2.1.3', '3.4.0']);
    const keycloak = fixtureFindings('grype-keycloak-21.0.2.json'); // fix.state wont-fix, no versions
    expect(keycloak.every((f) => f.package!.fixedVersions.length === 0)).toBe(true);
  });

  it('falls back to the Syft package type for the ecosystem when the purl is empty', () => {
    const [first, second] = fixtureFindings('grype-presenter-image-snapshot.json');
    expect(first!.package).toMatchObject({ name: 'package-1', ecosystem: 'rpm' });
    expect(first!.package).not.toHaveProperty('purl');
    expect(second!.package).toMatchObject({ ecosystem: 'deb', purl: 'pkg:deb/package-2@2.2.2' });
  });

  it('locates the package in the first file Syft found it in', () => {
    const [first] = fixtureFindings('grype-presenter-image-snapshot.json');
    expect(first!.location).toEqual({ path: '/foo/bar/somefile-1.txt' });
  });

  it('maps Grype severity words, including Negligible', () => {
    const severities = ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown'].map(
      (severity) => extract(grype([match({ severity })]))[0]!.severity,
    );
    expect(severities).toEqual(['critical', 'high', 'medium', 'low', 'info', 'unknown']);
  });

  it('omits toolVersion where Grype writes "[not provided]"', () => {
    const [f] = fixtureFindings('grype-presenter-image-snapshot.json');
    expect(f!.sources[0]).not.toHaveProperty('toolVersion');
    expect(fixtureFindings('grype-keycloak-21.0.2.json')[0]!.sources[0]!.toolVersion).toBe('0.66.0');
  });

  it('takes the asset hint from a directory or file source, whose target is a string', () => {
    const [dir] = extract(grype([match()], { source: { type: 'directory', target: './checkout' } }));
    expect(dir).toMatchObject({ assetHint: './checkout', target: './checkout' });
    const [unknown] = extract(grype([match()], { source: { type: 'unknown', target: 'unknown' } }));
    expect(unknown!.assetHint).toBeUndefined();
    const [none] = extract(grype([match()], { source: null }));
    expect(none!.assetHint).toBeUndefined();
  });
});

describe('Grype ignoredMatches', () => {
  it('are ingested after the matches as suppressed findings, with the rules that applied', () => {
    const doc = grype([match()], {
      ignoredMatches: [
        {
          ...match({ id: 'CVE-2024-0002' }),
          appliedIgnoreRules: [{ vulnerability: 'CVE-2024-0002', reason: 'not reachable' }, { 'vex-status': 'not_affected', 'vex-justification': 'component_not_present' }],
        },
        { ...match({ id: 'CVE-2024-0003' }), appliedIgnoreRules: [{ package: { name: 'openssl' } }] },
      ],
    });
    const [kept, ignored, byPackage] = extract(doc);
    expect(kept!.suppressed).toBeUndefined();
    expect(ignored).toMatchObject({
      ruleId: 'CVE-2024-0002',
      suppressed: { kind: 'external', justification: 'ignored by Grype: not reachable; not_affected, component_not_present' },
      sources: [{ pointer: '/ignoredMatches/0' }],
    });
    expect(byPackage!.suppressed).toEqual({ kind: 'external', justification: 'ignored by Grype: rule for openssl' });
  });
});

describe('Grype documents without matches', () => {
  it('yields nothing for a clean scan', () => {
    expect(extract(grype([]))).toEqual([]);
  });
});
