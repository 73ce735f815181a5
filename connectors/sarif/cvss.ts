/**
 * A CVSS vector from a property bag, where a tool puts one. SARIF has no CVSS field;
 * Trivy writes `cvssv2_vector`/`cvssv2_score`, `cvssv3_vector`/`cvssv3_baseScore` and
 * `cvssv40_vector`/`cvssv40_baseScore` into rule properties. Any property whose name
 * mentions cvss and whose value is a well-formed vector is accepted; the score is read
 * from the sibling property with the same prefix (`cvssv3_` -> `cvssv3_baseScore` or
 * `cvssv3_score`). With several versions present the newest wins (4.0, 3.1, 3.0, 2.0).
 * Only the vector's syntax is checked here; its metric values are the scorer's concern.
 */
import type { CvssRef } from '../../engine/model/finding.ts';
import { field, sortedKeys, type JsonObject } from './json.ts';

const V3_V4 = /^CVSS:(3\.0|3\.1|4\.0)\/[A-Za-z]+:[A-Za-z]+(?:\/[A-Za-z]+:[A-Za-z]+)*$/;
// CVSS v2 vectors carry no prefix; the six base metrics are required, in order.
const V2 = /^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\/C:[NPC]\/I:[NPC]\/A:[NPC](?:\/[A-Za-z]+:[A-Za-z]+)*\)?$/;

const RANK: ReadonlyMap<CvssRef['version'], number> = new Map([
  ['4.0', 4],
  ['3.1', 3],
  ['3.0', 2],
  ['2.0', 1],
]);

export function cvssOf(...bags: Array<JsonObject | undefined>): CvssRef | undefined {
  let best: CvssRef | undefined;
  for (const bag of bags) {
    if (bag === undefined) continue;
    for (const key of sortedKeys(bag)) {
      if (!/cvss/i.test(key)) continue;
      const value = field(bag, key);
      if (typeof value !== 'string') continue;
      const ref = parseVector(value.trim());
      if (ref === undefined) continue;
      const score = siblingScore(bag, key);
      if (score !== undefined) ref.score = score;
      if (best === undefined || (RANK.get(ref.version) ?? 0) > (RANK.get(best.version) ?? 0)) best = ref;
    }
    if (best !== undefined) return best; // the result's own bag outranks its rule's
  }
  return best;
}

function parseVector(vector: string): CvssRef | undefined {
  const m = V3_V4.exec(vector);
  if (m?.[1] === '3.0' || m?.[1] === '3.1' || m?.[1] === '4.0') return { version: m[1], vector };
  if (V2.test(vector)) return { version: '2.0', vector: vector.replace(/^\(|\)$/g, '') };
  return undefined;
}

function siblingScore(bag: JsonObject, vectorKey: string): number | undefined {
  const underscore = vectorKey.lastIndexOf('_');
  if (underscore <= 0) return undefined;
  const prefix = vectorKey.slice(0, underscore + 1);
  for (const key of [`${prefix}baseScore`, `${prefix}score`]) {
    const raw = field(bag, key);
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (Number.isFinite(score) && score >= 0 && score <= 10) return score;
  }
  return undefined;
}
