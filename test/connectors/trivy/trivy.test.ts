/**
 * What the Trivy connector makes of each kind of record.
 */
import { describe, expect, it } from 'vitest';
import { trivyConnector } from '../../../connectors/trivy/index.ts';
import { splitFixedVersions } from '../../../connectors/trivy/vulnerability.ts';
import { extractAll, readFixture } from '../shared/fixture-files.ts';

const report = (results: unknown[], extra: Record<string, unknown> = {}): unknown => ({
  SchemaVersion: 2,
  Trivy: { Version: '0.58.1' },
  ArtifactName: 'registry.example/app:1.0',
  ArtifactType: 'container_image',
  Results: results,
  ...extra,
});

const vuln = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  VulnerabilityID: 'CVE-2024-0001',
  PkgName: 'openssl',
  InstalledVersion: '3.0.1',
  Severity: 'HIGH',
  ...extra,
});

const extract = (doc: unknown) => extractAll(trivyConnector, doc, 'trivy.json');

describe('Trivy vulnerabilities', () => {
  it('maps a real OS-package record field by field', () => {
    const [first] = extract(readFixture('trivy', 'trivy-alpine-310.json').doc);
    expect(first).toEqual({
      kind: 'vulnerability',
      ruleId: 'CVE-2019-1549',
      vulnerabilityId: 'CVE-2019-1549',
      aliases: ['CVE-2019-1549'],
      cwe: ['CWE-330'],
      title: 'openssl: information disclosure in fork()',
      description: expect.stringMatching(/^OpenSSL 1\.1\.1 introduced a rewritten random number generator/),
      severity: 'medium',
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', score: 5.3 },
      package: {
        name: 'libcrypto1.1',
        ecosystem: 'apk',
        purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
        installedVersion: '1.1.1c-r0',
        fixedVersions: ['1.1.1d-r0'],
      },
      helpUri: 'https://avd.aquasec.com/nvd/cve-2019-1549',
      assetHint: 'testdata/fixtures/images/alpine-310.tar.gz',
      target: 'testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)',
      sources: [
        {
          connector: 'trivy',
          tool: 'Trivy',
          toolVersion: 'dev',
          file: 'trivy.json',
          pointer: '/Results/0/Vulnerabilities/0',
          nativeId: 'sha256:6843bc8bcd09d2629416906fb83f17f31dde9a2702183571f9d447c3185814ca',
        },
      ],
    });
  });

  it('splits a comma-separated FixedVersion into a list (one fix per branch)', () => {
    expect(splitFixedVersions('1.1.1d-r2, 1.0.2u-r0')).toEqual(['1.1.1d-r2', '1.0.2u-r0']);
    expect(splitFixedVersions('2.17.1, 2.12.3, 2.3.1,, 2.17.1')).toEqual(['2.17.1', '2.12.3', '2.3.1']);
    const [f] = extract(report([{ Target: 't', Type: 'jar', Vulnerabilities: [vuln({ FixedVersion: '2.17.1, 2.12.3' })] }]));
    expect(f!.package!.fixedVersions).toEqual(['2.17.1', '2.12.3']);
  });

  it('has no fixed versions when Trivy states none (Status affected)', () => {
    const bash = extract(readFixture('trivy', 'trivy-ubuntu-1804.json').doc).find((f) => f.package?.name === 'bash');
    expect(bash!.package!.fixedVersions).toEqual([]);
  });

  it('takes the ecosystem from Result.Type, as a purl type', () => {
    const [jar] = extract(readFixture('trivy', 'trivy-spring4shell-jre11.json').doc);
    expect(jar!.package).toMatchObject({ name: 'org.springframework:spring-beans', ecosystem: 'maven' });
    expect(jar!.location).toEqual({ path: 'usr/local/tomcat/webapps/helloworld.war/WEB-INF/lib/spring-beans-5.3.15.jar' });
    const gomod = extract(readFixture('trivy', 'trivy-gomod-vex.json').doc);
    expect(gomod.map((f) => f.package!.ecosystem)).toEqual(['golang', 'golang', 'golang', 'golang']);
  });

  it('keeps a non-CVE advisory id as both rule and vulnerability id', () => {
    const [gms] = extract(readFixture('trivy', 'trivy-gomod-vex.json').doc);
    expect(gms).toMatchObject({ ruleId: 'GMS-2022-20', vulnerabilityId: 'GMS-2022-20', severity: 'unknown' });
  });

  it('adds VendorIDs to the aliases', () => {
    const [f] = extract(report([{ Target: 't', Vulnerabilities: [vuln({ VendorIDs: ['DSA-5000-1', 'dla-3000-1'] })] }]));
    expect(f!.aliases).toEqual(['CVE-2024-0001', 'DLA-3000-1', 'DSA-5000-1']);
    expect(f!.vulnerabilityId).toBe('CVE-2024-0001');
  });
});

