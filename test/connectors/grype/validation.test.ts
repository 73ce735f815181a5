/**
 * A malformed Grype document is rejected as a whole, with the JSON path of the first
 * offending value; hostile keys and huge strings are carried as data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';
import { grypeConnector } from '../../../connectors/grype/index.ts';
import { extractAll } from '../shared/fixture-files.ts';

function rejection(doc: unknown): { path: string; message: string } {
  try {
    grypeConnector.extract(doc, { file: 'bad.json' });
  } catch (e) {
    if (e instanceof ReportError) return { path: e.path, message: e.message };
    throw e;
  }
  throw new Error('the document was accepted');
}

const ok = { vulnerability: { id: 'CVE-2024-0001' }, artifact: { name: 'p', version: '1' } };
const doc = (matches: unknown, extra: Record<string, unknown> = {}) => ({ matches, descriptor: { name: 'grype' }, ...extra });

describe('Grype document validation', () => {
  it.each([
    ['a top level that is not an object', [ok], '$', 'must be an object (got array)'],
    ['a document without matches', { descriptor: { name: 'grype' } }, '$.matches', 'is required'],
    ['matches that is not an array', doc({}), '$.matches', 'must be an array (got object)'],
    ['a match that is not an object', doc([ok, null]), '$.matches[1]', 'must be an object (got null)'],
    ['a match without vulnerability', doc([{ artifact: ok.artifact }]), '$.matches[0].vulnerability', 'is required'],
    ['a vulnerability without id', doc([ok, { ...ok, vulnerability: { severity: 'High' } }]), '$.matches[1].vulnerability.id', 'is required'],
    ['a match without artifact', doc([{ vulnerability: ok.vulnerability }]), '$.matches[0].artifact', 'is required'],
    ['an artifact without name', doc([{ ...ok, artifact: { version: '1' } }]), '$.matches[0].artifact.name', 'is required'],
    ['a related vulnerability without id', doc([{ ...ok, relatedVulnerabilities: [{ namespace: 'nvd' }] }]), '$.matches[0].relatedVulnerabilities[0].id', 'is required'],
    ['fix.versions that is a string', doc([{ ...ok, vulnerability: { id: 'X', fix: { versions: '1.0' } } }]), '$.matches[0].vulnerability.fix.versions', 'must be an array (got string)'],
    ['a numeric fix.state', doc([{ ...ok, vulnerability: { id: 'X', fix: { state: 1 } } }]), '$.matches[0].vulnerability.fix.state', 'must be a string (got number)'],
    ['a baseScore given as a string', doc([{ ...ok, vulnerability: { id: 'X', cvss: [{ vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', metrics: { baseScore: '7.5' } }] } }]), '$.matches[0].vulnerability.cvss[0].metrics.baseScore', 'must be a number (got string)'],
    ['a location that is not an object', doc([{ ...ok, artifact: { name: 'p', locations: ['/x'] } }]), '$.matches[0].artifact.locations[0]', 'must be an object (got string)'],
    ['ignoredMatches that is not an array', doc([], { ignoredMatches: {} }), '$.ignoredMatches', 'must be an array (got object)'],
    ['applied ignore rules that are not an array', doc([], { ignoredMatches: [{ ...ok, appliedIgnoreRules: {} }] }), '$.ignoredMatches[0].appliedIgnoreRules', 'must be an array (got object)'],
    ['a source target that is neither a string nor an object', doc([], { source: { type: 'image', target: 5 } }), '$.source.target', 'must be an object (got number)'],
  ])('rejects %s', (_what, input, path, message) => {
    expect(rejection(input)).toEqual({ path, message });
  });

  it('never half-ingests: a broken last match rejects the whole document', () => {
    const input = doc([ok, ok, { ...ok, artifact: {} }]);
    expect(() => grypeConnector.extract(input, { file: 'bad.json' })).toThrow(ReportError);
  });
});

describe('Grype connector with hostile input', () => {
  afterEach(() => {
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('carries "__proto__" and "constructor" keys and values as data', () => {
    const input: unknown = JSON.parse(`{
      "__proto__": { "polluted": 1 },
      "descriptor": { "name": "grype", "version": "constructor" },
      "source": { "type": "image", "target": { "userInput": "__proto__", "__proto__": { "polluted": 2 } } },
      "matches": [{
        "__proto__": { "polluted": 3 },
        "vulnerability": { "id": "constructor", "severity": "__proto__", "fix": { "versions": ["__proto__"] } },
        "relatedVulnerabilities": [{ "id": "__proto__" }],
        "artifact": { "name": "__proto__", "type": "constructor", "version": "toString" }
      }]
    }`);
    const [f] = extractAll(grypeConnector, input);
    expect(f).toMatchObject({
      ruleId: 'constructor',
      aliases: ['CONSTRUCTOR', '__PROTO__'],
      severity: 'unknown',
      package: { name: '__proto__', ecosystem: 'constructor', installedVersion: 'toString', fixedVersions: ['__proto__'] },
      assetHint: '__proto__',
      sources: [{ toolVersion: 'constructor' }],
    });
  });

  it('carries 1 MB strings intact and quickly', () => {
    const huge = 'x'.repeat(1_000_000);
    const input = doc([{ vulnerability: { id: huge, description: huge, dataSource: huge }, artifact: { name: huge, purl: `pkg:${huge}` } }]);
    const started = Date.now();
    const [f] = extractAll(grypeConnector, input);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(f!.ruleId).toHaveLength(1_000_000);
    expect(f!.description).toBe(huge);
    expect(f!.package!.purl).toHaveLength(1_000_004);
  });
});
