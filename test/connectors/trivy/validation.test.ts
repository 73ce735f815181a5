/**
 * A malformed Trivy report is rejected as a whole, with the JSON path of the first
 * offending value, before any finding is returned.
 */
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';
import { trivyConnector } from '../../../connectors/trivy/index.ts';

function rejection(doc: unknown): { path: string; message: string } {
  try {
    trivyConnector.extract(doc, { file: 'bad.json' });
  } catch (e) {
    if (e instanceof ReportError) return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error('the report was accepted');
}

const ok = { VulnerabilityID: 'CVE-2024-0001', PkgName: 'p' };
const doc = (Results: unknown) => ({ SchemaVersion: 2, ArtifactName: 'a', Results });

describe('Trivy report validation', () => {
  it('rejects a top level that is not an object', () => {
    expect(rejection([])).toEqual({ path: '$', message: 'must be an object (got array)' });
    expect(rejection('{"SchemaVersion":2}')).toMatchObject({ path: '$' });
    expect(rejection(null)).toMatchObject({ path: '$' });
  });

  it('rejects any SchemaVersion other than 2, saying which one it got', () => {
    expect(rejection({ SchemaVersion: 1, ArtifactName: 'a' })).toEqual({
      path: '$.SchemaVersion',
      message: 'unsupported Trivy JSON SchemaVersion 1: only SchemaVersion 2 is read',
    });
    expect(rejection({ SchemaVersion: 3, Results: [] })).toMatchObject({ path: '$.SchemaVersion', message: expect.stringContaining('SchemaVersion 3') });
    expect(rejection({ SchemaVersion: '2', Results: [] })).toMatchObject({ path: '$.SchemaVersion', message: expect.stringContaining('"2"') });
    expect(rejection({ ArtifactName: 'a', Results: [] })).toMatchObject({ path: '$.SchemaVersion', message: expect.stringMatching(/^is required/) });
  });

  it.each([
    ['Results not an array', doc({}), '$.Results', 'must be an array (got object)'],
    ['a result that is not an object', doc([{ Target: 'a' }, 'b']), '$.Results[1]', 'must be an object (got string)'],
    ['Vulnerabilities not an array', doc([{ Vulnerabilities: 'x' }]), '$.Results[0].Vulnerabilities', 'must be an array (got string)'],
    ['a vulnerability that is not an object', doc([{ Vulnerabilities: [ok, 7] }]), '$.Results[0].Vulnerabilities[1]', 'must be an object (got number)'],
    [
      'a vulnerability without VulnerabilityID',
      doc([{}, {}, { Vulnerabilities: [{ PkgName: 'p' }] }]),
      '$.Results[2].Vulnerabilities[0].VulnerabilityID',
      'is required',
    ],
    ['a vulnerability without PkgName', doc([{ Vulnerabilities: [{ VulnerabilityID: 'CVE-1' }] }]), '$.Results[0].Vulnerabilities[0].PkgName', 'is required'],
    ['a numeric FixedVersion', doc([{ Vulnerabilities: [{ ...ok, FixedVersion: 1.2 }] }]), '$.Results[0].Vulnerabilities[0].FixedVersion', 'must be a string (got number)'],
    ['a numeric CWE id', doc([{ Vulnerabilities: [{ ...ok, CweIDs: ['CWE-1', 79] }] }]), '$.Results[0].Vulnerabilities[0].CweIDs[1]', 'must be a string (got number)'],
    [
      'a CVSS score given as a string, under a vendor key that is not an identifier',
      doc([{ Vulnerabilities: [{ ...ok, CVSS: { 'red hat': { V3Score: '9.8' } } }] }]),
      '$.Results[0].Vulnerabilities[0].CVSS["red hat"].V3Score',
      'must be a number (got string)',
    ],
    ['a CVSS vendor entry that is not an object', doc([{ Vulnerabilities: [{ ...ok, CVSS: { nvd: 'high' } }] }]), '$.Results[0].Vulnerabilities[0].CVSS.nvd', 'must be an object (got string)'],
    ['a misconfiguration without Status', doc([{ Misconfigurations: [{ ID: 'X' }] }]), '$.Results[0].Misconfigurations[0].Status', 'is required'],
    ['a misconfiguration with an unknown Status', doc([{ Misconfigurations: [{ ID: 'X', Status: 'WARN' }] }]), '$.Results[0].Misconfigurations[0].Status', 'must be FAIL, PASS or EXCEPTION (got "WARN")'],
    ['a failed misconfiguration without ID or AVDID', doc([{ Misconfigurations: [{ Status: 'FAIL' }] }]), '$.Results[0].Misconfigurations[0].ID', 'is required (or AVDID)'],
    ['a fractional line number', doc([{ Misconfigurations: [{ ID: 'X', Status: 'FAIL', CauseMetadata: { StartLine: 1.5 } }] }]), '$.Results[0].Misconfigurations[0].CauseMetadata.StartLine', 'must be a non-negative integer'],
    ['a secret without RuleID', doc([{ Secrets: [{ Title: 't' }] }]), '$.Results[0].Secrets[0].RuleID', 'is required'],
    ['a license without Name', doc([{ Licenses: [{ PkgName: 'p' }] }]), '$.Results[0].Licenses[0].Name', 'is required'],
    ['a modified finding of an unknown Type', doc([{ ModifiedFindings: [{ Type: 'malware', Finding: {} }] }]), '$.Results[0].ModifiedFindings[0].Type', 'must be one of vulnerability, misconfiguration, secret, license (got "malware")'],
    ['a modified finding without its Finding', doc([{ ModifiedFindings: [{ Type: 'vulnerability' }] }]), '$.Results[0].ModifiedFindings[0].Finding', 'is required'],
    ['a broken record inside a modified finding', doc([{ ModifiedFindings: [{ Type: 'secret', Finding: {} }] }]), '$.Results[0].ModifiedFindings[0].Finding.RuleID', 'is required'],
    ['a Target that is not a string', doc([{ Target: 5 }]), '$.Results[0].Target', 'must be a string (got number)'],
    ['a Trivy.Version that is not a string', { SchemaVersion: 2, Trivy: { Version: 58 } }, '$.Trivy.Version', 'must be a string (got number)'],
  ])('rejects %s', (_what, input, path, message) => {
    expect(rejection(input)).toEqual({ path, message });
  });

  it('never half-ingests: a broken last record rejects the report before anything is returned', () => {
    const input = doc([{ Vulnerabilities: [ok, ok, ok] }, { Secrets: [{ RuleID: 'r' }, { Title: 'no rule id' }] }]);
    // extract() itself throws, so not even a lazily consumed iterable can have yielded findings.
    expect(() => trivyConnector.extract(input, { file: 'bad.json' })).toThrow(ReportError);
    expect(rejection(input)).toEqual({ path: '$.Results[1].Secrets[1].RuleID', message: 'is required' });
  });
});