describe('Trivy CVSS: nvd first, then the SeveritySource vendor; newest version within a vendor', () => {
  const cvssOf = (extra: Record<string, unknown>) => extract(report([{ Target: 't', Vulnerabilities: [vuln(extra)] }]))[0]!.cvss;
  const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
  const V30 = 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L';
  const V40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
  const V2 = 'AV:N/AC:L/Au:N/C:P/I:P/A:P';

  it('prefers nvd even when SeveritySource names another vendor', () => {
    const [spring] = extract(readFixture('trivy', 'trivy-spring4shell-jre11.json').doc); // SeveritySource: ghsa
    expect(spring!.cvss).toEqual({ version: '3.1', vector: V31, score: 9.8 });
    expect(cvssOf({ SeveritySource: 'redhat', CVSS: { redhat: { V3Vector: V30, V3Score: 5.6 }, nvd: { V3Vector: V31, V3Score: 9.8 } } })).toEqual({
      version: '3.1',
      vector: V31,
      score: 9.8,
    });
  });

  it('uses the SeveritySource vendor when nvd has none, before other vendors', () => {
    expect(
      cvssOf({ SeveritySource: 'redhat', CVSS: { alma: { V3Vector: V31, V3Score: 9.8 }, redhat: { V3Vector: V30, V3Score: 5.6 } } }),
    ).toEqual({ version: '3.0', vector: V30, score: 5.6 });
  });

  it('falls back to the other vendors alphabetically, whatever their key order', () => {
    expect(cvssOf({ CVSS: { zeta: { V3Vector: V30, V3Score: 5.6 }, alma: { V3Vector: V31, V3Score: 9.8 } } })).toMatchObject({ vector: V31 });
  });

  it('carries a V40 vector and score where present, over V3 of the same vendor', () => {
    expect(cvssOf({ CVSS: { nvd: { V3Vector: V31, V3Score: 9.8, V40Vector: V40, V40Score: 9.3 } } })).toEqual({
      version: '4.0',
      vector: V40,
      score: 9.3,
    });
  });

  it('prefers any v3 vector to a v2 one, and uses v2 only when nothing newer exists', () => {
    expect(cvssOf({ CVSS: { nvd: { V2Vector: V2, V2Score: 7.5 }, redhat: { V3Vector: V30, V3Score: 5.6 } } })).toMatchObject({ version: '3.0' });
    expect(cvssOf({ CVSS: { nvd: { V2Vector: V2, V2Score: 7.5 } } })).toEqual({ version: '2.0', vector: V2, score: 7.5 });
  });

  it('has no CVSS when the record has none', () => {
    expect(cvssOf({})).toBeUndefined();
  });
});

