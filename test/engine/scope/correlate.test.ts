/** Correlation: several inventories' entries for one asset become one asset with all its sources. */
import { describe, expect, it } from 'vitest';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { attachScannerSources, correlateAssets, type InventoryBatch } from '../../../engine/scope/correlate.ts';

const DIGEST = 'sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108';
const entry = (id: string, over: Partial<InventoryAsset> = {}): InventoryAsset => ({ id, type: 'other', aliases: [], tags: [], attributes: {}, source: '?', ...over });
const batch = (source: string, ...assets: InventoryAsset[]): InventoryBatch => ({ source, assets: assets.map((a) => ({ ...a, source })) });

describe('the same repository in three inventories', () => {
  const result = correlateAssets([
    batch('inventory.yaml', entry('api', { type: 'repository', repository: 'acme/api', tags: ['payments'], attributes: { tier: 1 } })),
    batch('github:acme', entry('acme/api', { type: 'repository', name: 'api', aliases: ['https://github.com/acme/api'], tags: ['java'], derivedId: true, attributes: { visibility: 'private' } })),
    batch('cmdb.csv', entry('api', { type: 'repository', aliases: ['git@github.com:acme/api.git'], exposure: 'internal' })),
  ]);

  it('is one asset with its three sources, under the stated id', () => {
    expect(result.problems).toEqual([]);
    expect(result.assets).toHaveLength(1);
    expect(result.assets[0]).toEqual({
      id: 'api',
      type: 'repository',
      name: 'api',
      aliases: ['acme/api', 'https://github.com/acme/api', 'git@github.com:acme/api.git'],
      tags: ['payments', 'java'],
      repository: 'acme/api',
      exposure: 'internal',
      attributes: { tier: 1, visibility: 'private' },
      source: 'inventory.yaml',
      sources: ['inventory.yaml', 'github:acme', 'cmdb.csv'],
    });
  });
});

