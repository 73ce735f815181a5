/**
 * Is this parsed document a Trivy JSON report? Only Trivy writes a numeric
 * `SchemaVersion` next to `ArtifactName` or `Results`. Any SchemaVersion is accepted
 * here so that an unsupported version is reported as such by extract, rather than
 * the file being left unrecognised.
 */
import { isJsonObject, own } from '../shared/json-reader.ts';

export function detectTrivy(doc: unknown): boolean {
  if (!isJsonObject(doc) || typeof own(doc, 'SchemaVersion') !== 'number') return false;
  return typeof own(doc, 'ArtifactName') === 'string' || Array.isArray(own(doc, 'Results'));
}
