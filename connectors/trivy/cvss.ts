/**
 * Choosing one CVSS reference from Trivy's per-vendor `CVSS` map
 * (`{ "nvd": { "V3Vector": ..., "V3Score": ... }, "redhat": {...} }`).
 *
 * Vendors are tried in this order: `nvd` (the common reference other tools use too),
 * then the vendor named by `SeveritySource` (whose rating Trivy reports as Severity),
 * then the others alphabetically, so the choice never depends on key order.
 * Within a vendor the newest version wins (V40 over V3). A v3/v4 vector from any
 * vendor is preferred over a v2 one, which is used only when nothing newer exists.
 */
import type { CvssRef } from '../../engine/model/finding.ts';
import { cvssRef, highestCvss } from '../shared/cvss.ts';
import { unique } from '../shared/finding.ts';
import { asObject, optNumber, optObject, optString, own, type JsonObject, type JsonPath } from '../shared/json-reader.ts';

interface VendorCvss {
  modern?: CvssRef;
  v2?: CvssRef;
}

function readVendor(entry: JsonObject, path: JsonPath): VendorCvss {
  // A V3Vector without its `CVSS:3.x/` prefix is taken as 3.0, the version that allowed that.
  const v3 = cvssRef(optString(entry, 'V3Vector', path), optNumber(entry, 'V3Score', path), '3.0');
  const v4 = cvssRef(optString(entry, 'V40Vector', path), optNumber(entry, 'V40Score', path), '4.0');
  const v2 = cvssRef(optString(entry, 'V2Vector', path), optNumber(entry, 'V2Score', path), '2.0');
  return { modern: highestCvss([v3, v4]), v2 };
}

export function pickTrivyCvss(record: JsonObject, path: JsonPath): CvssRef | undefined {
  const map = optObject(record, 'CVSS', path);
  if (map === undefined) return undefined;
  const severitySource = optString(record, 'SeveritySource', path);

  // Read (and so validate) every vendor, not only the one chosen.
  const vendors = new Map<string, VendorCvss>();
  for (const key of Object.keys(map)) {
    vendors.set(key, readVendor(asObject(own(map, key), [...path, 'CVSS', key]), [...path, 'CVSS', key]));
  }
  const order = unique(['nvd', ...(severitySource !== undefined ? [severitySource] : []), ...[...vendors.keys()].sort()]);
  for (const vendor of order) {
    const modern = vendors.get(vendor)?.modern;
    if (modern !== undefined) return modern;
  }
  for (const vendor of order) {
    const v2 = vendors.get(vendor)?.v2;
    if (v2 !== undefined) return v2;
  }
  return undefined;
}