describe('correlation keys', () => {
  it('join an image known by tag in one inventory and by digest in another', () => {
    const r = correlateAssets([
      batch('inventory.yaml', entry('api-image', { type: 'image', aliases: ['ghcr.io/acme/api:1.4.2'] })),
      batch('api.cdx.json', entry('ghcr.io-acme-api', { type: 'image', aliases: [`ghcr.io/acme/api@${DIGEST}`], derivedId: true, components: [{ name: 'musl', version: '1.2.4' }] })),
    ]);
    expect(r.assets.map((a) => [a.id, a.sources, a.components])).toEqual([['api-image', ['inventory.yaml', 'api.cdx.json'], [{ name: 'musl', version: '1.2.4' }]]]);
  });

  it('join a host known by name in one inventory and by name and IP in another, ignoring case', () => {
    const r = correlateAssets([
      batch('inventory.yaml', entry('batch-01', { type: 'host', aliases: ['batch-01.acme.internal'] })),
      batch('cmdb.csv', entry('batch-01', { type: 'host', aliases: ['BATCH-01.ACME.internal', '10.20.0.15'] })),
    ]);
    expect(r.assets).toHaveLength(1);
    expect(r.assets[0]!.aliases).toEqual(['batch-01.acme.internal', 'BATCH-01.ACME.internal', '10.20.0.15']);
  });

  it('join transitively: A shares a key with B, B with C', () => {
    const r = correlateAssets([
      batch('a.yaml', entry('web', { type: 'host', aliases: ['web-01.acme.internal'] })),
      batch('github:acme', entry('x', { type: 'host', aliases: ['web-01.acme.internal', '10.0.0.7'], derivedId: true })),
      batch('b.cdx.json', entry('y', { type: 'host', aliases: ['10.0.0.7'], derivedId: true })),
    ]);
    expect(r.assets.map((a) => [a.id, a.aliases, a.sources])).toEqual([['web', ['web-01.acme.internal', 'x', '10.0.0.7', 'y'], ['a.yaml', 'github:acme', 'b.cdx.json']]]);
  });

  it('join a cloud resource by its ARN', () => {
    const arn = 'arn:aws:rds:eu-west-1:111122223333:db:payments';
    const r = correlateAssets([batch('a.yaml', entry('payments-db', { type: 'cloud-resource', aliases: [arn] })), batch('b.csv', entry('rds-payments', { type: 'cloud-resource', aliases: [arn], derivedId: true }))]);
    expect(r.assets.map((a) => a.id)).toEqual(['payments-db']);
  });

  it('do not join a service with the repository it is built from', () => {
    const r = correlateAssets([
      batch('inventory.yaml', entry('payments-api', { type: 'service', repository: 'acme/payments-api' })),
      batch('github:acme', entry('acme/payments-api', { type: 'repository', repository: 'acme/payments-api', derivedId: true })),
    ]);
    expect(r.assets.map((a) => a.id)).toEqual(['payments-api', 'acme/payments-api']);
  });

  it('do not join different images of one registry, or different hosts of one domain', () => {
    const r = correlateAssets([
      batch('a.yaml', entry('api', { type: 'image', aliases: ['ghcr.io/acme/api'] }), entry('web', { type: 'image', aliases: ['ghcr.io/acme/web'] })),
      batch('b.yaml', entry('h1', { type: 'host', aliases: ['h1.acme.internal'] }), entry('h2', { type: 'host', aliases: ['h2.acme.internal'] })),
    ]);
    expect(r.assets.map((a) => a.id)).toEqual(['api', 'web', 'h1', 'h2']);
  });

  it('match an SBOM subject to an inventory asset by its name', () => {
    const r = correlateAssets([
      batch('inventory.yaml', entry('storefront-web', { type: 'repository' })),
      batch('web.cdx.json', entry('storefront-web', { aliases: ['storefront-web', 'pkg:npm/storefront-web@2.0.0'], derivedId: true, components: [{ name: 'react', version: '16.8.6', purl: 'pkg:npm/react@16.8.6' }] })),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.assets).toHaveLength(1);
    expect(r.assets[0]).toMatchObject({ id: 'storefront-web', type: 'repository', components: [{ name: 'react' }], sources: ['inventory.yaml', 'web.cdx.json'] });
  });
});

describe('precedence on conflict', () => {
  it('keeps the first inventory\'s value and warns, naming both sources', () => {
    const r = correlateAssets([
      batch('inventory.yaml', entry('api', { type: 'service', exposure: 'internal', attributes: { env: 'prod', tier: 1 } })),
      batch('cmdb.csv', entry('api', { type: 'image', exposure: 'internet', attributes: { env: 'staging', tier: 1, owner: 'x' } })),
    ]);
    expect(r.assets[0]).toMatchObject({ type: 'service', exposure: 'internal', attributes: { env: 'prod', tier: 1, owner: 'x' } });
    expect(r.problems.map((p) => [p.severity, p.file, p.index, p.message])).toEqual([
      ['warning', 'cmdb.csv', 0, 'asset \'api\': type is "image" here but "service" in inventory.yaml; keeping "service" (the first inventory in ctem.yaml wins)'],
      ['warning', 'cmdb.csv', 0, 'asset \'api\': exposure is "internet" here but "internal" in inventory.yaml; keeping "internal" (the first inventory in ctem.yaml wins)'],
      ['warning', 'cmdb.csv', 0, 'asset \'api\': attributes.env is "staging" here but "prod" in inventory.yaml; keeping "prod" (the first inventory in ctem.yaml wins)'],
    ]);
  });

  it('lets a stated id win over a derived one, even from a later inventory', () => {
    const r = correlateAssets([
      batch('github:acme', entry('acme/api', { type: 'repository', repository: 'acme/api', derivedId: true })),
      batch('inventory.yaml', entry('api', { type: 'repository', repository: 'acme/api' })),
    ]);
    expect(r.assets.map((a) => [a.id, a.aliases, a.source])).toEqual([['api', ['acme/api'], 'github:acme']]);
    expect(r.assets[0]!.derivedId).toBeUndefined();
  });

  it('treats type `other` as saying nothing, and repository case as no conflict', () => {
    const r = correlateAssets([
      batch('sbom.json', entry('api', { type: 'other', repository: 'Acme/API' })),
      batch('inventory.yaml', entry('api', { type: 'repository', repository: 'acme/api' })),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.assets[0]).toMatchObject({ type: 'repository', repository: 'Acme/API' });
  });

  it('keeps attribute names as data', () => {
    const attrs = JSON.parse('{"__proto__": "x", "constructor": 1}') as Record<string, string | number>;
    const r = correlateAssets([batch('a.csv', entry('a', { attributes: attrs })), batch('b.csv', entry('a', { attributes: { __proto__: 'y' } as never }))]);
    expect(Object.hasOwn(r.assets[0]!.attributes, '__proto__')).toBe(true);
    expect(r.assets[0]!.attributes['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(r.assets[0]!.attributes)).toBe(Object.prototype);
  });

  it('keeps components unique by purl, else by name and version', () => {
    const r = correlateAssets([
      batch('a.cdx.json', entry('a', { components: [{ name: 'react', version: '16.8.6', purl: 'pkg:npm/react@16.8.6' }, { name: 'x', version: '1' }] })),
      batch('b.spdx.json', entry('a', { components: [{ name: 'React', version: '16.8.6', purl: 'pkg:npm/react@16.8.6' }, { name: 'x', version: '1' }, { name: 'x', version: '2' }] })),
    ]);
    expect(r.assets[0]!.components).toEqual([{ name: 'react', version: '16.8.6', purl: 'pkg:npm/react@16.8.6' }, { name: 'x', version: '1' }, { name: 'x', version: '2' }]);
  });
});

describe('two different stated ids for one asset', () => {
  const r = correlateAssets([
    batch('inventory.yaml', entry('payments-api', { type: 'image', aliases: ['ghcr.io/acme/payments-api'] })),
    batch('cmdb.csv', entry('web', { type: 'host' }), entry('pay-api-prod', { type: 'image', aliases: ['ghcr.io/acme/payments-api:3.1'] })),
  ]);

  it('are an error at the second entry, naming the first and the key that joins them', () => {
    expect(r.problems).toEqual([
      {
        code: 'conflicting-asset-ids',
        severity: 'error',
        file: 'cmdb.csv',
        index: 1,
        message: "asset 'pay-api-prod' and asset 'payments-api' (inventory.yaml) are the same asset by image ghcr.io/acme/payments-api, but have different ids",
        hint: 'if they are one asset, give both entries the same id; if they are two, remove the alias that joins them',
      },
    ]);
  });

  it('are not merged', () => {
    expect(r.assets.map((a) => a.id)).toEqual(['payments-api', 'pay-api-prod', 'web']);
  });
});

describe('a derived id that clashes with another asset', () => {
  it('is an error', () => {
    // An SBOM subject named `shop` is known by that name, so it joins the stated `shop`...
    const joined = correlateAssets([batch('a.yaml', entry('shop', { type: 'host' })), batch('b.cdx.json', entry('shop', { aliases: ['shop', 'pkg:npm/shop'], derivedId: true }))]);
    expect(joined.problems).toEqual([]);
    expect(joined.assets.map((a) => [a.id, a.sources])).toEqual([['shop', ['a.yaml', 'b.cdx.json']]]);
    // ...but two subjects that only share a derived id are two assets with one id.
    const clash = correlateAssets([batch('a.cdx.json', entry('shop', { aliases: ['pkg:npm/shop'], derivedId: true })), batch('b.cdx.json', entry('shop', { aliases: ['pkg:pypi/shop'], derivedId: true }))]);
    expect(clash.problems.map((p) => [p.code, p.file, p.message])).toEqual([['duplicate-asset', 'b.cdx.json', "asset id 'shop' is also used by a different asset in a.cdx.json"]]);
  });
});

describe('scanners as sources', () => {
  it('are added to the asset their findings attach to, after its inventories', () => {
    const assets = correlateAssets([batch('inventory.yaml', entry('api'), entry('web'))]).assets;
    const finding = (asset: string, file: string) => ({ asset, sources: [{ connector: 'sarif', tool: 't', file, pointer: '' }] }) as unknown as Finding;
    const out = attachScannerSources(assets, [finding('api', 'reports/api.sarif'), finding('api', 'reports/api.sarif'), finding('api', 'reports/api.trivy.json'), finding('elsewhere', 'x')]);
    expect(out.map((a) => [a.id, a.sources])).toEqual([
      ['api', ['inventory.yaml', 'reports/api.sarif', 'reports/api.trivy.json']],
      ['web', ['inventory.yaml']],
    ]);
  });
});
