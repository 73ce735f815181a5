import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cyclonedxVexConnector } from '../../../connectors/cyclonedx-vex/index.ts';
import { openvexConnector } from '../../../connectors/openvex/index.ts';
import type { VexStatement } from '../../../engine/model/evidence.ts';
import { buildAssetIndex } from '../../../engine/scope/asset-index.ts';
import { imageRefsOfPurl, packageMatches, parsePurl } from '../../../engine/validate/product-ref.ts';
import { matchVex } from '../../../engine/validate/vex-match.ts';
import { fixture } from '../../support/corpus.ts';
import { asset, finding } from './helpers.ts';

const doc = (f: string) => JSON.parse(readFileSync(fixture('vex', f), 'utf8')) as unknown;
const openvex = (f: string) => openvexConnector.extract(doc(f), { file: `vex/${f}` }).vex;
const cdx = (f: string) => cyclonedxVexConnector.extract(doc(f), { file: `vex/${f}` }).vex;

const assets = [
  asset('storefront-nginx', { type: 'image', aliases: ['nginx', 'docker.io/library/nginx'] }),
  asset('billing', { attributes: { version: '4.2' } }),
];
const index = buildAssetIndex(assets);
const ctx = {
  resolve: index.resolve,
  knownAsset: (id: string) => index.byId.has(id),
  assetVersion: (id: string) => {
    const v = index.byId.get(id)?.attributes.version;
    return v === undefined ? undefined : String(v);
  },
};
const deb = (name: string, version: string) => ({ name, ecosystem: 'deb', installedVersion: version, fixedVersions: [] });

