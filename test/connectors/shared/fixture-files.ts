/**
 * Test helpers for the scanner connectors: listing and reading fixture files, and
 * resolving the RFC 6901 pointers findings carry. Deliberately independent of the
 * connector code (no imports from connectors/shared), so a bug there cannot hide.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { DiscoveredFinding } from '../../../engine/model/finding.ts';
import type { JsonFindingConnector } from '../../../connectors/types.ts';
import { fixture } from '../../support/corpus.ts';

/** Every `.json` file of a fixture folder, sorted: new files are picked up by the tests automatically. */
export function fixtureFiles(folder: string): string[] {
  return readdirSync(fixture(folder))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function readFixture(folder: string, file: string): { raw: string; doc: unknown } {
  const raw = readFileSync(fixture(folder, file), 'utf8');
  return { raw, doc: JSON.parse(raw) as unknown };
}

export function extractAll(connector: JsonFindingConnector, doc: unknown, file = 'report.json'): DiscoveredFinding[] {
  return [...connector.extract(doc, { file })];
}

/** Resolve an RFC 6901 pointer in a parsed document (own properties only). */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else return undefined;
  }
  return node;
}

/** The rows of a fixture folder's SOURCES.md table: file name → licence column. */
export function sourcesRows(folder: string): Map<string, { licence: string; repo: string; commit: string }> {
  const text = readFileSync(fixture(folder, 'SOURCES.md'), 'utf8');
  const rows = new Map<string, { licence: string; repo: string; commit: string }>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const file = /^`([^`]+)`$/.exec(cells[1] ?? '');
    if (file) rows.set(file[1]!, { repo: cells[2]!, commit: (cells[4] ?? '').replace(/`/g, ''), licence: cells[5]! });
  }
  return rows;
}

// Plain JSON access for the independent counters in the tests.
export type Json = Record<string, unknown>;
export const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
