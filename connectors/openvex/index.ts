/**
 * OpenVEX documents (https://github.com/openvex/spec): v0.2.0 and the earlier shape
 * vexctl still writes and reads (`@context: https://openvex.dev/ns`, the
 * vulnerability as a string, products as strings, statement-level subcomponents).
 *
 * One VexStatement per statement and product, so a product's own subcomponents stay
 * with it. A statement without a timestamp takes its document's. The `statement`
 * field some vexctl samples carry (not in the schema) is ignored.
 */
import { normaliseId } from '../shared/advisory-id.ts';
import {
  asObject,
  fail,
  isJsonObject,
  objectsIn,
  optArray,
  optString,
  optStringArray,
  own,
  reqArray,
  reqString,
  type JsonObject,
  type JsonPath,
} from '../shared/json-reader.ts';
import { toJsonPointer } from '../../engine/model/json-path.ts';
import { VEX_STATUSES, type VexProduct, type VexStatement, type VexStatus } from '../../engine/model/evidence.ts';
import type { EvidenceBatch, EvidenceConnector } from '../evidence-types.ts';

const CONTEXT = /^https:\/\/openvex\.dev\/ns(\/v[\d.]+)?\/?$/;

export const openvexConnector: EvidenceConnector = {
  name: 'openvex',
  kind: 'evidence',
  format: 'json',
  description: 'OpenVEX documents (v0.2.0 and the earlier vexctl shape): not_affected, affected, fixed, under_investigation.',
  detect(doc) {
    if (!isJsonObject(doc)) return false;
    const context = own(doc, '@context');
    return typeof context === 'string' && CONTEXT.test(context) && Array.isArray(own(doc, 'statements'));
  },
  extract(doc, ctx): EvidenceBatch {
    const root = asObject(doc, []);
    const context = reqString(root, '@context', []);
    if (!CONTEXT.test(context)) fail(['@context'], `is not an OpenVEX context (got ${JSON.stringify(context.slice(0, 80))})`);
    const base = {
      file: ctx.file,
      documentId: optString(root, '@id', []),
      author: optString(root, 'author', []),
      timestamp: optString(root, 'timestamp', []) ?? optString(root, 'last_updated', []),
    };
    const vex: VexStatement[] = [];
    reqArray(root, 'statements', []).forEach((raw, i) => {
      const path: JsonPath = ['statements', i];
      const s = asObject(raw, path);
      const { vulnerability, aliases } = readVulnerability(s, path);
      const status = readStatus(s, path);
      const legacySubcomponents = optStringArray(s, 'subcomponents', path);
      const products = readProducts(s, path);
      if (products.length === 0) fail([...path, 'products'], 'must name at least one product');
      for (const p of products) {
        vex.push({
          format: 'openvex',
          ...base,
          pointer: toJsonPointer(p.path),
          vulnerability,
          aliases,
          products: [p.product],
          subcomponents: [...legacySubcomponents, ...p.subcomponents],
          status,
          statedStatus: status,
          justification: optString(s, 'justification', path),
          impactStatement: optString(s, 'impact_statement', path),
          actionStatement: optString(s, 'action_statement', path),
          statusNotes: optString(s, 'status_notes', path),
          timestamp: optString(s, 'timestamp', path) ?? optString(s, 'last_updated', path) ?? base.timestamp,
        });
      }
    });
    return { vex, confirmations: [] };
  },
};

function readVulnerability(s: JsonObject, path: JsonPath): { vulnerability: string; aliases: string[] } {
  const v = own(s, 'vulnerability');
  if (typeof v === 'string' && v !== '') return { vulnerability: normaliseId(v), aliases: [] };
  const o = asObject(v, [...path, 'vulnerability']);
  const vpath = [...path, 'vulnerability'];
  const name = optString(o, 'name', vpath) ?? optString(o, '@id', vpath);
  if (name === undefined) fail([...vpath, 'name'], 'is required');
  return { vulnerability: normaliseId(name), aliases: optStringArray(o, 'aliases', vpath).map(normaliseId) };
}

function readStatus(s: JsonObject, path: JsonPath): VexStatus {
  const status = reqString(s, 'status', path);
  if (!(VEX_STATUSES as readonly string[]).includes(status)) {
    fail([...path, 'status'], `must be one of ${VEX_STATUSES.join(', ')} (got ${JSON.stringify(status.slice(0, 40))})`);
  }
  return status as VexStatus;
}

/** A component's `@id` and its `identifiers` (purl, cpe), most specific first. */
function identifiersOf(o: JsonObject, path: JsonPath): string[] {
  const out: string[] = [];
  const id = optString(o, '@id', path);
  const idsObj = own(o, 'identifiers');
  if (isJsonObject(idsObj)) {
    for (const k of ['purl', 'cpe23', 'cpe22']) {
      const v = optString(idsObj, k, [...path, 'identifiers']);
      if (v !== undefined) out.push(v);
    }
  }
  if (id !== undefined) out.unshift(id);
  return [...new Set(out)];
}

function readProducts(s: JsonObject, path: JsonPath): { product: VexProduct; subcomponents: string[]; path: JsonPath }[] {
  return optArray(s, 'products', path).map((raw, j) => {
    const ppath: JsonPath = [...path, 'products', j];
    if (typeof raw === 'string' && raw !== '') return { product: { ref: raw, identifiers: [raw] }, subcomponents: [], path: ppath };
    const o = asObject(raw, ppath);
    const identifiers = identifiersOf(o, ppath);
    if (identifiers.length === 0) fail([...ppath, '@id'], 'is required');
    const subcomponents = objectsIn(o, 'subcomponents', ppath).flatMap((c) => identifiersOf(c.value, c.path).slice(0, 1));
    return { product: { ref: identifiers[0]!, identifiers }, subcomponents, path: ppath };
  });
}
