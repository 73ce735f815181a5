/** Correlation keys: two names for one thing give the same key; names for different things do not. */
import { describe, expect, it } from 'vitest';
import { assetKeys, describeKey, imageOf, ipOf, keysOfAsset, purlOf, referenceKeys, repoOf } from '../../../engine/scope/asset-ref.ts';
import type { InventoryAsset } from '../../../engine/model/asset.ts';

const DIGEST = 'sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108';

describe('a repository', () => {
  it.each([
    'acme/api',
    'ACME/API',
    'https://github.com/acme/api',
    'https://github.com/acme/api.git',
    'https://github.com/acme/api/tree/main/src',
    'http://www.github.com/acme/api/',
    'git@github.com:acme/api.git',
    'ssh://git@github.com/acme/api.git',
    'git://github.com/acme/api',
    'github.com/acme/api',
    'https://token@github.com/acme/api.git',
  ])('%s is acme/api', (ref) => {
    expect(repoOf(ref, true)).toBe('acme/api');
  });

  it('keeps GitLab subgroups and drops GitLab page paths', () => {
    expect(repoOf('https://gitlab.com/acme/platform/api/-/tree/main', true)).toBe('acme/platform/api');
    expect(repoOf('git@gitlab.example.com:acme/platform/api.git', true)).toBe('acme/platform/api');
  });

  it('is not a web page, an image or a bare word', () => {
    expect(repoOf('https://shop.acme.example/login/now', true)).toBeUndefined();
    expect(repoOf('ghcr.io/acme/api', true)).toBeUndefined();
    expect(repoOf('ghcr.io/acme', true)).toBeUndefined();
    expect(repoOf('api', true)).toBeUndefined();
    expect(repoOf('acme/api', false)).toBeUndefined();
  });
});

describe('an image', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.25', 'docker.io/library/nginx'],
    ['library/nginx:1.25-alpine', 'docker.io/library/nginx'],
    ['docker.io/library/nginx', 'docker.io/library/nginx'],
    ['index.docker.io/library/nginx:latest', 'docker.io/library/nginx'],
    ['keycloak/keycloak:21.0.2', 'docker.io/keycloak/keycloak'],
    ['GHCR.IO/Acme/API:1.2', 'ghcr.io/acme/api'],
    ['localhost:5000/api:dev', 'localhost:5000/api'],
    [`ghcr.io/acme/api@${DIGEST}`, 'ghcr.io/acme/api'],
    [`ghcr.io/acme/api:1.2@${DIGEST}`, 'ghcr.io/acme/api'],
  ])('%s is %s', (ref, name) => {
    expect(imageOf(ref)?.name).toBe(name);
  });

  it('keeps the digest, which names one build', () => {
    expect(imageOf(`ghcr.io/acme/api:1.2@${DIGEST}`)?.digest).toBe(DIGEST);
  });

  it('is not a URL or a malformed reference', () => {
    expect(imageOf('https://ghcr.io/acme/api')).toBeUndefined();
    expect(imageOf('ghcr.io/acme/api@sha256:short')).toBeUndefined();
    expect(imageOf('acme/API with space')).toBeUndefined();
  });
});

describe('IP addresses, cloud ids and purls', () => {
  it('canonicalise IPv4 and IPv6', () => {
    expect(ipOf('10.20.0.15')).toBe('10.20.0.15');
    expect(ipOf('10.020.0.015')).toBeUndefined(); // octal or decimal? neither, rather than a wrong match
    expect(ipOf('2001:DB8:0:0::A')).toBe('2001:db8::a');
    expect(ipOf('[2001:db8::a]')).toBe('2001:db8::a');
    expect(ipOf('256.1.1.1')).toBeUndefined();
    expect(ipOf('web-01')).toBeUndefined();
  });

  it('keep ARNs as written and lower-case Azure ids', () => {
    expect(assetKeys('arn:aws:lambda:eu-west-1:111122223333:function:Pay', 'cloud-resource')).toEqual(['cloud:arn:aws:lambda:eu-west-1:111122223333:function:Pay']);
    expect(assetKeys('/subscriptions/ABC/resourceGroups/RG/providers/Microsoft.Sql/servers/Pay', 'other')).toEqual([
      'cloud:/subscriptions/abc/resourcegroups/rg/providers/microsoft.sql/servers/pay',
    ]);
  });

  it('drop a purl\'s version, qualifiers and subpath', () => {
    expect(purlOf('pkg:npm/%40acme/web@1.2.3?arch=x#src')).toBe('pkg:npm/%40acme/web');
    expect(purlOf('pkg:maven/io.dropwizard/dropwizard-parent@1.3.15')).toBe('pkg:maven/io.dropwizard/dropwizard-parent');
  });
});

