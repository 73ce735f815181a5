/**
 * Test access to real SARIF files: the openly licensed ones copied into
 * test/fixtures/sarif/, the rest read from the shared corpus when it is present.
 *
 * `parseSarifFile` parses on its own (it strips a BOM inline rather than calling the
 * connector's stripBom) so that counts and lookups made with it are independent of the
 * code under test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sarifConnector } from '../../../connectors/sarif/index.ts';
import type { DiscoveredFinding } from '../../../engine/model/finding.ts';
import { corpusDir, fixture } from '../../support/corpus.ts';

export const FIXTURE_DIR = fixture('sarif');

export function corpusSarifDir(): string | undefined {
  const root = corpusDir();
  return root === undefined ? undefined : join(root, 'sarif');
}

export const sarifNames = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.sarif'))
    .sort();

export const isCopied = (name: string): boolean => existsSync(join(FIXTURE_DIR, name));

export function sarifPath(name: string): string {
  if (isCopied(name)) return join(FIXTURE_DIR, name);
  const corpus = corpusSarifDir();
  if (corpus === undefined) throw new Error(`${name} is not a fixture and the corpus is not available`);
  return join(corpus, name);
}

export const readSarifText = (name: string): string => readFileSync(sarifPath(name), 'utf8');

/** Any JSON: the tests poke into documents the way a reader of the spec would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function parseSarifFile(name: string): Json {
  return JSON.parse(readSarifText(name).replace(/^\uFEFF/, ''));
}

export function extract(doc: unknown, file = 'test.sarif'): DiscoveredFinding[] {
  return [...sarifConnector.extract(doc, { file })];
}

export const extractFile = (name: string): DiscoveredFinding[] => extract(parseSarifFile(name), name);

/** The error `fn` throws (fails the test if it throws nothing). */
export function thrown(fn: () => unknown): Error & { path?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { path?: string };
  }
  throw new Error('expected an error, none was thrown');
}

/** A minimal valid log around the given runs, for hand-written cases. */
export function log(...runs: Json[]): Json {
  return { version: '2.1.0', runs };
}

export function run(results: Json[], driver: Json = { name: 'Tool' }, extra: Json = {}): Json {
  return { tool: { driver }, results, ...extra };
}
