/**
 * The shared research corpus (real tool outputs) lives beside the project, not in it.
 * Files with an open licence are copied into test/fixtures/; the rest are read from the
 * corpus when it is present (CTEM_CORPUS, or ../shared/corpus next to the checkout),
 * and those tests are skipped, visibly, when it is not.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function corpusDir(): string | undefined {
  const candidates = [process.env.CTEM_CORPUS, join(repoRoot, '..', 'shared', 'corpus')];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

export const fixture = (...parts: string[]): string => join(repoRoot, 'test', 'fixtures', ...parts);
