/**
 * The scanner fixtures are third-party files: each must be listed with an open
 * licence in its folder's SOURCES.md, and must be a byte-identical copy of the
 * research corpus file it claims to be (checked when the corpus is present).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, fixture } from '../../support/corpus.ts';
import { fixtureFiles, sourcesRows } from './fixture-files.ts';

const OPEN_LICENCES = /^(Apache-2\.0|MIT|BSD-[23]-Clause|CC0-1\.0|ISC)\b/;
const corpus = corpusDir();

describe.each(['trivy', 'grype', 'osv'])('test/fixtures/%s', (folder) => {
  const rows = sourcesRows(folder);

  it('lists every fixture file in SOURCES.md, and lists no file that is missing', () => {
    expect([...rows.keys()].sort()).toEqual(fixtureFiles(folder));
  });

  it.each(fixtureFiles(folder))('%s has an open licence, a source repository and a full commit id', (file) => {
    const row = rows.get(file)!;
    expect(row.licence).toMatch(OPEN_LICENCES);
    expect(row.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(row.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  describe.skipIf(corpus === undefined)('against the research corpus', () => {
    it.each(fixtureFiles(folder))('%s is byte-identical to the corpus copy', (file) => {
      const original = join(corpus!, folder, file);
      expect(existsSync(original)).toBe(true);
      expect(readFileSync(fixture(folder, file)).equals(readFileSync(original))).toBe(true);
    });
  });
});
