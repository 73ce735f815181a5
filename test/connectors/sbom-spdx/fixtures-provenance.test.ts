/**
 * The SBOM fixtures are third-party files: each is listed with an open licence in
 * test/fixtures/sbom/SOURCES.md and, when the research corpus is present, is a
 * byte-identical copy of the corpus file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, fixture } from '../../support/corpus.ts';
import { fixtureFiles, sourcesRows } from '../shared/fixture-files.ts';

const corpus = corpusDir();
const rows = sourcesRows('sbom');

describe('test/fixtures/sbom', () => {
  it('lists every fixture in SOURCES.md, and no file that is missing', () => {
    expect([...rows.keys()].sort()).toEqual(fixtureFiles('sbom'));
  });

  it.each(fixtureFiles('sbom'))('%s has an open licence, a source repository and a full commit id', (file) => {
    const row = rows.get(file)!;
    expect(row.licence).toMatch(/^(Apache-2\.0|MIT|BSD-[23]-Clause|CC0-1\.0|ISC)\b/);
    expect(row.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(row.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  describe.skipIf(corpus === undefined)('against the research corpus', () => {
    it.each(fixtureFiles('sbom'))('%s is byte-identical to the corpus copy', (file) => {
      const original = join(corpus!, 'sbom', file);
      expect(existsSync(original)).toBe(true);
      expect(readFileSync(fixture('sbom', file)).equals(readFileSync(original))).toBe(true);
    });
  });
});
