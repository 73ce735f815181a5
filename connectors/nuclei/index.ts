/**
 * Nuclei results (https://docs.projectdiscovery.io/tools/nuclei): `nuclei -jsonl`
 * writes one JSON object per line, `-json-export` a JSON array of the same objects.
 * Each is a template that matched: `template-id`, `info` (name, severity,
 * `classification.cve-id`), `host`, `matched-at`, `ip`, `timestamp`.
 *
 * A match is an exploit confirmation for the CVEs its template classifies (and for a
 * template named after a CVE). Results run with `-matcher-status` that did not match
 * (`"matcher-status": false`) are skipped. Results without a CVE (technology
 * detection, exposed panels) are kept, with no vulnerability ids, and used for nothing.
 */
import { normaliseId } from '../shared/advisory-id.ts';
import { asObject, isJsonObject, optObject, optString, own, reqString, type JsonPath } from '../shared/json-reader.ts';
import { ReportError } from '../../engine/errors.ts';
import type { ExploitConfirmation } from '../../engine/model/evidence.ts';
import type { EvidenceBatch, EvidenceConnector } from '../evidence-types.ts';

const CVE = /^CVE-\d{4}-\d{4,}$/;

function looksLikeResult(v: unknown): boolean {
  return isJsonObject(v) && typeof own(v, 'template-id') === 'string' && (typeof own(v, 'matched-at') === 'string' || typeof own(v, 'host') === 'string');
}

export const nucleiConnector: EvidenceConnector = {
  name: 'nuclei',
  kind: 'evidence',
  format: 'text',
  description: 'Nuclei results (-jsonl or -json-export): matched templates as exploit confirmations for their CVEs.',
  detect(text) {
    if (typeof text !== 'string') return false;
    const body = text.replace(/^\uFEFF/, '').trimStart();
    try {
      if (body.startsWith('[')) {
        const arr = JSON.parse(body) as unknown;
        return Array.isArray(arr) && arr.length > 0 && looksLikeResult(arr[0]);
      }
      const first = body.split('\n', 1)[0] ?? '';
      return looksLikeResult(JSON.parse(first));
    } catch {
      return false;
    }
  },
  extract(text, ctx): EvidenceBatch {
    if (typeof text !== 'string') throw new ReportError('', 'expected the text of a Nuclei result file');
    const body = text.replace(/^\uFEFF/, '');
    const confirmations: ExploitConfirmation[] = [];
    if (body.trimStart().startsWith('[')) {
      let arr: unknown;
      try {
        arr = JSON.parse(body);
      } catch (e) {
        throw new ReportError('', `not valid JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(arr)) throw new ReportError('', 'must be a JSON array of results');
      arr.forEach((item, i) => {
        const c = readResult(item, [i], `/${i}`, ctx.file);
        if (c) confirmations.push(c);
      });
      return { vex: [], confirmations };
    }
    body.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        throw new ReportError('', `line is not valid JSON: ${(e as Error).message}`, i + 1);
      }
      try {
        const c = readResult(value, [], `line:${i + 1}`, ctx.file);
        if (c) confirmations.push(c);
      } catch (e) {
        if (e instanceof ReportError) throw new ReportError(e.path, e.message, i + 1);
        throw e;
      }
    });
    return { vex: [], confirmations };
  },
};

function readResult(value: unknown, path: JsonPath, pointer: string, file: string): ExploitConfirmation | undefined {
  const r = asObject(value, path);
  if (own(r, 'matcher-status') === false) return undefined;
  const check = reqString(r, 'template-id', path);
  const info = optObject(r, 'info', path);
  const ipath = [...path, 'info'];
  const classification = info ? optObject(info, 'classification', ipath) : undefined;
  const rawCves = classification ? own(classification, 'cve-id') : undefined;
  const cves = (Array.isArray(rawCves) ? rawCves : typeof rawCves === 'string' ? [rawCves] : [])
    .filter((x): x is string => typeof x === 'string')
    .map(normaliseId)
    .filter((x) => CVE.test(x));
  if (CVE.test(normaliseId(check))) cves.push(normaliseId(check));
  const targets = ['matched-at', 'host', 'url', 'ip']
    .map((k) => optString(r, k, path))
    .filter((x): x is string => x !== undefined);
  return {
    tool: 'nuclei',
    file,
    pointer,
    check,
    name: info ? optString(info, 'name', ipath) : undefined,
    severity: info ? optString(info, 'severity', ipath) : undefined,
    vulnerabilities: [...new Set(cves)].sort(),
    targets: [...new Set(targets)],
    timestamp: optString(r, 'timestamp', path),
  };
}
