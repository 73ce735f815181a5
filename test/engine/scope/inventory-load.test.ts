/**
 * Reading the inventories named in ctem.yaml (engine/app/inventory.ts): every
 * problem is located — YAML by line and column, CSV by line, JSON by JSON path,
 * ctem.yaml entries by line and column — and an optional inventory only warns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadInventory } from '../../../engine/app/inventory.ts';
import type { CtemConfig } from '../../../engine/config/schema/ctem.ts';
import { parseYaml } from '../../../engine/config/yaml-document.ts';
import { formatProblem, sortProblems, type Problem } from '../../../engine/errors.ts';
import { createTestGitHub } from '../../../tools/test-github/server.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctem-inventory-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
};

/** Load with ctem.yaml given as YAML text, so entry problems are located in it. */
async function load(ctemYaml: string, env: Record<string, string> = {}) {
  const parsed = parseYaml(`version: 1\norganisation: Acme\nsources: []\n${ctemYaml}`, 'ctem.yaml');
  expect(parsed.problems).toEqual([]);
  const result = await loadInventory(dir, parsed.value as CtemConfig, { locate: parsed.locate, env });
  return { ...result, lines: sortProblems(result.problems).map((p: Problem) => formatProblem(p)) };
}

const SBOM = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { type: 'application', name: 'shop' } }, components: [{ name: 'react', version: '16.8.6', purl: 'pkg:npm/react@16.8.6' }] });

describe('reading the inventories of ctem.yaml', () => {
  it('reads every inventory through its connector and correlates them, in ctem.yaml order', async () => {
    write({
      'a.yaml': 'assets:\n  - { id: shop, type: service, tags: [web] }\n',
      'b.csv': 'id,type,tags,attr.env\nshop,service,pci,prod\ndb,cloud-resource,,\n',
      'shop.cdx.json': SBOM,
    });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n  - { connector: inventory-csv, path: b.csv }\n  - { connector: sbom-cyclonedx, path: shop.cdx.json }\n');
    expect(r.lines).toEqual([]);
    expect(r.assets.map((a) => [a.id, a.sources, a.tags, a.components?.length ?? 0])).toEqual([
      ['shop', ['a.yaml', 'b.csv', 'shop.cdx.json'], ['web', 'pci'], 1],
      ['db', ['b.csv'], [], 0],
    ]);
  });

  it('locates a conflict at the later entry: YAML by line and column, CSV by line', async () => {
    write({
      'a.csv': 'id,type,attr.env\nweb,host,prod\nshop,service,prod\n',
      'b.yaml': 'assets:\n  - id: shop\n    type: service\n    attributes: { env: staging }\n',
      'c.csv': 'id,type,exposure\nshop,service,internet\nshop2,service,\n',
      'd.yaml': 'assets:\n  - { id: shop, type: service, exposure: internal }\n',
    });
    const r = await load('inventory:\n  - { connector: inventory-csv, path: a.csv }\n  - { connector: inventory-yaml, path: b.yaml }\n  - { connector: inventory-csv, path: c.csv }\n  - { connector: inventory-yaml, path: d.yaml }\n');
    expect(r.lines).toEqual([
      "b.yaml:2:5: warning: asset 'shop': attributes.env is \"staging\" here but \"prod\" in a.csv; keeping \"prod\" (the first inventory in ctem.yaml wins)",
      "d.yaml:2:5: warning: asset 'shop': exposure is \"internal\" here but \"internet\" in c.csv; keeping \"internet\" (the first inventory in ctem.yaml wins)",
    ]);
  });

  it('reports two stated ids for one asset as an error at the second, with its line', async () => {
    write({ 'a.yaml': 'assets:\n  - { id: api, type: image, aliases: [ghcr.io/acme/api] }\n', 'b.csv': 'id,type,aliases\nx,host,\napi-prod,image,ghcr.io/acme/api:2.0\n' });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n  - { connector: inventory-csv, path: b.csv }\n');
    expect(r.lines).toEqual(["b.csv:3:1: asset 'api-prod' and asset 'api' (a.yaml) are the same asset by image ghcr.io/acme/api, but have different ids"]);
    expect(r.problems[0]!.severity).toBe('error');
  });

  it('reports a duplicate id within one YAML file at its line', async () => {
    write({ 'a.yaml': 'assets:\n  - { id: api, type: service }\n  - { id: api, type: host }\n' });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n');
    expect(r.lines).toEqual(["a.yaml:3:5: duplicate asset id 'api' (first on line 2)"]);
  });
});

