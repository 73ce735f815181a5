/**
 * Every OSV fixture: scanner outputs are ingested completely, one finding per
 * (package, group), counted here independently; single OSV records (advisories, not
 * scanner output) are not detected and are rejected with a located error.
 */
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';
import { osvScannerConnector } from '../../../connectors/osv-scanner/index.ts';
import { arr, extractAll, fixtureFiles, readFixture, resolvePointer, type Json } from '../shared/fixture-files.ts';

/**
 * The rule, restated: per package, one finding per group, plus one per vulnerability
 * that no group names.
 */
function countFindings(doc: Json): number {
  let n = 0;
  for (const result of arr(doc.results)) {
    for (const pkg of arr(result.packages)) {
      const grouped = new Set(arr(pkg.groups).flatMap((g) => g.ids as string[]));
      n += arr(pkg.groups).length + arr(pkg.vulnerabilities).filter((v) => !grouped.has(v.id as string)).length;
    }
  }
  return n;
}

const KNOWN_COUNTS: Record<string, number> = {
  'osv-scanner-results-debian.json': 11,
  'osv-scanner-results-go-rust.json': 2,
  'osv-scanner-results-multi-package.json': 3,
};

/** Scanner output has `results`; a single OSV record has `id` and `modified` instead. */
const isScannerOutput = (doc: Json): boolean => Array.isArray(doc.results);

const files = fixtureFiles('osv');
const outputs = files.filter((f) => isScannerOutput(readFixture('osv', f).doc as Json));
const records = files.filter((f) => !outputs.includes(f));

it('the fixture folder holds both scanner outputs and single records', () => {
  expect(outputs.length).toBeGreaterThan(0);
  expect(records.length).toBeGreaterThan(0);
});

describe.each(outputs)('OSV-Scanner output %s', (file) => {
  const { doc } = readFixture('osv', file);
  const findings = extractAll(osvScannerConnector, doc, `osv/${file}`);

  it('is detected as OSV-Scanner JSON', () => {
    expect(osvScannerConnector.detect(doc)).toBe(true);
  });

  it('yields exactly one finding per (package, group), by the independent count', () => {
    expect(findings).toHaveLength(countFindings(doc as Json));
    if (file in KNOWN_COUNTS) expect(findings).toHaveLength(KNOWN_COUNTS[file]!);
  });

  it('points each finding at its representative record, the first id of its group', () => {
    for (const f of findings) {
      const record = resolvePointer(doc, f.sources[0]!.pointer) as Json;
      expect(record.id).toBe(f.ruleId);
      const pkgPointer = f.sources[0]!.pointer.replace(/\/vulnerabilities\/\d+$/, '');
      const pkg = resolvePointer(doc, pkgPointer) as Json;
      expect((pkg.package as Json).name).toBe(f.package!.name);
      const group = arr(pkg.groups).find((g) => (g.ids as string[]).includes(record.id as string));
      if (group) expect((group.ids as string[])[0]).toBe(f.ruleId);
    }
  });

  it('counts no record twice: each package’s findings cover disjoint sets of ids', () => {
    const seen = new Set<string>();
    for (const f of findings) {
      const pkgPointer = f.sources[0]!.pointer.replace(/\/vulnerabilities\/\d+$/, '');
      for (const id of f.sources[0]!.nativeId!.split(',')) {
        const key = `${pkgPointer} ${id}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it('names OSV-Scanner and the input file, and targets the scanned source path', () => {
    for (const f of findings) {
      expect(f.sources[0]).toEqual(expect.objectContaining({ connector: 'osv-scanner', tool: 'OSV-Scanner', file: `osv/${file}` }));
      expect(f.sources[0]).not.toHaveProperty('toolVersion'); // the JSON does not state it
      const resultIndex = Number(f.sources[0]!.pointer.split('/')[2]);
      expect(f.target).toBe((arr((doc as Json).results)[resultIndex]!.source as Json).path);
    }
  });
});

describe.each(records)('single OSV record %s', (file) => {
  const { doc } = readFixture('osv', file);

  it('is not detected as OSV-Scanner output', () => {
    expect(osvScannerConnector.detect(doc)).toBe(false);
  });

  it('is rejected with a located error if forced through the connector', () => {
    expect(() => osvScannerConnector.extract(doc, { file })).toThrow(ReportError);
    try {
      osvScannerConnector.extract(doc, { file });
    } catch (e) {
      expect(e).toMatchObject({ path: '$.results', message: 'is required' });
    }
  });
});
