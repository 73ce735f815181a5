/**
 * `--connector auto` relies on detect() being unambiguous: each scanner connector
 * recognises its own reports and none of the others'.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grypeConnector } from '../../../connectors/grype/index.ts';
import { osvScannerConnector } from '../../../connectors/osv-scanner/index.ts';
import { trivyConnector } from '../../../connectors/trivy/index.ts';
import { corpusDir } from '../../support/corpus.ts';
import { fixtureFiles, readFixture } from './fixture-files.ts';

const connectors = [trivyConnector, grypeConnector, osvScannerConnector];

/** Which connector should claim each fixture: scanner outputs only, not single OSV records. */
function expectedOwner(folder: string, file: string): string | undefined {
  if (folder === 'trivy') return 'trivy';
  if (folder === 'grype') return 'grype';
  return file.startsWith('record-') ? undefined : 'osv-scanner';
}

describe('detect() across the scanner fixtures', () => {
  const cases = ['trivy', 'grype', 'osv'].flatMap((folder) => fixtureFiles(folder).map((file) => [folder, file] as const));

  it.each(cases)('%s/%s is claimed by exactly the right connector', (folder, file) => {
    const { doc } = readFixture(folder, file);
    const claimedBy = connectors.filter((c) => c.detect(doc)).map((c) => c.name);
    const owner = expectedOwner(folder, file);
    expect(claimedBy).toEqual(owner === undefined ? [] : [owner]);
  });

  it('no connector claims non-objects', () => {
    for (const c of connectors) {
      for (const doc of [null, undefined, 42, 'text', [], [{ matches: [] }]]) expect(c.detect(doc)).toBe(false);
    }
  });

  const corpus = corpusDir();
  describe.skipIf(corpus === undefined)('against the SARIF files of the research corpus', () => {
    it('claims none of them', () => {
      const dir = join(corpus!, 'sarif');
      const files = readdirSync(dir).filter((f) => f.endsWith('.sarif'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const text = readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '');
        const doc = JSON.parse(text) as unknown;
        for (const c of connectors) expect({ file: f, connector: c.name, detected: c.detect(doc) }).toMatchObject({ detected: false });
      }
    });
  });
});
