/**
 * Large JSON reports are assembled from a token stream (stream-json) instead of one
 * giant string. The threshold is lowered here so that every fixture takes that path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../engine/discover/ingest.ts';
import { LARGE_JSON_BYTES, readJsonReport } from '../../../engine/discover/read-report.ts';
import { CtemError } from '../../../engine/errors.ts';
import { fixture } from '../../support/corpus.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('ctem-json-');
const STREAM = { largeBytes: -1 }; // every file, even an empty one, is larger than this

async function problemOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof CtemError) return e.problems[0]!;
    throw e;
  }
  throw new Error('expected a CtemError');
}

const reports = [
  ...readdirSync(fixture('trivy')).filter((f) => f.endsWith('.json')).map((f) => ['trivy', f]),
  ...readdirSync(fixture('grype')).filter((f) => f.endsWith('.json')).map((f) => ['grype', f]),
  ...readdirSync(fixture('sarif')).filter((f) => f.endsWith('.sarif')).map((f) => ['sarif', f]),
];

describe('reading a large JSON report from a stream', () => {
  it('streams only above the threshold, 64 MiB by default', () => {
    expect(LARGE_JSON_BYTES).toBe(64 * 1024 * 1024);
  });

  it.each(reports)('%s/%s assembles to exactly what JSON.parse gives', async (folder, name) => {
    const path = fixture(folder, name);
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    let expected: unknown;
    try {
      expected = JSON.parse(text);
    } catch {
      return; // the deliberately broken fixtures are covered below
    }
    expect(await readJsonReport(path, name, STREAM)).toEqual(expected);
  });

  it('gives the same findings as reading the report whole', async () => {
    for (const [folder, name] of [['trivy', 'trivy-gomod-vex.json'], ['sarif', 'codeql-2.24.2-python.sarif'], ['grype', 'grype-keycloak-21.0.2.json']] as const) {
      const whole = await ingestFile(fixture(folder, name), name, 'auto', (h) => h ?? 'x');
      const streamed = await ingestFile(fixture(folder, name), name, 'auto', (h) => h ?? 'x', { largeJsonBytes: 0 });
      expect(streamed.connector.name).toBe(whole.connector.name);
      expect(streamed.findings).toEqual(whole.findings);
    }
  });

  it('keeps `__proto__` keys as data, as JSON.parse does', async () => {
    const path = tmp.write('proto.json', '{"__proto__": {"polluted": true}, "a": [{"__proto__": 1}]}');
    const doc = (await readJsonReport(path, 'proto.json', STREAM)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.hasOwn(doc, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(doc).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": [{"__proto__": 1}]}'));
  });

  it('drops a UTF-8 byte order mark and keeps multi-byte text split across chunks', async () => {
    const text = `{"t": "${'é😀'.repeat(300_000)}"}`;
    const path = tmp.write('bom.json', `\uFEFF${text}`);
    expect(await readJsonReport(path, 'bom.json', STREAM)).toEqual(JSON.parse(text));
  });

  describe('names the file, line and column of a syntax error', () => {
    it('in a truncated report', async () => {
      const p = await problemOf(readJsonReport(fixture('config', 'truncated.trivy.json'), 'truncated.trivy.json', STREAM));
      const whole = await problemOf(readJsonReport(fixture('config', 'truncated.trivy.json'), 'truncated.trivy.json'));
      expect(p).toMatchObject({ code: 'json-syntax', file: 'truncated.trivy.json', line: whole.line });
      expect(p.message).toBe('not valid JSON: expected \',\' (byte 2000)');
    });

    it.each([
      ['garbage.json', '{\n  "a": 1,\n  "b": tru\n}', 3, 8, 'not valid JSON: expected a value (byte 19)'],
      ['trailing.json', '{"a": 1}\n{"b": 2}\n', 2, 1, 'not valid JSON: unexpected characters (byte 9)'],
      ['empty.json', '', 1, 1, 'not valid JSON: expected a value (byte 0)'],
    ])('%s', async (name, content, line, column, message) => {
      const path = tmp.write(name, content);
      const p = await problemOf(readJsonReport(path, name, STREAM));
      expect(p).toMatchObject({ code: 'json-syntax', file: name, line, column, message });
    });
  });

  it('says when the file is missing or a directory', async () => {
    expect(await problemOf(readJsonReport(tmp.dir + '/none.json', 'none.json', STREAM))).toMatchObject({ message: 'file not found', file: 'none.json' });
    expect(await problemOf(readJsonReport(tmp.dir, 'reports', STREAM))).toMatchObject({ message: 'is a directory, not a report file' });
  });
});
