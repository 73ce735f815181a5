/**
 * CycloneDX VEX (https://cyclonedx.org/capabilities/vex/): `vulnerabilities[]` with an
 * `analysis.state`, each affecting products by `bom-ref` (`affects[].ref`), in the
 * same document (`metadata.component`, `components`) or in another BOM
 * (`urn:cdx:<serial>/<version>#<bom-ref>`). A bom-ref that is itself a purl names the
 * package; one that names a component of this document is matched by the component's
 * purl and name.
 *
 * States map onto the OpenVEX statuses: not_affected and false_positive → not_affected,
 * resolved and resolved_with_pedigree → fixed, exploitable → affected, in_triage →
 * under_investigation. Vulnerabilities without an analysis are reports, not VEX
 * statements, and are skipped. Per-version entries (`affects[].versions[]`) with an
 * exact `version` become statements of their own (their `status`: affected,
 * unaffected → not_affected, unknown → under_investigation); version ranges (`vers:`)
 * are not evaluated and are skipped (docs/validation.md).
 */
import { normaliseId } from '../shared/advisory-id.ts';
import {
  asObject,
  fail,
  isJsonObject,
  objectsIn,
  optObject,
  optString,
  own,
  reqArray,
  reqString,
  type JsonObject,
  type JsonPath,
} from '../shared/json-reader.ts';
import { toJsonPointer } from '../../engine/model/json-path.ts';
import type { VexProduct, VexStatement, VexStatus } from '../../engine/model/evidence.ts';
import type { EvidenceBatch, EvidenceConnector } from '../evidence-types.ts';

const STATES: ReadonlyMap<string, VexStatus> = new Map([
  ['not_affected', 'not_affected'],
  ['false_positive', 'not_affected'],
  ['resolved', 'fixed'],
  ['resolved_with_pedigree', 'fixed'],
  ['exploitable', 'affected'],
  ['in_triage', 'under_investigation'],
]);

const VERSION_STATUS: ReadonlyMap<string, VexStatus> = new Map([
  ['affected', 'affected'],
  ['unaffected', 'not_affected'],
  ['unknown', 'under_investigation'],
]);

interface Component {
  name?: string;
  version?: string;
  purl?: string;
}

