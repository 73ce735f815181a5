import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cyclonedxVexConnector } from '../../../connectors/cyclonedx-vex/index.ts';
import { openvexConnector } from '../../../connectors/openvex/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { fixture } from '../../support/corpus.ts';

type Json = Record<string, unknown>;
const vexFiles = readdirSync(fixture('vex')).filter((f) => f.startsWith('cyclonedx-') && f !== 'cyclonedx-1.4-vex-bom.json').sort();
const read = (f: string) => JSON.parse(readFileSync(fixture('vex', f), 'utf8')) as Json;
const extract = (doc: unknown) => cyclonedxVexConnector.extract(doc, { file: 'vex.json' }).vex;

describe('the cyclonedx-vex connector', () => {
  it.each(vexFiles)('recognises %s, and the openvex connector does not', (f) => {
    expect(cyclonedxVexConnector.detect(read(f))).toBe(true);
    expect(openvexConnector.detect(read(f))).toBe(false);
  });

  it('does not take a BOM without vulnerability analyses for a VEX document', () => {
    expect(cyclonedxVexConnector.detect(read('cyclonedx-1.4-vex-bom.json'))).toBe(false);
  });

  it.each(vexFiles)('%s: one statement per affected product, or per exact version listed; ranges are skipped', (f) => {
    const doc = read(f);
    let expected = 0;
    for (const v of doc.vulnerabilities as Json[]) {
      if (v.analysis === undefined) continue;
      for (const a of v.affects as Json[]) {
        const versions = (a.versions as Json[] | undefined) ?? [];
        expected += versions.length === 0 ? 1 : versions.filter((x) => typeof x.version === 'string').length;
      }
    }
    expect(extract(doc)).toHaveLength(expected);
  });

  it.each([
    ['cyclonedx-cisa-case1-not_affected.json', 'not_affected', 'not_affected'],
    ['cyclonedx-cisa-case1-affected.json', 'affected', 'exploitable'],
    ['cyclonedx-cisa-case1-fixed.json', 'fixed', 'resolved'],
    ['cyclonedx-cisa-case1-under_investigation.json', 'under_investigation', 'in_triage'],
  ])('%s: the analysis state maps to %s', (f, status, stated) => {
    const [s] = extract(read(f));
    expect(s).toMatchObject({ vulnerability: 'CVE-2021-44228', status, statedStatus: stated });
  });

  it('names the product by its component in the document, with justification, detail, response and time', () => {
    const [s] = extract(read('cyclonedx-cisa-case1-not_affected.json'));
    expect(s).toEqual(
      expect.objectContaining({
        format: 'cyclonedx-vex',
        products: [{ ref: 'product-ABC', identifiers: ['ABC', 'product-ABC'] }],
        justification: 'code_not_present',
        impactStatement: 'This version of Product ABC is not affected by the vulnerability. Class with vulnerable code was removed before shipping.',
        actionStatement: 'will_not_fix',
        timestamp: '2022-03-03T00:00:00Z',
        pointer: '/vulnerabilities/0/affects/0',
      }),
    );
  });

  it('a bom-ref in another BOM that is a purl names the package; references are aliases', () => {
    const [s] = extract(read('cyclonedx-1.4-vex.json'));
    expect(s).toMatchObject({
      vulnerability: 'CVE-2020-25649',
      aliases: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302'],
      status: 'not_affected',
      justification: 'code_not_reachable',
      products: [{ identifiers: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar'] }],
      timestamp: '2021-10-26T00:00:00.000Z',
    });
  });

  it('per-version entries carry their own status and the version in the product', () => {
    const statements = extract(read('cyclonedx-cisa-case8.json'));
    const abc24 = statements.find((s) => s.vulnerability === 'CVE-2021-44228' && s.products[0]!.ref.endsWith('#product-ABC@2.4'));
    expect(abc24).toMatchObject({ status: 'affected', statedStatus: 'affected', products: [{ identifiers: ['product-ABC'], version: '2.4' }] });
    const abc25 = statements.find((s) => s.vulnerability === 'CVE-2021-44228' && s.products[0]!.ref.endsWith('#product-ABC@2.5'));
    expect(abc25).toMatchObject({ status: 'not_affected', statedStatus: 'unaffected' });
    const jkl51 = statements.find((s) => s.vulnerability === 'CVE-2021-44228' && s.products[0]!.ref.endsWith('#product-JKL@5.1'));
    expect(jkl51).toMatchObject({ status: 'fixed', statedStatus: 'resolved' });
  });

  it.each([
    [{ bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'patched' }, affects: [{ ref: 'x' }] }] }, '$.vulnerabilities[0].analysis.state'],
    [{ bomFormat: 'CycloneDX', vulnerabilities: [{ analysis: { state: 'resolved' }, affects: [{ ref: 'x' }] }] }, '$.vulnerabilities[0].id'],
    [{ bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'resolved' }, affects: [{}] }] }, '$.vulnerabilities[0].affects[0].ref'],
    [{ bomFormat: 'SPDX', vulnerabilities: [] }, '$.bomFormat'],
  ])('rejects a malformed document with the path of the offending value (%#)', (doc, path) => {
    try {
      extract(doc);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReportError);
      expect((e as ReportError).path).toBe(path);
    }
  });

  it('skips vulnerabilities without an analysis: they are reports, not statements', () => {
    expect(extract({ bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', affects: [{ ref: 'x' }] }] })).toEqual([]);
  });
});
