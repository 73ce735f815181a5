import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclonedxVexConnector } from '../../../connectors/cyclonedx-vex/index.ts';
import { nucleiConnector } from '../../../connectors/nuclei/index.ts';
import { openvexConnector } from '../../../connectors/openvex/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { corpusDir, fixture } from '../../support/corpus.ts';
import { sourcesRows } from '../shared/fixture-files.ts';

type Json = Record<string, unknown>;
const files = readdirSync(fixture('vex')).filter((f) => f.endsWith('.json')).sort();
const openvexFiles = files.filter((f) => f.startsWith('openvex-'));
const read = (f: string) => JSON.parse(readFileSync(fixture('vex', f), 'utf8')) as Json;
const extract = (doc: unknown, file = 'doc.json') => openvexConnector.extract(doc, { file });

describe('test/fixtures/vex: provenance', () => {
  const rows = sourcesRows('vex');
  const corpus = corpusDir();

  it('lists every fixture in SOURCES.md, and no file that is missing', () => {
    expect([...rows.keys()].sort()).toEqual(files);
  });

  it.each(files)('%s has an open licence, a source repository and a full commit id', (f) => {
    const row = rows.get(f)!;
    expect(row.licence).toMatch(/^(Apache-2\.0|MIT|CC0-1\.0)\b/);
    expect(row.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(row.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  describe.skipIf(corpus === undefined)('against the research corpus', () => {
    it.each(files)('%s is byte-identical to the corpus copy', (f) => {
      const original = join(corpus!, 'vex', f);
      expect(existsSync(original)).toBe(true);
      expect(readFileSync(fixture('vex', f)).equals(readFileSync(original))).toBe(true);
    });

    it('the example estate\'s VEX is the corpus sample, byte for byte', () => {
      const example = join(fixture('..', '..', 'examples', 'acme', 'vex', 'storefront-nginx.openvex.json'));
      expect(readFileSync(example).equals(readFileSync(join(corpus!, 'vex', 'openvex-v0.2.0-sample-2vulns.json')))).toBe(true);
    });
  });
});

describe('the openvex connector', () => {
  it.each(openvexFiles)('recognises %s, and no other evidence connector does', (f) => {
    const doc = read(f);
    expect(openvexConnector.detect(doc)).toBe(true);
    expect(cyclonedxVexConnector.detect(doc)).toBe(false);
    expect(nucleiConnector.detect(readFileSync(fixture('vex', f), 'utf8'))).toBe(false);
  });

  it.each(openvexFiles)('%s: one statement per statement and product', (f) => {
    const doc = read(f);
    const expected = (doc.statements as Json[]).reduce((n, s) => n + (s.products as unknown[]).length, 0);
    const got = extract(doc, f).vex;
    expect(got).toHaveLength(expected);
    for (const s of got) {
      expect(s.format).toBe('openvex');
      expect(s.vulnerability).toMatch(/^CVE-\d{4}-\d+$/);
      expect(s.pointer).toMatch(/^\/statements\/\d+\/products\/\d+$/);
    }
  });

  it('v0.2.0: reads status, justification, aliases and the statement timestamp; falls back to the document timestamp', () => {
    const [notAffected, fixed] = extract(read('openvex-v0.2.0-sample-2vulns.json')).vex;
    expect(notAffected).toMatchObject({
      vulnerability: 'CVE-2023-27103',
      aliases: ['SNYK-DEBIAN12-LIBDE265-3361563'],
      products: [{ ref: 'pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0' }],
      status: 'not_affected',
      justification: 'component_not_present',
      timestamp: '2023-08-15T19:55:22.076684217-06:00',
      author: 'The OpenVEX Project',
      pointer: '/statements/0/products/0',
    });
    expect(fixed).toMatchObject({ vulnerability: 'CVE-2007-5686', status: 'fixed', timestamp: '2023-08-16T19:55:22.076684217-06:00' });
  });

  it('the earlier shape: the vulnerability and products as strings', () => {
    expect(extract(read('openvex-v0.0.1-legacy.json')).vex).toEqual([
      expect.objectContaining({
        vulnerability: 'CVE-1234-5678',
        products: [{ ref: 'pkg:apk/wolfi/bash@1.0.0', identifiers: ['pkg:apk/wolfi/bash@1.0.0'] }],
        status: 'under_investigation',
        timestamp: '2022-12-22T16:36:43-05:00',
        documentId: 'my-vexdoc2',
      }),
    ]);
  });

  it('a product\'s identifiers and subcomponents are kept with it', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'cve-2024-1' },
          products: [
            { '@id': 'pkg:oci/app', identifiers: { purl: 'pkg:oci/app?tag=1', cpe23: 'cpe:2.3:a:acme:app:1:*:*:*:*:*:*:*' }, subcomponents: [{ '@id': 'pkg:npm/qs@6.5.2' }] },
            { '@id': 'other' },
          ],
          status: 'not_affected',
          impact_statement: 'qs is not called',
        },
      ],
    };
    const [a, b] = extract(doc).vex;
    expect(a).toMatchObject({ vulnerability: 'CVE-2024-1', products: [{ ref: 'pkg:oci/app', identifiers: ['pkg:oci/app', 'pkg:oci/app?tag=1', 'cpe:2.3:a:acme:app:1:*:*:*:*:*:*:*'] }], subcomponents: ['pkg:npm/qs@6.5.2'], impactStatement: 'qs is not called' });
    expect(b).toMatchObject({ products: [{ ref: 'other' }], subcomponents: [] });
  });

  it.each([
    [{ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, products: ['x'], status: 'vulnerable' }] }, '$.statements[0].status'],
    [{ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ products: ['x'], status: 'fixed' }] }, '$.statements[0].vulnerability'],
    [{ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: 'CVE-1', products: [], status: 'fixed' }] }, '$.statements[0].products'],
    [{ '@context': 'https://openvex.dev/ns/v0.2.0', statements: 'none' }, '$.statements'],
    [{ '@context': 'https://example.com/ns', statements: [] }, '$["@context"]'],
  ])('rejects a malformed document with the path of the offending value (%#)', (doc, path) => {
    try {
      extract(doc);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReportError);
      expect((e as ReportError).path).toBe(path);
    }
  });

  it('reads hostile keys as data, never from the prototype', () => {
    const doc = JSON.parse('{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":"CVE-2024-2","products":["p"],"status":"affected","__proto__":{"justification":"polluted"}}]}') as unknown;
    const [s] = extract(doc).vex;
    expect(s!.justification).toBeUndefined();
    expect(({} as Record<string, unknown>).justification).toBeUndefined();
  });
});
