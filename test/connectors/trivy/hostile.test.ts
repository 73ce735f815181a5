/**
 * Scanner reports are attacker-influenced (package names, advisory text, map keys).
 * Hostile keys and huge strings must be carried as data: no prototype pollution, no
 * prototype lookups, no blow-up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trivyConnector } from '../../../connectors/trivy/index.ts';
import { extractAll } from '../shared/fixture-files.ts';

const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

afterEach(() => {
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('Trivy connector with hostile input', () => {
  it('carries "__proto__" and "constructor" keys and values as data', () => {
    // JSON.parse, not an object literal: only JSON.parse creates an own "__proto__" key.
    const doc: unknown = JSON.parse(`{
      "SchemaVersion": 2, "ArtifactName": "__proto__",
      "__proto__": { "polluted": "top" },
      "Results": [{
        "Target": "constructor", "Type": "__proto__", "__proto__": { "polluted": "result" },
        "Vulnerabilities": [{
          "VulnerabilityID": "__proto__", "PkgName": "constructor", "Severity": "__proto__",
          "SeveritySource": "__proto__",
          "CVSS": { "__proto__": { "V3Vector": "${V31}", "V3Score": 9.8, "polluted": "cvss" } },
          "CweIDs": ["__proto__"],
          "__proto__": { "polluted": "record", "Title": "from the prototype" }
        }]
      }]
    }`);
    const [f] = extractAll(trivyConnector, doc);
    expect(f).toMatchObject({
      ruleId: '__proto__',
      vulnerabilityId: '__PROTO__',
      title: '__proto__ in constructor', // the record's "__proto__" object is not a prototype: no Title inherited
      severity: 'unknown',
      cwe: [],
      cvss: { version: '3.1', vector: V31, score: 9.8 }, // a vendor named "__proto__" is just a vendor
      package: { name: 'constructor', ecosystem: '__proto__' },
      assetHint: '__proto__',
      target: 'constructor',
    });
  });

  it('does not take a SeveritySource of "constructor" or "toString" from Object.prototype', () => {
    for (const SeveritySource of ['constructor', 'toString', 'hasOwnProperty']) {
      const doc = { SchemaVersion: 2, Results: [{ Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-0001', PkgName: 'p', SeveritySource, CVSS: {} }] }] };
      expect(extractAll(trivyConnector, doc)[0]!.cvss).toBeUndefined();
    }
  });

  it('carries 1 MB strings intact and quickly', () => {
    const huge = 'A'.repeat(1_000_000);
    const commas = ','.repeat(1_000_000);
    const doc = {
      SchemaVersion: 2,
      ArtifactName: huge,
      Results: [
        {
          Target: huge,
          Type: huge,
          Vulnerabilities: [
            { VulnerabilityID: `CVE-2024-${'9'.repeat(999_991)}`, PkgName: huge, Title: huge, Description: huge, FixedVersion: commas, CweIDs: [huge], PrimaryURL: huge },
          ],
          Secrets: [{ RuleID: huge, Title: huge, StartLine: 1 }],
        },
      ],
    };
    const started = Date.now();
    const [v, s] = extractAll(trivyConnector, doc);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(v!.title).toHaveLength(1_000_000);
    expect(v!.description).toBe(huge);
    expect(v!.vulnerabilityId).toHaveLength(1_000_000); // still a (very long) CVE id
    expect(v!.package!.fixedVersions).toEqual([]);
    expect(v!.cwe).toEqual([]);
    expect(s!.ruleId).toBe(huge);
  });

  it('carries markup and control characters verbatim, as data for renderers to escape', () => {
    const title = '<script>alert(1)</script>\u0000{{constructor}}${process.exit()}';
    const doc = { SchemaVersion: 2, Results: [{ Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-0001', PkgName: 'p', Title: title }] }] };
    expect(extractAll(trivyConnector, doc)[0]!.title).toBe(title);
  });
});
