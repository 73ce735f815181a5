import { describe, expect, it } from 'vitest';
import { fingerprint, packageKey } from '../../../engine/discover/fingerprint.ts';
import { mergeFindings } from '../../../engine/discover/merge.ts';
import type { DiscoveredFinding, Finding } from '../../../engine/model/finding.ts';

const vuln = (over: Partial<DiscoveredFinding> = {}): DiscoveredFinding => ({
  kind: 'vulnerability',
  ruleId: 'CVE-2022-22965',
  vulnerabilityId: 'CVE-2022-22965',
  aliases: ['CVE-2022-22965'],
  cwe: [],
  title: 'Spring4Shell',
  severity: 'critical',
  package: { name: 'org.springframework:spring-beans', installedVersion: '5.3.15', fixedVersions: ['5.3.18'] },
  sources: [{ connector: 'trivy', tool: 'Trivy', pointer: '/Results/1/Vulnerabilities/0' }],
  ...over,
});

describe('fingerprints', () => {
  it('do not depend on descriptions, titles, severities, versions or timestamps', () => {
    const a = fingerprint(vuln(), 'api');
    const b = fingerprint(
      vuln({ title: 'other', description: 'changed', severity: 'high', firstSeen: '2020-01-01', package: { name: 'org.springframework:spring-beans', installedVersion: '5.3.16', fixedVersions: [] } }),
      'api',
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{20}$/);
  });

  it('are the same across tools that name the package differently', () => {
    const trivy = fingerprint(vuln(), 'api');
    const grype = fingerprint(vuln({ ruleId: 'GHSA-36p3-wjmg-h94x', package: { name: 'spring-beans', purl: 'pkg:maven/org.springframework/spring-beans@5.3.15', fixedVersions: [] } }), 'api');
    expect(grype).toBe(trivy);
  });

  it('differ by asset, vulnerability and package', () => {
    const base = fingerprint(vuln(), 'api');
    expect(fingerprint(vuln(), 'other')).not.toBe(base);
    expect(fingerprint(vuln({ vulnerabilityId: 'CVE-2022-22963' }), 'api')).not.toBe(base);
    expect(fingerprint(vuln({ package: { name: 'spring-core', fixedVersions: [] } }), 'api')).not.toBe(base);
  });

  it("use a code scanner's own fingerprint so moved code keeps its identity", () => {
    const code = (line: number): DiscoveredFinding => ({
      ...vuln(),
      kind: 'code',
      ruleId: 'js/sql-injection',
      vulnerabilityId: undefined,
      package: undefined,
      nativeFingerprint: 'primaryLocationLineHash:abc',
      location: { path: 'src/db.js', startLine: line },
    });
    expect(fingerprint(code(10), 'api')).toBe(fingerprint(code(42), 'api'));
  });

  it('normalise package names to what tools agree on', () => {
    expect(packageKey('org.springframework:spring-beans')).toBe('spring-beans');
    expect(packageKey('pkg:maven/org.springframework/spring-beans')).toBe('spring-beans');
    expect(packageKey('OpenSSL')).toBe('openssl');
  });
});

describe('merging the same exposure from several tools', () => {
  const asFinding = (d: DiscoveredFinding): Finding => ({ ...d, asset: 'api', fingerprint: fingerprint(d, 'api') });
  const trivy = asFinding(vuln({ severity: 'high', package: { name: 'spring-beans', fixedVersions: ['5.3.18'] } }));
  const grype = asFinding(
    vuln({ aliases: ['CVE-2022-22965', 'GHSA-36p3-wjmg-h94x'], severity: 'critical', package: { name: 'spring-beans', fixedVersions: ['5.2.20'] }, sources: [{ connector: 'grype', tool: 'Grype', pointer: '/matches/0' }] }),
  );

  it('keeps every source, the union of aliases and fixes, and the highest severity', () => {
    const [m, ...rest] = mergeFindings([trivy, grype]);
    expect(rest).toEqual([]);
    expect(m!.sources.map((s) => s.tool)).toEqual(['Grype', 'Trivy']);
    expect(m!.aliases).toEqual(['CVE-2022-22965', 'GHSA-36p3-wjmg-h94x']);
    expect(m!.package!.fixedVersions).toEqual(['5.2.20', '5.3.18']);
    expect(m!.severity).toBe('critical');
  });

  it('gives the same result whatever the input order', () => {
    expect(mergeFindings([grype, trivy])).toEqual(mergeFindings([trivy, grype]));
  });

  it('sorts and de-duplicates a list both tools share, and takes each field from the first source that has it', () => {
    const shared = ['GHSA-36p3-wjmg-h94x', 'CVE-2022-22965', 'CVE-2022-22965'];
    const a = { ...trivy, aliases: shared, cwe: ['CWE-94'], description: undefined, helpUri: 'https://trivy.example/1' };
    const b = { ...grype, aliases: shared, cwe: ['CWE-94'], description: 'from grype', helpUri: undefined };
    const [m] = mergeFindings([a, b]);
    expect(m!.aliases).toEqual(['CVE-2022-22965', 'GHSA-36p3-wjmg-h94x']);
    expect(m!.cwe).toEqual(['CWE-94']);
    // Grype's source sorts first (see above): its description, and Trivy's link where Grype has none.
    expect(m!.description).toBe('from grype');
    expect(m!.helpUri).toBe('https://trivy.example/1');
  });

  it('stays suppressed only if every tool suppressed it', () => {
    const s = { ...trivy, suppressed: { kind: 'inSource' } };
    expect(mergeFindings([s, grype])[0]!.suppressed).toBeUndefined();
  });
});
