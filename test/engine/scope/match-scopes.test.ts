import { describe, expect, it } from 'vitest';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import { buildAssetIndex } from '../../../engine/scope/asset-index.ts';
import { assignScopes, compileScope } from '../../../engine/scope/match-scopes.ts';

const asset = (id: string, over: Partial<InventoryAsset> = {}): InventoryAsset => ({
  id,
  type: 'service',
  aliases: [],
  tags: [],
  attributes: {},
  source: 'inventory.yaml',
  ...over,
});
const scope = (id: string, criticality: 'critical' | 'high' | 'medium' | 'low', selector: object) =>
  compileScope({ id, name: id, owner: { team: `acme/${id}` }, criticality, exposure: 'internal', selector } as never, `scopes/${id}.yaml`);

describe('matching assets to scopes', () => {
  const assets = [
    asset('payments-api', { tags: ['payments'], repository: 'acme/payments-api' }),
    asset('payments-db', { type: 'cloud-resource', tags: ['payments', 'data'] }),
    asset('legacy-ftp', { type: 'host' }),
  ];

  it('requires every criterion of a selector and any item of a list', () => {
    const s = scope('pay-services', 'high', { tags: ['payments', 'other'], types: ['service'] });
    expect(assets.filter(s.matches).map((a) => a.id)).toEqual(['payments-api']);
  });

  it('matches ids and repositories by glob', () => {
    expect(assets.filter(scope('a', 'low', { ids: ['payments-*'] }).matches).map((a) => a.id)).toEqual(['payments-api', 'payments-db']);
    expect(assets.filter(scope('b', 'low', { repositories: ['ACME/*-api'] }).matches).map((a) => a.id)).toEqual(['payments-api']);
  });

  it('gives an asset in several scopes the most critical one as primary', () => {
    const r = assignScopes(assets, [scope('payments', 'high', { tags: ['payments'] }), scope('data', 'critical', { tags: ['data'] })]);
    expect(r.primaryOf.get('payments-db')?.id).toBe('data');
    expect(r.scopesOf.get('payments-db')?.map((s) => s.id)).toEqual(['data', 'payments']);
  });

  it('reports assets no scope covers as drift', () => {
    const r = assignScopes(assets, [scope('payments', 'high', { tags: ['payments'] })]);
    expect(r.unscoped.map((a) => a.id)).toEqual(['legacy-ftp']);
  });

  it('does not read inherited attributes in selectors', () => {
    const s = scope('x', 'low', { attributes: { toString: 'x' } });
    expect(s.matches(asset('a'))).toBe(false);
  });
});

describe('resolving what scanners name to inventory assets', () => {
  const index = buildAssetIndex([
    asset('keycloak', { type: 'image', aliases: ['docker.io/keycloak/keycloak:21.0.2'] }),
    asset('api', { repository: 'acme-robotics/payments-api' }),
  ]);

  it('matches an image by name with any tag or digest', () => {
    expect(index.resolve('docker.io/keycloak/keycloak:21.0.2@sha256:347a0d74')).toBe('keycloak');
    expect(index.resolve('DOCKER.IO/keycloak/keycloak:22.0')).toBe('keycloak');
  });

  it('matches a repository by URL in any of its forms', () => {
    expect(index.resolve('https://github.com/acme-robotics/payments-api.git')).toBe('api');
    expect(index.resolve('git@github.com:acme-robotics/payments-api.git')).toBe('api');
    expect(index.resolve('acme-robotics/payments-api')).toBe('api');
  });

  it('leaves an unknown reference unresolved', () => {
    expect(index.resolve('ghcr.io/someone/else')).toBeUndefined();
  });
});