describe('Trivy misconfigurations', () => {
  const misconf = (Status: string, extra: Record<string, unknown> = {}) => ({
    Type: 'Terraform Security Check',
    ID: 'AWS-0089',
    AVDID: 'AVD-AWS-0089',
    Title: 'S3 Bucket Logging',
    Message: 'Bucket has logging disabled',
    Severity: 'LOW',
    Status,
    CauseMetadata: { Resource: 'aws_s3_bucket.logs', StartLine: 3, EndLine: 9 },
    ...extra,
  });

  it('counts only FAIL: PASS and EXCEPTION are checks that passed or were waived, not findings', () => {
    const doc = report([
      { Target: 'main.tf', Class: 'config', Type: 'terraform', Misconfigurations: [misconf('PASS'), misconf('FAIL'), misconf('EXCEPTION')] },
    ]);
    const findings = extract(doc);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.sources[0]!.pointer).toBe('/Results/0/Misconfigurations/1');
  });

  it('uses AVDID when present, ID otherwise, and locates the cause in the target file', () => {
    const [withAvd] = extract(report([{ Target: 'main.tf', Misconfigurations: [misconf('FAIL')] }]));
    expect(withAvd).toMatchObject({
      kind: 'misconfiguration',
      ruleId: 'AVD-AWS-0089',
      title: 'S3 Bucket Logging',
      severity: 'low',
      location: { path: 'main.tf', startLine: 3, endLine: 9, logical: 'aws_s3_bucket.logs' },
      aliases: [],
    });
    const real = extract(readFixture('trivy', 'trivy-terraform-remote-module.json').doc);
    expect(real.map((f) => f.ruleId)).toEqual(['AWS-0089', 'AWS-0090', 'AWS-0132']);
    expect(real[0]!.description).toMatch(/^Bucket has logging disabled\n\n/);
  });

  it('does not copy the offending code lines, which may hold credentials', () => {
    const doc = report([
      {
        Target: 'main.tf',
        Misconfigurations: [misconf('FAIL', { CauseMetadata: { StartLine: 1, Code: { Lines: [{ Number: 1, Content: 'password = "hunter2-secret"' }] } } })],
      },
    ]);
    expect(JSON.stringify(extract(doc))).not.toContain('hunter2');
  });
});

describe('Trivy secrets carry the rule, file and lines, never the secret', () => {
  it('maps the real secret-scan fixture without its token or code lines', () => {
    const { raw, doc } = readFixture('trivy', 'trivy-secrets.json');
    expect(raw).toContain('ghp_0123456789ABCDEF'); // the fixture does hold the fake token...
    const findings = extract(doc);
    const serialised = JSON.stringify(findings);
    expect(serialised).not.toContain('ghp_'); // ...and no finding does
    expect(serialised).not.toContain('AWS_ACCESS_KEY_ID');
    expect(serialised).not.toContain('export ');
    expect(serialised).not.toContain('****'); // not even the masked match
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'secret', ruleId: 'aws-access-key-id', severity: 'critical', location: { path: 'deploy.sh', startLine: 3, endLine: 3 } }),
      expect.objectContaining({ kind: 'secret', ruleId: 'mysecret', severity: 'high', location: { path: 'deploy.sh', startLine: 7, endLine: 7 } }),
    ]);
  });

  it('drops an unmasked secret in Match, Code.Lines and any unknown field', () => {
    const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
    const GH_TOKEN = 'ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const doc = report([
      {
        Target: 'config/.env',
        Class: 'secret',
        Secrets: [
          {
            RuleID: 'aws-access-key-id',
            Category: 'AWS',
            Severity: 'CRITICAL',
            Title: 'AWS Access Key ID',
            StartLine: 2,
            EndLine: 2,
            Match: `AWS_ACCESS_KEY_ID=${AWS_KEY}`,
            Code: { Lines: [{ Number: 1, Content: `GITHUB_TOKEN=${GH_TOKEN}`, Highlighted: GH_TOKEN }, { Number: 2, Content: AWS_KEY }] },
            Offset: 40,
            FutureSecretField: AWS_KEY,
          },
        ],
      },
    ]);
    const findings = extract(doc);
    expect(findings).toHaveLength(1);
    const serialised = JSON.stringify(findings);
    expect(serialised).not.toContain('AKIA');
    expect(serialised).not.toContain('ghp_');
    expect(findings[0]!.location).toEqual({ path: 'config/.env', startLine: 2, endLine: 2 });
  });
});

