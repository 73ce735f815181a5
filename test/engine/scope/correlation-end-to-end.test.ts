/**
 * The correlation promise, end to end through the real inventory shell: a YAML
 * inventory, a CMDB CSV, an SBOM and a GitHub organisation (the project's test
 * GitHub, checked against GitHub's OpenAPI description) are read and correlated;
 * then real scanner reports (gosec SARIF, Trivy, Grype — their asset references
 * rewritten for the story) are attached through the asset index.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingConnectors } from '../../../connectors/registry.ts';
import type { JsonFindingConnector } from '../../../connectors/types.ts';
import { loadInventory, type LoadedInventory } from '../../../engine/app/inventory.ts';
import type { CtemConfig } from '../../../engine/config/schema/ctem.ts';
import { extractFindings } from '../../../engine/discover/extract.ts';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { buildAssetIndex } from '../../../engine/scope/asset-index.ts';
import { attachScannerSources } from '../../../engine/scope/correlate.ts';
import { createTestGitHub, type TestGitHub } from '../../../tools/test-github/server.ts';
import { fixture } from '../../support/corpus.ts';

const DIGEST = 'sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108';
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

const INVENTORY_YAML = `assets:
  - id: api
    type: repository
    repository: acme/api
    tags: [payments]
  - id: api-image
    type: image
    aliases: ['ghcr.io/acme/api:1.4.2']
    tags: [payments]
  - id: batch-01
    type: host
    aliases: [batch-01.acme.internal]
    tags: [platform]
`;
const CMDB_CSV = 'id,type,aliases,tags,attr.env\nbatch-01,host,BATCH-01.acme.internal;10.20.0.15,ops,prod\n';

/** Trivy's CycloneDX golden, its subject turned into the container image this story scans. */
function containerSbom(): unknown {
  const doc = json(fixture('sbom', 'cyclonedx-trivy-npm-with-vulns.json'));
  const metadata = doc.metadata as Record<string, unknown>;
  metadata.component = {
    'bom-ref': 'img', type: 'container', name: 'ghcr.io/acme/api',
    properties: [{ name: 'aquasecurity:trivy:RepoDigest', value: `ghcr.io/acme/api@${DIGEST}` }],
  };
  return doc;
}

const ctem: CtemConfig = {
  version: 1,
  organisation: 'Acme',
  inventory: [
    { connector: 'inventory-yaml', path: 'inventory.yaml' },
    { connector: 'github-repos', org: 'acme' },
    { connector: 'inventory-csv', path: 'cmdb.csv' },
    { connector: 'sbom-cyclonedx', path: 'api-image.cdx.json' },
  ],
  sources: [],
};

let gh: TestGitHub;
let dir: string;
let inventory: LoadedInventory;
let assets: InventoryAsset[];
let findings: Finding[];

beforeAll(async () => {
  gh = await createTestGitHub();
  gh.state.seedRepo({ owner: 'acme', name: 'api', topics: ['java'], files: { '.github/CODEOWNERS': '* @acme/payments-team\n' } });
  gh.state.seedRepo({ owner: 'acme', name: 'web' });
  dir = mkdtempSync(join(tmpdir(), 'ctem-correlation-'));
  writeFileSync(join(dir, 'inventory.yaml'), INVENTORY_YAML);
  writeFileSync(join(dir, 'cmdb.csv'), CMDB_CSV);
  writeFileSync(join(dir, 'api-image.cdx.json'), JSON.stringify(containerSbom()));
  inventory = await loadInventory(dir, ctem, { env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: gh.url } });

  const index = buildAssetIndex(inventory.assets);
  const resolve = (hint: string | undefined) => (hint === undefined ? 'unknown' : (index.resolve(hint) ?? hint));
  const scan = (connector: string, file: string, doc: unknown) => extractFindings(findingConnectors.get(connector) as JsonFindingConnector, doc, file, resolve);

  const sarif = json(fixture('sarif', 'gosec-go-project.sarif'));
  (sarif.runs as Record<string, unknown>[])[0]!.versionControlProvenance = [{ repositoryUri: 'git@github.com:acme/api.git' }];
  const trivyImage = { ...json(fixture('trivy', 'trivy-alpine-310.json')), ArtifactName: 'ghcr.io/acme/api:1.4.2' };
  const grype = json(fixture('grype', 'grype-keycloak-21.0.2.json'));
  ((grype.source as Record<string, unknown>).target as Record<string, unknown>).userInput = `registry.acme.example/mirror/api@${DIGEST}`;
  const byIp = { ...json(fixture('trivy', 'trivy-ubuntu-1804.json')), ArtifactName: '10.20.0.15' };
  const byName = { ...json(fixture('trivy', 'trivy-ubuntu-1804.json')), ArtifactName: 'Batch-01.ACME.internal' };
  findings = [
    ...scan('sarif', 'reports/api.gosec.sarif', sarif),
    ...scan('trivy', 'reports/api-image.trivy.json', trivyImage),
    ...scan('grype', 'reports/api-image.grype.json', grype),
    ...scan('trivy', 'reports/batch-01-by-ip.trivy.json', byIp),
    ...scan('trivy', 'reports/batch-01-by-name.trivy.json', byName),
  ];
  assets = attachScannerSources(inventory.assets, findings);
});

afterAll(async () => {
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
});

const byId = (id: string) => assets.find((a) => a.id === id)!;
const findingsOf = (id: string) => findings.filter((f) => f.asset === id);

describe('one asset seen by many sources', () => {
  it('reads the four inventories without a problem, and GitHub without an OpenAPI violation', () => {
    expect(inventory.problems).toEqual([]);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
    expect(assets.map((a) => a.id)).toEqual(['api', 'api-image', 'batch-01', 'acme/web']);
  });

  it('a repository: acme/api in YAML, the GitHub organisation, git@github.com:acme/api.git in SARIF', () => {
    const api = byId('api');
    expect(api.sources).toEqual(['inventory.yaml', 'github:acme', 'reports/api.gosec.sarif']);
    expect(api.attributes).toMatchObject({ codeowners: '@acme/payments-team', visibility: 'public', default_branch: 'main' });
    expect(api.tags).toEqual(['payments', 'java', 'codeowner:@acme/payments-team']);
    expect(findingsOf('api')).toHaveLength(7); // every gosec result
  });

  it('an image: by tag in YAML and Trivy, by digest in the SBOM and Grype', () => {
    const image = byId('api-image');
    expect(image.sources).toEqual(['inventory.yaml', 'api-image.cdx.json', 'reports/api-image.trivy.json', 'reports/api-image.grype.json']);
    expect(image.components).toHaveLength(12);
    const tools = new Set(findingsOf('api-image').map((f) => f.sources[0]!.file));
    expect(tools).toEqual(new Set(['reports/api-image.trivy.json', 'reports/api-image.grype.json']));
  });

  it('a host: by name in YAML, by name and IP in the CMDB, by IP and by name in another case in two scans', () => {
    const host = byId('batch-01');
    expect(host.sources).toEqual(['inventory.yaml', 'cmdb.csv', 'reports/batch-01-by-ip.trivy.json', 'reports/batch-01-by-name.trivy.json']);
    expect(host.attributes).toEqual({ env: 'prod' });
    expect(new Set(findingsOf('batch-01').map((f) => f.sources[0]!.file)).size).toBe(2);
  });

  it('leaves no finding on an unknown asset', () => {
    expect(findings.filter((f) => !assets.some((a) => a.id === f.asset)).map((f) => f.asset)).toEqual([]);
  });
});
