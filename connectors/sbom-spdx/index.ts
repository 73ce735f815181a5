/**
 * An SPDX 2.3 JSON SBOM (2.2 is read the same way) as an inventory entry: the
 * package the document describes (`documentDescribes`, or a DESCRIBES
 * relationship from the document) is the asset, every other package that names a
 * version or purl is one of its `components`. See connectors/shared/sbom-asset.ts.
 */
import type { AssetComponent, InventoryAsset } from '../../engine/model/asset.ts';
import { asObject, fail, objectsIn, optString, optStringArray, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { isDigest, packageComponents, sbomAsset, type SbomSubject } from '../shared/sbom-asset.ts';
import type { FileInventoryConnector } from '../types.ts';

export const SPDX_VERSIONS = ['SPDX-2.2', 'SPDX-2.3'] as const;

interface SpdxPackage {
  id: string;
  component: AssetComponent;
  path: JsonPath;
  purpose?: string;
}

export const sbomSpdxConnector: FileInventoryConnector = {
  name: 'sbom-spdx',
  kind: 'inventory',
  format: 'json',
  description: 'The components of one asset, from an SPDX 2.3 JSON SBOM.',
  options: ['asset'],
  extract(doc, ctx): InventoryAsset[] {
    const root = asObject(doc, []);
    const version = reqString(root, 'spdxVersion', []);
    if (!(SPDX_VERSIONS as readonly string[]).includes(version)) {
      fail(['spdxVersion'], `${JSON.stringify(version.slice(0, 20))} is not a supported SPDX version (SPDX-2.3 JSON; 2.2 is read alike)`);
    }
    const docId = optString(root, 'SPDXID', []) ?? 'SPDXRef-DOCUMENT';
    const packages = objectsIn(root, 'packages', []).map(({ value, path }) => readPackage(value, path));
    const described = describedIds(root, docId);
    const subjectPkg = packages.find((p) => described.has(p.id));
    const subject = subjectPkg ? toSubject(subjectPkg) : undefined;
    const subjectPath: JsonPath = subjectPkg ? subjectPkg.path : ['documentDescribes'];
    const components = packageComponents(packages.filter((p) => p !== subjectPkg).map((p) => p.component));
    return [sbomAsset(subject, subjectPath, components, ctx, 'SPDX document')];
  },
};

function readPackage(p: JsonObject, path: JsonPath): SpdxPackage {
  const id = reqString(p, 'SPDXID', path);
  const name = reqString(p, 'name', path);
  const version = optString(p, 'versionInfo', path);
  let purl: string | undefined;
  objectsIn(p, 'externalRefs', path).forEach(({ value, path: refPath }) => {
    if (purl === undefined && optString(value, 'referenceType', refPath) === 'purl') purl = reqString(value, 'referenceLocator', refPath);
  });
  const purpose = optString(p, 'primaryPackagePurpose', path);
  return {
    id,
    path,
    component: { name, ...(version !== undefined ? { version } : {}), ...(purl !== undefined ? { purl } : {}) },
    ...(purpose !== undefined ? { purpose } : {}),
  };
}

/** What the document says it describes: `documentDescribes` and DESCRIBES / DESCRIBED_BY relationships. */
function describedIds(root: JsonObject, docId: string): Set<string> {
  const ids = new Set(optStringArray(root, 'documentDescribes', []));
  objectsIn(root, 'relationships', []).forEach(({ value, path }) => {
    const type = optString(value, 'relationshipType', path);
    const from = optString(value, 'spdxElementId', path);
    const to = optString(value, 'relatedSpdxElement', path);
    if (type === 'DESCRIBES' && from === docId && to !== undefined) ids.add(to);
    if (type === 'DESCRIBED_BY' && to === docId && from !== undefined) ids.add(from);
  });
  ids.delete(docId);
  return ids;
}

function toSubject(p: SpdxPackage): SbomSubject {
  const type = p.purpose === 'CONTAINER' ? 'image' : 'other';
  const { name, version, purl } = p.component;
  const aliases = type === 'image' && isDigest(version) ? [`${name}@${version}`] : [];
  return { name, ...(purl !== undefined ? { purl } : {}), type, aliases };
}