describe('Trivy licenses', () => {
  it('makes one license finding per record, for a package or a file', () => {
    const doc = report([
      {
        Target: 'Node.js',
        Class: 'license',
        Licenses: [
          { Severity: 'HIGH', Category: 'restricted', PkgName: 'left-pad', Name: 'GPL-3.0', Confidence: 1, Link: 'https://spdx.org/licenses/GPL-3.0' },
          { Severity: 'LOW', Category: 'notice', FilePath: 'LICENSE', Name: 'MIT', Confidence: 0.9 },
        ],
      },
    ]);
    const [pkg, file] = extract(doc);
    expect(pkg).toMatchObject({
      kind: 'license',
      ruleId: 'GPL-3.0',
      title: 'GPL-3.0 license (restricted) in left-pad',
      severity: 'high',
      package: { name: 'left-pad', fixedVersions: [] },
      helpUri: 'https://spdx.org/licenses/GPL-3.0',
    });
    expect(file).toMatchObject({ kind: 'license', ruleId: 'MIT', location: { path: 'LICENSE' }, severity: 'low' });
    expect(file!.package).toBeUndefined();
  });
});

describe('Trivy ModifiedFindings (VEX, .trivyignore)', () => {
  it('ingests them as suppressed findings, saying who suppressed them and why', () => {
    const doc = report([
      {
        Target: 'go.mod',
        Type: 'gomod',
        Vulnerabilities: [vuln()],
        ModifiedFindings: [
          {
            Type: 'vulnerability',
            Status: 'not_affected',
            Statement: 'vulnerable_code_not_in_execute_path',
            Source: 'openvex.json',
            Finding: vuln({ VulnerabilityID: 'CVE-2024-0002', PkgName: 'golang.org/x/net' }),
          },
          { Type: 'misconfiguration', Status: 'ignored', Source: '.trivyignore', Finding: { ID: 'AWS-1', Status: 'PASS' } },
        ],
      },
    ]);
    const findings = extract(doc);
    expect(findings).toHaveLength(2); // the PASS misconfiguration is not a finding, suppressed or not
    expect(findings[0]!.suppressed).toBeUndefined();
    expect(findings[1]).toMatchObject({
      ruleId: 'CVE-2024-0002',
      package: { name: 'golang.org/x/net', ecosystem: 'golang' },
      suppressed: { kind: 'external', justification: 'not_affected (openvex.json): vulnerable_code_not_in_execute_path' },
      sources: [{ pointer: '/Results/0/ModifiedFindings/0/Finding' }],
    });
  });
});

describe('Trivy reports without findings', () => {
  it('yields nothing for a clean scan with no Results, or with Results: null', () => {
    expect(extract({ SchemaVersion: 2, ArtifactName: 'alpine:3.19', ArtifactType: 'container_image' })).toEqual([]);
    expect(extract({ SchemaVersion: 2, ArtifactName: 'alpine:3.19', Results: null })).toEqual([]);
  });

  it('treats Packages and CustomResources as inventory, not findings', () => {
    const doc = report([{ Target: 'package-lock.json', Packages: [{ Name: 'a', Version: '1' }], CustomResources: [{ Type: 'x' }] }]);
    expect(extract(doc)).toEqual([]);
  });

  it('omits toolVersion when the report does not state it (Trivy < 0.48)', () => {
    const [f] = extract({ SchemaVersion: 2, ArtifactName: 'x', Results: [{ Target: 't', Vulnerabilities: [vuln()] }] });
    expect(f!.sources[0]).not.toHaveProperty('toolVersion');
  });
});
