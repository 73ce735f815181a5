/**
 * Every real SARIF file we hold is either read completely or refused with a located error.
 * The files are listed from disk, so a file added to the fixtures or to the corpus is
 * covered without touching this test; the only list is the expected rejections.
 */
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';
import {
  FIXTURE_DIR,
  corpusSarifDir,
  extractFile,
  isCopied,
  parseSarifFile,
  sarifNames,
  thrown,
  type Json,
} from './sarif-files.ts';

/** Files that are not valid SARIF 2.1.0, and where the connector must say so. */
const EXPECTED_REJECTIONS: ReadonlyMap<string, string> = new Map([
  ['codeql-action-INVALID-results-number.sarif', '$.runs[0].results'],
  ['sdk-INVALID-extension-rules-bad-indices.sarif', '$.runs[0].results[0].ruleIndex'],
  ['sdk-prerelease-2.0.0-minimal.sarif', '$.version'],
  ['spec-2.2-draft-comprehensive.sarif', '$.version'],
]);

/** Independent of the connector: results that SARIF counts as findings (kind not pass/notApplicable). */
function countFindings(doc: Json): number {
  let n = 0;
  for (const run of doc.runs) {
    for (const result of run.results ?? []) if (result.kind !== 'pass' && result.kind !== 'notApplicable') n++;
  }
  return n;
}

/** Follow an RFC 6901 pointer by hand. */
function at(doc: Json, pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node: Json, token) => node?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

function checkFile(name: string): void {
  const rejectedAt = EXPECTED_REJECTIONS.get(name);
  if (rejectedAt !== undefined) {
    it(`refuses ${name} with an error located at ${rejectedAt}`, () => {
      const error = thrown(() => extractFile(name));
      expect(error).toBeInstanceOf(ReportError);
      expect(error.path).toBe(rejectedAt);
      expect(error.message).not.toContain('\n');
    });
    return;
  }
  it(`reads every result of ${name}, each pointing back at its own result`, () => {
    const doc = parseSarifFile(name);
    const findings = extractFile(name);
    expect(findings).toHaveLength(countFindings(doc));
    const pointers = findings.map((f) => f.sources[0]?.pointer ?? '');
    expect(new Set(pointers).size).toBe(pointers.length);
    for (const f of findings) {
      const source = f.sources[0];
      expect(source?.connector).toBe('sarif');
      expect(source?.file).toBe(name);
      const result = at(doc, source?.pointer ?? '');
      expect(typeof result).toBe('object');
      const runIndex = Number((source?.pointer ?? '').split('/')[2]);
      const driverName = doc.runs[runIndex].tool.driver.name;
      expect(source?.tool).toBe(typeof driverName === 'string' && driverName !== '' ? driverName : 'unknown');
      if (typeof result.ruleId === 'string') expect(f.ruleId).toBe(result.ruleId);
    }
  });
}

describe('SARIF fixtures (openly licensed copies in test/fixtures/sarif)', () => {
  const names = sarifNames(FIXTURE_DIR);

  it('holds the copied corpus files', () => {
    expect(names.length).toBeGreaterThanOrEqual(27);
  });

  for (const name of names) checkFile(name);
});

describe.skipIf(!corpusSarifDir())('SARIF corpus files that may not be copied (read in place)', () => {
  const dir = corpusSarifDir() ?? '';
  const names = dir === '' ? [] : sarifNames(dir).filter((n) => !isCopied(n));
  for (const name of names) checkFile(name);

  it('lists every expected rejection under a file that exists, and every INVALID file as a rejection', () => {
    const all = new Set([...sarifNames(FIXTURE_DIR), ...sarifNames(dir)]);
    for (const name of EXPECTED_REJECTIONS.keys()) expect(all.has(name), name).toBe(true);
    for (const name of all) if (name.includes('INVALID')) expect(EXPECTED_REJECTIONS.has(name), name).toBe(true);
  });

  it('only reads corpus files in place that are not in the fixtures', () => {
    for (const name of names) expect(isCopied(name)).toBe(false);
  });
});

describe('SARIF fixtures, whatever the corpus', () => {
  it('marks every INVALID fixture as an expected rejection', () => {
    for (const name of sarifNames(FIXTURE_DIR)) {
      if (name.includes('INVALID')) expect(EXPECTED_REJECTIONS.has(name), name).toBe(true);
    }
  });
});