describe('package URLs', () => {
  it('parses type, namespace, name, version and qualifiers, percent-decoded', () => {
    const p = parsePurl('pkg:oci/nginx@sha256%3A13d2?repository_url=docker.io/library&tag=1.25')!;
    expect(p).toMatchObject({ type: 'oci', name: 'nginx', version: 'sha256:13d2' });
    expect(p.qualifiers.get('repository_url')).toBe('docker.io/library');
    expect(parsePurl('pkg:npm/%40babel/core@7.0.0')).toMatchObject({ namespace: '@babel', name: 'core', version: '7.0.0' });
    expect(parsePurl('nginx')).toBeUndefined();
  });

  it('turns image purls into image references; other purls are packages', () => {
    expect(imageRefsOfPurl(parsePurl('pkg:oci/nginx@sha256%3Aab12?repository_url=docker.io/library')!)).toEqual([
      'docker.io/library/nginx@sha256:ab12', 'docker.io/library/nginx', 'nginx@sha256:ab12', 'nginx',
    ]);
    expect(imageRefsOfPurl(parsePurl('pkg:docker/acme/api@1.2')!)).toEqual(['acme/api:1.2', 'acme/api']);
    expect(imageRefsOfPurl(parsePurl('pkg:maven/a/b@1')!)).toEqual([]);
  });

  it('matches a finding\'s package by type, name as the ecosystem writes it, and version', () => {
    const jackson = { name: 'com.fasterxml.jackson.core:jackson-databind', ecosystem: 'maven', installedVersion: '2.10.0', fixedVersions: [] };
    expect(packageMatches(jackson, 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar')).toBe(true);
    expect(packageMatches(jackson, 'pkg:maven/com.fasterxml.jackson.core/jackson-databind')).toBe(true);
    expect(packageMatches(jackson, 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.0')).toBe(false);
    expect(packageMatches(jackson, 'pkg:npm/jackson-databind@2.10.0')).toBe(false);
    expect(packageMatches(deb('libde265-0', '1.0.11-1'), 'pkg:deb/debian/libde265-0@1.0.11-1?arch=amd64')).toBe(true);
    expect(packageMatches(deb('libde265-0', '1.0.11-1'), 'libde265-0')).toBe(true);
    expect(packageMatches(undefined, 'libde265-0')).toBe(false);
  });
});

describe('matching VEX statements to exposures', () => {
  const cve27103 = finding('storefront-nginx', { vulnerabilityId: 'CVE-2023-27103', package: deb('libde265-0', '1.0.11-1') });
  const cve5686a = finding('storefront-nginx', { vulnerabilityId: 'CVE-2007-5686', package: deb('passwd', '1:4.13+dfsg1-1+b1') });
  const cve5686b = finding('storefront-nginx', { vulnerabilityId: 'CVE-2007-5686', package: deb('login', '1:4.13+dfsg1-1+b1') });
  const elsewhere = finding('billing', { vulnerabilityId: 'CVE-2023-27103', package: deb('libde265-0', '1.0.11-1') });

  it('the corpus sample: not_affected with a justification suppresses, fixed closes, on the image the oci purl names', () => {
    const { byFingerprint, problems } = matchVex(openvex('openvex-v0.2.0-sample-2vulns.json'), [cve27103, cve5686a, cve5686b, elsewhere], ctx);
    expect(problems).toEqual([]);
    expect(byFingerprint.get(cve27103.fingerprint)).toMatchObject({
      effect: 'not-affected',
      product: 'pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0',
      statement: { justification: 'component_not_present', pointer: '/statements/0/products/0' },
    });
    expect(byFingerprint.get(cve5686a.fingerprint)?.effect).toBe('fixed');
    expect(byFingerprint.get(cve5686b.fingerprint)?.effect).toBe('fixed');
    expect(byFingerprint.has(elsewhere.fingerprint)).toBe(false);
  });

  it('matches by alias as well as by name', () => {
    const snyk = finding('storefront-nginx', { vulnerabilityId: 'SNYK-DEBIAN12-LIBDE265-3361563', ruleId: 'SNYK-DEBIAN12-LIBDE265-3361563' });
    expect(matchVex(openvex('openvex-v0.2.0-sample-2vulns.json'), [snyk], ctx).byFingerprint.get(snyk.fingerprint)?.effect).toBe('not-affected');
  });

  it('several statements on one exposure: the latest wins (by time, then by order)', () => {
    const [first, second] = openvex('openvex-v0.2.0-sample-history.json');
    const later: VexStatement = { ...second!, status: 'affected', timestamp: '2023-09-01T00:00:00Z', pointer: '/later' };
    const m = matchVex([later, first!, second!], [cve27103], ctx).byFingerprint.get(cve27103.fingerprint);
    expect(m).toMatchObject({ effect: 'recorded', statement: { pointer: '/later', status: 'affected' } });
    const tie = matchVex([first!, second!], [cve27103], ctx).byFingerprint.get(cve27103.fingerprint);
    expect(tie?.statement.pointer).toBe('/statements/1/products/0');
  });

  it('legacy image products: a bare name resolves through the inventory; unknown products give one warning each, never a failure', () => {
    const statements = openvex('openvex-legacy-image-products.json');
    const probe = finding('storefront-nginx', { vulnerabilityId: 'CVE-1234-5678' });
    const { byFingerprint, problems } = matchVex(statements, [probe], ctx);
    expect(byFingerprint.get(probe.fingerprint)).toMatchObject({ effect: 'recorded', product: 'nginx', statement: { status: 'under_investigation' } });
    expect(problems.map((p) => [p.code, p.severity, p.file])).toEqual([
      ['vex-unknown-product', 'warning', 'vex/openvex-legacy-image-products.json'],
      ['vex-unknown-product', 'warning', 'vex/openvex-legacy-image-products.json'],
      ['vex-unknown-product', 'warning', 'vex/openvex-legacy-image-products.json'],
    ]);
    expect(problems[0]!.path).toBe('$.statements[0].products[0]');
  });

  it('CycloneDX: a package purl applies wherever that package version is found', () => {
    const onA = finding('storefront-nginx', { vulnerabilityId: 'CVE-2020-25649', package: { name: 'com.fasterxml.jackson.core:jackson-databind', ecosystem: 'maven', installedVersion: '2.10.0', fixedVersions: [] } });
    const newer = finding('billing', { vulnerabilityId: 'CVE-2020-25649', package: { name: 'com.fasterxml.jackson.core:jackson-databind', ecosystem: 'maven', installedVersion: '2.12.0', fixedVersions: [] } });
    const { byFingerprint } = matchVex(cdx('cyclonedx-1.4-vex.json'), [onA, newer], ctx);
    expect(byFingerprint.get(onA.fingerprint)).toMatchObject({ effect: 'not-affected', statement: { justification: 'code_not_reachable', format: 'cyclonedx-vex' } });
    expect(byFingerprint.has(newer.fingerprint)).toBe(false);
  });

  it('a product the inventory does not know: warned about; with `asset:` on the evidence source it is that asset', () => {
    const log4shell = finding('billing', { vulnerabilityId: 'CVE-2021-44228' });
    const plain = matchVex(cdx('cyclonedx-cisa-case1-not_affected.json'), [log4shell], ctx);
    expect(plain.byFingerprint.size).toBe(0);
    expect(plain.problems).toEqual([expect.objectContaining({ code: 'vex-unknown-product', message: expect.stringContaining("'product-ABC'") })]);
    const forced = cdx('cyclonedx-cisa-case1-not_affected.json').map((s) => ({ ...s, asset: 'billing' }));
    const m = matchVex(forced, [log4shell], ctx);
    expect(m.problems).toEqual([]);
    expect(m.byFingerprint.get(log4shell.fingerprint)).toMatchObject({ effect: 'not-affected', statement: { justification: 'code_not_present' } });
  });

  it('a statement about one product version applies to an asset of that version only', () => {
    const log4shell = finding('billing', { vulnerabilityId: 'CVE-2021-44228' });
    const forced = cdx('cyclonedx-cisa-case8.json').map((s) => ({ ...s, asset: 'billing' }));
    // case 8 says ABC 4.2 is unaffected (and says nothing of JKL 4.2): billing is version 4.2.
    const m = matchVex(forced, [log4shell], ctx);
    expect(m.byFingerprint.get(log4shell.fingerprint)).toMatchObject({ effect: 'not-affected', product: expect.stringMatching(/#product-ABC@4\.2$/) });
    expect(m.problems).toEqual([]);
  });

  it('not_affected without a justification or impact statement is recorded, suppresses nothing, and is warned about', () => {
    const [s] = openvex('openvex-v0.2.0-sample-2vulns.json');
    const bare: VexStatement = { ...s!, justification: undefined };
    const { byFingerprint, problems } = matchVex([bare], [cve27103], ctx);
    expect(byFingerprint.get(cve27103.fingerprint)?.effect).toBe('recorded');
    expect(problems.map((p) => p.code)).toEqual(['vex-no-justification']);
  });

  it('subcomponents narrow a statement to the packages they name', () => {
    const [s] = openvex('openvex-v0.2.0-sample-2vulns.json');
    const narrowed: VexStatement = { ...s!, subcomponents: ['pkg:deb/debian/libheif1'] };
    expect(matchVex([narrowed], [cve27103], ctx).byFingerprint.size).toBe(0);
    const right: VexStatement = { ...s!, subcomponents: ['pkg:deb/debian/libde265-0@1.0.11-1'] };
    expect(matchVex([right], [cve27103], ctx).byFingerprint.size).toBe(1);
  });
});
