/**
 * Fingerprints are stable: re-ingesting the same reports gives the same ones, and
 * changing only descriptions, titles, timestamps or the order of records changes
 * none. Checked over Trivy, SARIF and NDJSON inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../engine/discover/ingest.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { fixture } from '../../support/corpus.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('ctem-stable-');
const byHint = (h: string | undefined) => h ?? 'asset';

async function fingerprints(path: string, connector: string): Promise<string[]> {
  return (await ingestFile(path, path, connector, byHint)).findings.map((f) => f.fingerprint);
}

/** A copy of a JSON document with every string under the named keys rewritten. */
function rewrite(doc: unknown, keys: RegExp, change: (s: string) => string): unknown {
  if (Array.isArray(doc)) return doc.map((d) => rewrite(d, keys, change));
  if (typeof doc !== 'object' || doc === null) return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (keys.test(k) && typeof v === 'string') out[k] = change(v);
    else if (keys.test(k) && typeof v === 'object' && v !== null && !Array.isArray(v)) out[k] = rewrite(v, /^(text|markdown)$/, change);
    else out[k] = rewrite(v, keys, change);
  }
  return out;
}

const edited = (s: string) => `${s} (edited for the next release)`;
const later = (s: string) => (/^\d{4}-\d\d-\d\dT/.test(s) ? '2030-01-01T00:00:00Z' : s);

describe.each([
  ['trivy', 'trivy-ubuntu-1804.json', /^(Title|Description)$/, /Date$|^CreatedAt$/],
  ['trivy', 'trivy-gomod-vex.json', /^(Title|Description|Message)$/, /Date$|^CreatedAt$/],
  ['trivy', 'trivy-terraform-remote-module.json', /^(Title|Description|Message|Resolution)$/, /Date$|^CreatedAt$/],
  ['sarif', 'codeql-2.24.2-python.sarif', /^(shortDescription|fullDescription|help|message)$/, /TimeUtc$/],
  ['sarif', 'codeql-action-valid-2runs.sarif', /^(shortDescription|fullDescription|help|message)$/, /TimeUtc$/],
])('%s %s', (folder, name, descriptions, timestamps) => {
  const path = fixture(folder, name);
  const doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as unknown;

  it('gives identical fingerprints when ingested again', async () => {
    const first = await fingerprints(path, folder);
    expect(first.length).toBeGreaterThan(0);
    expect(await fingerprints(path, folder)).toEqual(first);
  });

  it('gives the same fingerprints when only descriptions and timestamps change', async () => {
    const changed = rewrite(rewrite(doc, descriptions, edited), timestamps, later);
    expect(JSON.stringify(changed)).not.toBe(JSON.stringify(doc)); // the edit did change the report
    const copy = tmp.write(`edited-${name}`, JSON.stringify(changed));
    expect(await fingerprints(copy, folder)).toEqual(await fingerprints(path, folder));
  });
});

describe('NDJSON', () => {
  it('read back with only descriptions, titles and timestamps changed, gives the same fingerprints', async () => {
    const original = (await ingestFile(fixture('trivy', 'trivy-gomod-vex.json'), 'vex', 'trivy', byHint)).findings;
    const asNdjson = (fs: Finding[]) => fs.map((f) => JSON.stringify(f)).join('\n') + '\n';
    const same = tmp.write('same.ndjson', asNdjson(original));
    const changed = tmp.write(
      'changed.ndjson',
      asNdjson(original.map((f) => ({ ...f, title: edited(f.title), description: edited(f.description ?? ''), firstSeen: '2020-01-01T00:00:00Z', lastSeen: '2030-01-01T00:00:00Z' }))),
    );
    const expected = original.map((f) => f.fingerprint);
    expect(await fingerprints(same, 'ndjson')).toEqual(expected);
    expect(await fingerprints(same, 'ndjson')).toEqual(expected);
    expect(await fingerprints(changed, 'ndjson')).toEqual(expected);
  });
});

it('does not depend on the order of records in a report', async () => {
  type Report = { Results: { Vulnerabilities?: unknown[] }[] };
  const doc = JSON.parse(readFileSync(fixture('trivy', 'trivy-ubuntu-1804.json'), 'utf8')) as Report;
  for (const r of doc.Results) r.Vulnerabilities?.reverse();
  const reversed = tmp.write('reversed.json', JSON.stringify(doc));
  const a = await fingerprints(fixture('trivy', 'trivy-ubuntu-1804.json'), 'trivy');
  const b = await fingerprints(reversed, 'trivy');
  expect(b).not.toEqual(a);
  expect([...b].sort()).toEqual([...a].sort());
});
