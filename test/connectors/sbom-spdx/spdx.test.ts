/**
 * SPDX 2.3 JSON SBOMs as inventory entries, on real SBOMs (Syft's of Kong/atc-router,
 * Trivy's of a Julia project). Counts are checked against a count made here.
 */
import { describe, expect, it } from 'vitest';
import { sbomSpdxConnector } from '../../../connectors/sbom-spdx/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { arr, readFixture, type Json } from '../shared/fixture-files.ts';

const extract = (doc: unknown, options = {}) => sbomSpdxConnector.extract(doc, { file: 'sbom.spdx.json', options });

function errorOf(doc: unknown, options = {}): string {
  try {
    extract(doc, options);
  } catch (e) {
    if (e instanceof ReportError) return `${e.path} ${e.message}`;
    throw e;
  }
  return 'accepted';
}

/** Packages other than the described ones that have a version or a purl. */
function independentCount(doc: Json): number {
  const described = new Set<string>([
    ...arr(doc.documentDescribes as unknown).map(String),
    ...arr(doc.relationships).filter((r) => r.relationshipType === 'DESCRIBES' && r.spdxElementId === 'SPDXRef-DOCUMENT').map((r) => String(r.relatedSpdxElement)),
  ]);
  return arr(doc.packages).filter(
    (p) => !described.has(String(p.SPDXID)) && (typeof p.versionInfo === 'string' || arr(p.externalRefs).some((r) => r.referenceType === 'purl')),
  ).length;
}

describe('Trivy\'s SPDX SBOM of a Julia project', () => {
  const { doc } = readFixture('sbom', 'spdx-trivy-julia.json');
  const [asset, ...rest] = extract(doc);

  it('describes one asset, the described filesystem, with its 3 packages', () => {
    expect(rest).toEqual([]);
    expect(asset!.name).toBe('testdata/fixtures/repo/julia');
    expect(asset!.id).toBe('testdata-fixtures-repo-julia');
    expect(asset!.components).toHaveLength(3);
    expect(independentCount(doc as Json)).toBe(3);
  });

  it('keeps two packages of the same name and version that differ by purl', () => {
    expect(asset!.components!.map((c) => c.purl)).toEqual([
      'pkg:julia/A@1.9.0?uuid=ead4f63c-334e-11e9-00e6-e7f0a5f21b60',
      'pkg:julia/B@1.9.0?uuid=f41f7b98-334e-11e9-1257-49272045fb24',
      'pkg:julia/B@1.9.0?uuid=edca9bc6-334e-11e9-3554-9595dbb4349c',
    ]);
  });
});

describe('Syft\'s SPDX SBOM of Kong/atc-router', () => {
  const { doc } = readFixture('sbom', 'spdx-2.3-syft-kong-atc-router.json');

  it('names no subject (it DESCRIBES itself), so it needs `asset:`', () => {
    expect(errorOf(doc)).toBe('$.documentDescribes the SPDX document names no subject, so it cannot be matched to an asset; name the asset with `asset:` in ctem.yaml');
  });

  it('gives the named asset all 44 crates, with their purls', () => {
    const [a] = extract(doc, { asset: 'atc-router' });
    expect(a!.id).toBe('atc-router');
    expect(a!.components).toHaveLength(44);
    expect(independentCount(doc as Json)).toBe(44);
    expect(a!.components).toContainEqual({ name: 'atc-router', version: '1.0.5', purl: 'pkg:cargo/atc-router@1.0.5' });
  });
});

describe('the subject of an SPDX document', () => {
  const pkg = (id: string, name: string, extra: Json = {}) => ({ SPDXID: id, name, ...extra });

  it('is named by documentDescribes, or by a DESCRIBED_BY relationship', () => {
    const base = { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: [pkg('SPDXRef-app', 'shop', { versionInfo: '2.0' }), pkg('SPDXRef-lib', 'left-pad', { versionInfo: '1.3.0' })] };
    expect(extract({ ...base, documentDescribes: ['SPDXRef-app'] })[0]!).toMatchObject({ name: 'shop', components: [{ name: 'left-pad', version: '1.3.0' }] });
    const by = { ...base, relationships: [{ spdxElementId: 'SPDXRef-app', relationshipType: 'DESCRIBED_BY', relatedSpdxElement: 'SPDXRef-DOCUMENT' }] };
    expect(extract(by)[0]!.name).toBe('shop');
  });

  it('is an image when its purpose is CONTAINER, known by its digest', () => {
    const doc = {
      spdxVersion: 'SPDX-2.3', documentDescribes: ['SPDXRef-img'],
      packages: [pkg('SPDXRef-img', 'ghcr.io/acme/api', { versionInfo: 'sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108', primaryPackagePurpose: 'CONTAINER' })],
    };
    const [a] = extract(doc);
    expect(a!.type).toBe('image');
    expect(a!.aliases).toEqual(['ghcr.io/acme/api', 'ghcr.io/acme/api@sha256:4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108']);
  });
});

describe('a malformed SPDX document is rejected with the JSON path', () => {
  it.each([
    ['x', '$ must be an object (got string)'],
    [{ spdxVersion: 'SPDX-2.1', packages: [] }, '$.spdxVersion "SPDX-2.1" is not a supported SPDX version (SPDX-2.3 JSON; 2.2 is read alike)'],
    [{ packages: [] }, '$.spdxVersion is required'],
    [{ spdxVersion: 'SPDX-2.3', packages: [{ SPDXID: 'SPDXRef-a' }] }, '$.packages[0].name is required'],
    [{ spdxVersion: 'SPDX-2.3', packages: [{ SPDXID: 'SPDXRef-a', name: 'a', externalRefs: [{ referenceType: 'purl' }] }] }, '$.packages[0].externalRefs[0].referenceLocator is required'],
    [{ spdxVersion: 'SPDX-2.3', documentDescribes: 'SPDXRef-a', packages: [] }, '$.documentDescribes must be an array (got string)'],
  ])('%j', (doc, message) => {
    expect(errorOf(doc, { asset: 'x' })).toBe(message);
  });
});

describe('hostile SPDX content', () => {
  it('is carried as data', () => {
    const doc = JSON.parse(
      '{"spdxVersion":"SPDX-2.3","documentDescribes":["SPDXRef-a"],"__proto__":{"packages":[]},' +
        '"packages":[{"SPDXID":"SPDXRef-a","name":"constructor"},{"SPDXID":"SPDXRef-b","name":"__proto__","versionInfo":"\\u001b[31m1"}]}',
    ) as unknown;
    const [a] = extract(doc);
    expect(a!.name).toBe('constructor');
    expect(a!.id).toBe('constructor');
    expect(a!.components).toEqual([{ name: '__proto__', version: '\u001b[31m1' }]);
  });
});