describe('a malformed inventory', () => {
  it('YAML: a syntax error or a schema error, by line and column', async () => {
    write({ 'a.yaml': 'assets:\n  - { id: api, type: service\n', 'b.yaml': 'assets:\n  - id: api\n    type: servce\n' });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n  - { connector: inventory-yaml, path: b.yaml }\n');
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatch(/^a\.yaml:2:\d+: /);
    expect(r.lines[1]).toMatch(/^b\.yaml:3:11: .*type/);
  });

  it('CSV: by line', async () => {
    write({ 'a.csv': 'id,type\nweb,host\nweb-2,hosts\n' });
    const r = await load('inventory:\n  - { connector: inventory-csv, path: a.csv }\n');
    expect(r.lines).toEqual(["a.csv:3:1: not a valid inventory-csv inventory: type: \"hosts\" is not an asset type (did you mean 'host'?); one of repository, image, host, service, cloud-resource, package, other"]);
  });

  it('SBOM: JSON syntax by line and column, structure by JSON path', async () => {
    write({ 'a.cdx.json': '{"bomFormat": "CycloneDX",\n "specVersion": "1.5",\n', 'b.cdx.json': JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ version: '1' }] }) });
    const r = await load('inventory:\n  - { connector: sbom-cyclonedx, path: a.cdx.json, asset: x }\n  - { connector: sbom-cyclonedx, path: b.cdx.json, asset: x }\n');
    expect(r.lines.filter((l) => !l.startsWith('ctem.yaml'))).toEqual([
      expect.stringMatching(/^a\.cdx\.json:3:1: not valid JSON/),
      'b.cdx.json: not a valid sbom-cyclonedx inventory: $.components[0].name is required (at $.components[0].name)',
    ]);
  });

  it('a missing file', async () => {
    const r = await load('inventory:\n  - { connector: inventory-csv, path: missing.csv }\n');
    expect(r.lines).toEqual(['missing.csv: file not found']);
  });

  it('is a warning, and the run goes on without it, when the inventory is optional', async () => {
    write({ 'a.yaml': 'assets:\n  - { id: api, type: service }\n' });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n  - { connector: inventory-csv, path: missing.csv, optional: true }\n');
    expect(r.lines).toEqual(['missing.csv: warning: file not found (optional inventory skipped)']);
    expect(r.assets.map((a) => a.id)).toEqual(['api']);
  });
});

describe('the options of an inventory entry', () => {
  it('are checked against the connector, located in ctem.yaml', async () => {
    const r = await load('inventory:\n  - connector: inventory-yaml\n    path: a.yaml\n    org: acme\n  - connector: github-repos\n    path: x.json\n  - { connector: sbom-spdx }\n');
    expect(r.lines).toEqual([
      "ctem.yaml:7:5: 'org' does not apply to the inventory-yaml inventory",
      "ctem.yaml:8:5: the github-repos inventory needs 'org', the organisation whose repositories to list",
      "ctem.yaml:9:5: the github-repos inventory reads GitHub, not a file: remove 'path'",
      "ctem.yaml:10:5: the sbom-spdx inventory needs 'path', the file to read",
    ]);
  });

  it('`asset:` must name an asset of another inventory', async () => {
    write({ 'a.yaml': 'assets:\n  - { id: storefront-web, type: repository }\n', 'shop.cdx.json': SBOM });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n  - { connector: sbom-cyclonedx, path: shop.cdx.json, asset: storefront-wbe }\n');
    expect(r.lines).toEqual(["ctem.yaml:6:62: inventory 'shop.cdx.json' names unknown asset 'storefront-wbe' (did you mean 'storefront-web'?)"]);
  });

  it('`asset:` attaches the SBOM\'s components to that asset', async () => {
    write({ 'a.yaml': 'assets:\n  - { id: storefront-web, type: repository }\n', 'shop.cdx.json': SBOM });
    const r = await load('inventory:\n  - { connector: inventory-yaml, path: a.yaml }\n  - { connector: sbom-cyclonedx, path: shop.cdx.json, asset: storefront-web }\n');
    expect(r.lines).toEqual([]);
    expect(r.assets).toMatchObject([{ id: 'storefront-web', type: 'repository', aliases: ['shop'], components: [{ name: 'react' }] }]);
  });
});

describe('the GitHub organisation inventory', () => {
  it('needs a token, and says how to give one', async () => {
    const r = await load('inventory:\n  - { connector: github-repos, org: acme }\n');
    expect(r.lines).toEqual(["github:acme: listing the repositories of 'acme' needs a GitHub token"]);
    expect(r.problems[0]!.hint).toMatch(/GITHUB_TOKEN/);
  });

  it('reports GitHub\'s refusals in one line, never with the token', async () => {
    const gh = await createTestGitHub({ tokens: { 'good-token': { login: 'ci', permissions: 'all' } } });
    try {
      const missing = await load('inventory:\n  - { connector: github-repos, org: nobody }\n', { GITHUB_TOKEN: 'good-token', GITHUB_API_URL: gh.url });
      expect(missing.lines).toEqual(["github:nobody: GitHub organisation 'nobody' not found, or the token cannot see it (404)"]);
      const rejected = await load('inventory:\n  - { connector: github-repos, org: acme, optional: true }\n', { GITHUB_TOKEN: 'secret-token-value', GITHUB_API_URL: gh.url });
      expect(rejected.lines).toEqual(['github:acme: warning: GitHub rejected the token (401) (optional inventory skipped)']);
      expect(JSON.stringify(rejected.problems)).not.toContain('secret-token-value');
    } finally {
      await gh.close();
    }
  });
});