export const cyclonedxVexConnector: EvidenceConnector = {
  name: 'cyclonedx-vex',
  kind: 'evidence',
  format: 'json',
  description: 'CycloneDX VEX (vulnerabilities[].analysis.state), standalone or inside a BOM.',
  detect(doc) {
    if (!isJsonObject(doc) || own(doc, 'bomFormat') !== 'CycloneDX') return false;
    const vulns = own(doc, 'vulnerabilities');
    return Array.isArray(vulns) && vulns.some((v) => isJsonObject(v) && isJsonObject(own(v, 'analysis')));
  },
  extract(doc, ctx): EvidenceBatch {
    const root = asObject(doc, []);
    if (own(root, 'bomFormat') !== 'CycloneDX') fail(['bomFormat'], 'must be "CycloneDX"');
    const metadata = optObject(root, 'metadata', []);
    const components = new Map<string, Component>();
    if (metadata) collectComponents([{ value: metadata, path: ['metadata'] }], 'component', components);
    collectComponents([{ value: root, path: [] }], 'components', components);
    const authors = metadata ? objectsIn(metadata, 'authors', ['metadata']) : [];
    const base = {
      format: 'cyclonedx-vex' as const,
      file: ctx.file,
      documentId: optString(root, 'serialNumber', []),
      author: authors.map((a) => optString(a.value, 'name', a.path)).find((n) => n !== undefined),
    };
    const docTime = metadata ? optString(metadata, 'timestamp', ['metadata']) : undefined;

    const vex: VexStatement[] = [];
    reqArray(root, 'vulnerabilities', []).forEach((raw, i) => {
      const path: JsonPath = ['vulnerabilities', i];
      const v = asObject(raw, path);
      const analysis = optObject(v, 'analysis', path);
      if (analysis === undefined) return;
      const apath = [...path, 'analysis'];
      const state = reqString(analysis, 'state', apath);
      const status = STATES.get(state);
      if (status === undefined) fail([...apath, 'state'], `must be one of ${[...STATES.keys()].join(', ')} (got ${JSON.stringify(state.slice(0, 40))})`);
      const id = normaliseId(reqString(v, 'id', path));
      const aliases = objectsIn(v, 'references', path)
        .map((r) => optString(r.value, 'id', r.path))
        .filter((x): x is string => x !== undefined)
        .map(normaliseId);
      const responses = own(analysis, 'response');
      const common = {
        ...base,
        vulnerability: id,
        aliases,
        subcomponents: [],
        justification: optString(analysis, 'justification', apath),
        impactStatement: optString(analysis, 'detail', apath),
        actionStatement: Array.isArray(responses) ? responses.filter((r) => typeof r === 'string').join(', ') || undefined : undefined,
        timestamp:
          optString(analysis, 'lastUpdated', apath) ?? optString(analysis, 'firstIssued', apath) ??
          optString(v, 'updated', path) ?? optString(v, 'published', path) ?? docTime,
      };
      objectsIn(v, 'affects', path).forEach(({ value: a, path: fpath }) => {
        const ref = reqString(a, 'ref', fpath);
        const versions = objectsIn(a, 'versions', fpath);
        if (versions.length === 0) {
          vex.push({ ...common, pointer: toJsonPointer(fpath), products: [productOf(ref, undefined, components)], status, statedStatus: state });
          return;
        }
        for (const { value: ver, path: vpath } of versions) {
          const version = optString(ver, 'version', vpath);
          if (version === undefined) continue; // a `range`: not evaluated
          const stated = optString(ver, 'status', vpath);
          const vstatus = stated === undefined ? status : VERSION_STATUS.get(stated);
          if (vstatus === undefined) fail([...vpath, 'status'], `must be one of affected, unaffected, unknown (got ${JSON.stringify(stated!.slice(0, 40))})`);
          vex.push({
            ...common,
            pointer: toJsonPointer(vpath),
            products: [productOf(ref, version, components)],
            status: vstatus,
            statedStatus: stated ?? state,
          });
        }
      });
    });
    return { vex, confirmations: [] };
  },
};

function collectComponents(parents: { value: JsonObject; path: JsonPath }[], key: string, into: Map<string, Component>): void {
  for (const parent of parents) {
    const raw = own(parent.value, key);
    const list = key === 'component' ? (isJsonObject(raw) ? [{ value: raw, path: [...parent.path, key] }] : []) : objectsIn(parent.value, key, parent.path);
    for (const c of list) {
      const ref = optString(c.value, 'bom-ref', c.path);
      if (ref !== undefined && !into.has(ref)) {
        into.set(ref, { name: optString(c.value, 'name', c.path), version: optString(c.value, 'version', c.path), purl: optString(c.value, 'purl', c.path) });
      }
      collectComponents([c], 'components', into);
    }
  }
}

/** `urn:cdx:<serial>/<version>#<bom-ref>` → `<bom-ref>`. */
const localRef = (ref: string): string => {
  const m = /^urn:cdx:[^#]*#(.+)$/i.exec(ref);
  return m ? decodeURIComponent(m[1]!) : ref;
};

function productOf(ref: string, version: string | undefined, components: ReadonlyMap<string, Component>): VexProduct {
  const local = localRef(ref);
  const c = components.get(local);
  const identifiers: string[] = [];
  const withVersion = (purl: string) => (version === undefined || /@[^/]*$/.test(purl.replace(/[?#].*$/, '')) ? purl : purl.replace(/([?#]|$)/, `@${version}$1`));
  if (c?.purl) identifiers.push(withVersion(c.purl));
  if (local.startsWith('pkg:')) identifiers.push(withVersion(local));
  if (c?.name) identifiers.push(c.name);
  if (!local.startsWith('pkg:')) identifiers.push(local);
  return { ref: version === undefined ? ref : `${ref}@${version}`, identifiers: [...new Set(identifiers)], ...(version !== undefined ? { version } : {}) };
}