describe('the keys of an inventory name depend on the asset type for bare names', () => {
  it('owner/name: a repository, except on an image', () => {
    expect(assetKeys('acme/api', 'repository')).toEqual(['repo:acme/api']);
    expect(assetKeys('acme/api', 'service')).toEqual(['repo:acme/api']);
    expect(assetKeys('acme/api', 'image')).toEqual(['image:docker.io/acme/api']);
  });

  it('a bare word: a host on a host, an image on an image, else a name', () => {
    expect(assetKeys('Web-01', 'host')).toEqual(['host:web-01']);
    expect(assetKeys('nginx', 'image')).toEqual(['image:docker.io/library/nginx']);
    expect(assetKeys('nginx', 'service')).toEqual(['ref:nginx']);
  });

  it('a qualified name means the same on any asset', () => {
    expect(assetKeys('ghcr.io/acme/api:1.2', 'service')).toEqual(['image:ghcr.io/acme/api']);
    expect(assetKeys(`ghcr.io/acme/api@${DIGEST}`, 'other')).toEqual(['image:ghcr.io/acme/api', `digest:${DIGEST}`]);
    expect(assetKeys('Batch-01.ACME.internal.', 'service')).toEqual(['host:batch-01.acme.internal']);
    expect(assetKeys('https://shop.acme.example/', 'service')).toEqual(['host:shop.acme.example']);
    expect(assetKeys('10.0.0.1', 'image')).toEqual(['ip:10.0.0.1']);
  });

  it('an asset: its stated id, its aliases, and its repository only when it is a repository', () => {
    const base: InventoryAsset = { id: 'api', type: 'service', aliases: ['ghcr.io/acme/api'], tags: [], attributes: {}, source: 'x', repository: 'acme/api' };
    expect(keysOfAsset(base)).toEqual(['ref:api', 'image:ghcr.io/acme/api']);
    expect(keysOfAsset({ ...base, type: 'repository', aliases: [] })).toEqual(['ref:api', 'repo:acme/api']);
    expect(keysOfAsset({ ...base, derivedId: true, aliases: [] })).toEqual([]);
  });
});

describe('a scanner\'s reference', () => {
  it('is tried in every reading, strongest first', () => {
    expect(referenceKeys('acme/api')).toEqual(['repo:acme/api', 'image:docker.io/acme/api', 'ref:acme/api']);
    expect(referenceKeys(`ghcr.io/acme/api:1.2@${DIGEST}`)).toEqual([`digest:${DIGEST}`, 'image:ghcr.io/acme/api', `ref:ghcr.io/acme/api:1.2@${DIGEST}`]);
    expect(referenceKeys('10.20.0.15:22')).toContain('ip:10.20.0.15');
    expect(referenceKeys('[2001:db8::a]:443')[0]).toBe('ip:2001:db8::a');
    expect(referenceKeys('https://Shop.Acme.example/login')).toContain('host:shop.acme.example');
    expect(referenceKeys('ssh://root@10.20.0.15:2222/')[0]).toBe('ip:10.20.0.15');
    expect(referenceKeys('https://[2001:db8::a]:8443/')[0]).toBe('ip:2001:db8::a');
    expect(referenceKeys('git@github.com:acme/api.git')[0]).toBe('repo:acme/api');
  });

  it('is described for messages in words', () => {
    expect(describeKey('repo:acme/api')).toBe('repository acme/api');
    expect(describeKey('ip:10.0.0.1')).toBe('IP address 10.0.0.1');
  });
});

describe('a URL with a path', () => {
  it('is no host key, since every page of a site shares the host', () => {
    expect(assetKeys('https://ghe.acme.example/acme/api', 'repository')).toEqual(['ref:ghe.acme.example/acme/api']);
    expect(assetKeys('http://127.0.0.1:8080/acme/web', 'repository')).toEqual(['ref:127.0.0.1:8080/acme/web']);
    expect(assetKeys('https://ghe.acme.example/acme/api.git', 'repository')).toEqual(['repo:acme/api']);
  });
});
