/** Resolving what a scanner names to the (correlated) inventory asset. */
import { describe, expect, it } from 'vitest';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import { buildAssetIndex } from '../../../engine/scope/asset-index.ts';

const DIGEST = 'sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108';
const OTHER_DIGEST = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const asset = (id: string, over: Partial<InventoryAsset> = {}): InventoryAsset => ({ id, type: 'other', aliases: [], tags: [], attributes: {}, source: 'x', ...over });

const index = buildAssetIndex([
  asset('api', { type: 'repository', repository: 'acme/api', aliases: ['https://github.com/acme/api'] }),
  asset('payments-api', { type: 'service', repository: 'acme/payments-api' }),
  asset('api-image', { type: 'image', aliases: ['ghcr.io/acme/api:1.4.2', `ghcr.io/acme/api@${DIGEST}`] }),
  asset('nginx', { type: 'image', aliases: ['nginx'] }),
  asset('batch-01', { type: 'host', aliases: ['batch-01.acme.internal', '10.20.0.15', '2001:db8::15'] }),
  asset('payments-db', { type: 'cloud-resource', aliases: ['arn:aws:rds:eu-west-1:111122223333:db:payments'] }),
]);

describe('resolving a scanner reference', () => {
  it.each([
    ['acme/api', 'api'],
    ['https://github.com/acme/api', 'api'],
    ['https://github.com/Acme/API.git', 'api'],
    ['git@github.com:acme/api.git', 'api'],
    ['ssh://git@github.com/acme/api', 'api'],
  ])('finds a repository by %s', (ref, id) => {
    expect(index.resolve(ref)).toBe(id);
  });

  it.each([
    ['ghcr.io/acme/api', 'api-image'],
    ['ghcr.io/acme/api:1.4.2', 'api-image'],
    ['ghcr.io/acme/api:1.5.0', 'api-image'],
    [`ghcr.io/acme/api@${DIGEST}`, 'api-image'],
    [DIGEST, 'api-image'],
    [`registry.example/mirror/api@${DIGEST}`, 'api-image'],
    ['docker.io/library/nginx:1.25', 'nginx'],
    ['library/nginx', 'nginx'],
  ])('finds an image by %s', (ref, id) => {
    expect(index.resolve(ref)).toBe(id);
  });

  it.each([
    ['batch-01.acme.internal', 'batch-01'],
    ['BATCH-01.ACME.INTERNAL', 'batch-01'],
    ['batch-01.acme.internal.', 'batch-01'],
    ['10.20.0.15', 'batch-01'],
    ['10.20.0.15:22', 'batch-01'],
    ['[2001:DB8::15]:443', 'batch-01'],
    ['ssh://10.20.0.15', 'batch-01'],
  ])('finds a host by %s', (ref, id) => {
    expect(index.resolve(ref)).toBe(id);
  });

  it('finds a cloud resource by its ARN, and an asset by its id in any case', () => {
    expect(index.resolve('arn:aws:rds:eu-west-1:111122223333:db:payments')).toBe('payments-db');
    expect(index.resolve('Payments-DB')).toBe('payments-db');
  });

  it('still finds a service by the repository it is built from', () => {
    expect(index.resolve('https://github.com/acme/payments-api')).toBe('payments-api');
  });

  it('prefers the repository asset to a service that names the same repository', () => {
    const both = buildAssetIndex([asset('svc', { type: 'service', repository: 'acme/api' }), asset('repo', { type: 'repository', repository: 'acme/api' })]);
    expect(both.resolve('git@github.com:acme/api.git')).toBe('repo');
  });

  it('leaves unknown references unresolved', () => {
    expect(index.resolve('ghcr.io/acme/other')).toBeUndefined();
    expect(index.resolve(`ghcr.io/acme/other@${OTHER_DIGEST}`)).toBeUndefined();
    expect(index.resolve('10.20.0.16')).toBeUndefined();
    expect(index.resolve('batch-02.acme.internal')).toBeUndefined();
    expect(index.resolve('__proto__')).toBeUndefined();
    expect(index.resolve('constructor')).toBeUndefined();
  });
});
