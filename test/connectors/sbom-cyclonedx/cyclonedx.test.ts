/**
 * CycloneDX SBOMs as inventory entries, on real SBOMs (CycloneDX 1.2 Maven, 1.4
 * Composer, Trivy's 1.7). Component counts are checked against a count made here
 * with plain JSON access, independent of the connector.
 */
import { describe, expect, it } from 'vitest';
import { sbomCyclonedxConnector } from '../../../connectors/sbom-cyclonedx/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { arr, readFixture, type Json } from '../shared/fixture-files.ts';

const extract = (doc: unknown, options = {}) => sbomCyclonedxConnector.extract(doc, { file: 'bom.json', options });

/** Every component under `components`, nested ones included, that names a package (purl or version). */
function independentCount(doc: unknown): number {
  const walk = (list: unknown): Json[] => arr(list).flatMap((c) => [c, ...walk(c.components)]);
  const packages = walk((doc as Json).components).filter((c) => typeof c.purl === 'string' || typeof c.version === 'string');
  return new Set(packages.map((c) => (typeof c.purl === 'string' ? c.purl : `${String(c.name)}@${String(c.version)}`))).size;
}

function errorOf(doc: unknown, options = {}): string {
  try {
    extract(doc, options);
  } catch (e) {
    if (e instanceof ReportError) return `${e.path} ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe.each([
  ['cyclonedx-1.2-dropwizard-1.3.15.json', 167, 'dropwizard-parent', 'pkg:maven/io.dropwizard/dropwizard-parent@1.3.15'],
  ['cyclonedx-1.4-laravel-7.12.0.json', 62, 'cyclonedx-php-composer-demo', 'pkg:composer/cyclonedx/cyclonedx-php-composer-demo@dev-master'],
  ['cyclonedx-trivy-npm-with-vulns.json', 12, 'testdata/fixtures/repo/npm', undefined],
])('%s', (file, count, subjectName, subjectPurl) => {
  const { doc } = readFixture('sbom', file);
  const [asset, ...rest] = extract(doc);

  it(`describes one asset with ${count} components, as counted independently`, () => {
    expect(rest).toEqual([]);
    expect(asset!.components).toHaveLength(count);
    expect(independentCount(doc)).toBe(count);
  });

  it('names the asset after its subject, and is known by the subject\'s name and purl', () => {
    expect(asset!.derivedId).toBe(true);
    expect(asset!.name).toBe(subjectName);
    expect(asset!.aliases).toEqual(subjectPurl ? [subjectName, subjectPurl] : [subjectName]);
    expect(asset!.id).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });

  it('attaches to the asset named by `asset:` instead, with a stated id', () => {
    const [named] = extract(doc, { asset: 'storefront-web' });
    expect(named!.id).toBe('storefront-web');
    expect(named!.derivedId).toBeUndefined();
    expect(named!.name).toBeUndefined();
    expect(named!.components).toEqual(asset!.components);
  });
});

describe('CycloneDX components', () => {
  it('are read with name, version and purl, nested ones depth first', () => {
    const doc = {
      bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { type: 'application', name: 'shop' } },
      components: [
        { type: 'library', name: 'a', version: '1', components: [{ type: 'library', name: 'a-inner', version: '2', purl: 'pkg:npm/a-inner@2' }] },
        { type: 'file', name: 'package-lock.json' },
        { type: 'library', name: 'b', purl: 'pkg:npm/b@3' },
        { type: 'library', name: 'b-again', purl: 'pkg:npm/b@3' },
      ],
    };
    expect(extract(doc)[0]!.components).toEqual([
      { name: 'a', version: '1' },
      { name: 'a-inner', version: '2', purl: 'pkg:npm/a-inner@2' },
      { name: 'b', purl: 'pkg:npm/b@3' },
    ]);
  });

  it('of the first Trivy fixture include the lockfile\'s packages but not the lockfile', () => {
    const [a] = extract(readFixture('sbom', 'cyclonedx-trivy-npm-with-vulns.json').doc);
    expect(a!.components!.map((c) => c.name)).not.toContain('package-lock.json');
    expect(a!.components).toContainEqual({ name: 'jquery', version: '3.3.9', purl: 'pkg:npm/jquery@3.3.9' });
  });
});

describe('a container image as the subject', () => {
  it('gives an image asset known by its digest and tags (Syft writes the digest as the version, Trivy as properties)', () => {
    const doc = {
      bomFormat: 'CycloneDX', specVersion: '1.6',
      metadata: {
        component: {
          type: 'container', name: 'ghcr.io/acme/api', version: 'sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108',
          properties: [
            { name: 'aquasecurity:trivy:RepoTag', value: 'ghcr.io/acme/api:1.4.2' },
            { name: 'aquasecurity:trivy:RepoDigest', value: 'ghcr.io/acme/api@sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108' },
          ],
        },
      },
    };
    const [a] = extract(doc);
    expect(a!.type).toBe('image');
    expect(a!.aliases).toEqual([
      'ghcr.io/acme/api',
      'ghcr.io/acme/api@sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108',
      'ghcr.io/acme/api:1.4.2',
    ]);
  });
});

describe('a malformed CycloneDX SBOM is rejected with the JSON path', () => {
  const base = { bomFormat: 'CycloneDX', specVersion: '1.4', metadata: { component: { type: 'application', name: 'x' } } };

  it.each([
    [[], '$ must be an object (got array)'],
    [{ ...base, bomFormat: 'SPDX' }, '$.bomFormat must be "CycloneDX" (is this a CycloneDX JSON SBOM?)'],
    [{ ...base, specVersion: '1.1' }, '$.specVersion "1.1" is not a supported CycloneDX version (1.2 to 1.7)'],
    [{ ...base, specVersion: 1.4 }, '$.specVersion must be a string (got number)'],
    [{ ...base, components: {} }, '$.components must be an array (got object)'],
    [{ ...base, components: [{ type: 'library', version: '1' }] }, '$.components[0].name is required'],
    [{ ...base, components: [{ name: 'a', components: [{ name: 'b', purl: 7 }] }] }, '$.components[0].components[0].purl must be a string (got number)'],
    [{ bomFormat: 'CycloneDX', specVersion: '1.4', components: [] }, '$.metadata the CycloneDX SBOM names no subject, so it cannot be matched to an asset; name the asset with `asset:` in ctem.yaml'],
  ])('%j', (doc, message) => {
    expect(errorOf(doc)).toBe(message);
  });

  it('needs no subject when `asset:` names the asset', () => {
    expect(extract({ bomFormat: 'CycloneDX', specVersion: '1.7', components: [{ name: 'a', version: '1' }] }, { asset: 'web' })[0]!.components).toEqual([{ name: 'a', version: '1' }]);
  });

  it('cuts a huge specVersion short in its message', () => {
    expect(errorOf({ ...base, specVersion: 'x'.repeat(100_000) }).length).toBeLessThan(200);
  });
});

describe('hostile CycloneDX content', () => {
  it('is carried as data: `__proto__` keys, control characters, deep nesting', () => {
    const doc = JSON.parse(
      '{"bomFormat":"CycloneDX","specVersion":"1.4","__proto__":{"metadata":{"component":{"name":"evil"}}},' +
        '"metadata":{"component":{"name":"shop\\u0007","__proto__":{"purl":"pkg:npm/evil@1"}}},' +
        '"components":[{"name":"__proto__","version":"1.0.0","purl":"pkg:npm/__proto__@1.0.0"}]}',
    ) as unknown;
    const [a] = extract(doc);
    expect(a!.name).toBe('shop\u0007');
    expect(a!.aliases).toEqual(['shop\u0007']);
    expect(a!.components).toEqual([{ name: '__proto__', version: '1.0.0', purl: 'pkg:npm/__proto__@1.0.0' }]);

    let deep: Json = { name: 'leaf', version: '0' };
    for (let i = 0; i < 5000; i++) deep = { name: `c${i}`, version: '1', components: [deep] };
    expect(extract({ bomFormat: 'CycloneDX', specVersion: '1.4', components: [deep] }, { asset: 'x' })[0]!.components).toHaveLength(5001);
  });
});
