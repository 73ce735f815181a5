/**
 * A CycloneDX JSON SBOM (spec 1.2 to 1.7) as an inventory entry: its subject
 * (`metadata.component`) is the asset, its components (nested ones included) are
 * the asset's `components`. See connectors/shared/sbom-asset.ts for the matching.
 */
import type { AssetComponent, InventoryAsset } from '../../engine/model/asset.ts';
import { asObject, fail, objectsIn, optObject, optString, own, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import { isDigest, packageComponents, sbomAsset, type SbomSubject } from '../shared/sbom-asset.ts';
import type { FileInventoryConnector } from '../types.ts';

export const SPEC_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;

export const sbomCyclonedxConnector: FileInventoryConnector = {
  name: 'sbom-cyclonedx',
  kind: 'inventory',
  format: 'json',
  description: 'The components of one asset, from a CycloneDX JSON SBOM (1.2 to 1.7).',
  options: ['asset'],
  extract(doc, ctx): InventoryAsset[] {
    const root = asObject(doc, []);
    if (own(root, 'bomFormat') !== 'CycloneDX') fail(['bomFormat'], 'must be "CycloneDX" (is this a CycloneDX JSON SBOM?)');
    const spec = reqString(root, 'specVersion', []);
    if (!(SPEC_VERSIONS as readonly string[]).includes(spec)) {
      fail(['specVersion'], `${JSON.stringify(spec.slice(0, 20))} is not a supported CycloneDX version (${SPEC_VERSIONS[0]} to ${SPEC_VERSIONS[SPEC_VERSIONS.length - 1]})`);
    }
    const metadata = optObject(root, 'metadata', []);
    const subjectPath: JsonPath = metadata ? ['metadata', 'component'] : ['metadata'];
    const subjectObj = metadata ? optObject(metadata, 'component', ['metadata']) : undefined;
    const subject = subjectObj ? readSubject(subjectObj, subjectPath) : undefined;
    return [sbomAsset(subject, subjectPath, packageComponents(allComponents(root)), ctx, 'CycloneDX SBOM')];
  },
  locate: () => ({ path: ['metadata', 'component'] }),
};

function readComponent(c: JsonObject, path: JsonPath): AssetComponent {
  const name = reqString(c, 'name', path);
  const version = optString(c, 'version', path);
  const purl = optString(c, 'purl', path);
  return { name, ...(version !== undefined ? { version } : {}), ...(purl !== undefined ? { purl } : {}) };
}

/** `components`, depth first in document order; a loop, not recursion, so hostile nesting cannot exhaust the stack. */
function* allComponents(root: JsonObject): Generator<AssetComponent> {
  const stack: { value: JsonObject; path: JsonPath }[] = objectsIn(root, 'components', []).reverse();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    yield readComponent(value, path);
    stack.push(...objectsIn(value, 'components', path).reverse());
  }
}

function readSubject(c: JsonObject, path: JsonPath): SbomSubject {
  const { name, version, purl } = readComponent(c, path);
  const type = own(c, 'type') === 'container' ? 'image' : 'other';
  const aliases: string[] = [];
  // Syft writes a container image's digest as its version; Trivy lists digests and tags as properties.
  if (type === 'image' && isDigest(version)) aliases.push(`${name}@${version}`);
  objectsIn(c, 'properties', path).forEach(({ value, path: p }) => {
    const n = optString(value, 'name', p);
    const v = optString(value, 'value', p);
    if (v !== undefined && (n === 'aquasecurity:trivy:RepoDigest' || n === 'aquasecurity:trivy:RepoTag')) aliases.push(v);
  });
  return { name, ...(purl !== undefined ? { purl } : {}), type, aliases };
}
