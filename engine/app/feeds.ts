/**
 * Read the enrichment feeds named in ctem.yaml and build the per-exposure enrichment
 * function the cycle uses. Reading is the shell's job; parsing and scoring are pure.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEpss, parseKev } from '../enrich/index.ts';
import { ReportError, type Problem } from '../errors.ts';
import type { Decision } from '../model/decision.ts';
import { createEnricher, decisionFeeds, type Enricher, type LoadedFeeds } from '../prioritise/enrichment-view.ts';

// The enrichment itself is pure and shared with policy tests; re-exported for callers of this module.
export { createEnricher, decisionFeeds, type Enricher, type LoadedFeeds };

export async function loadFeeds(
  root: string,
  paths: { epss?: string; kev?: string },
): Promise<{ enrich: Enricher; versions: Decision['feeds']; problems: Problem[] }> {
  const problems: Problem[] = [];
  const read = async <T>(file: string | undefined, parse: (bytes: Uint8Array) => T): Promise<T | null> => {
    if (file === undefined) return null;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(root, file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({ code: 'bad-feed', severity: 'error', message: code === 'ENOENT' ? 'feed file not found' : `cannot read feed (${code})`, file, hint: 'run `ctem feeds update`, or fix the path in ctem.yaml' });
      return null;
    }
    try {
      return parse(bytes);
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
      problems.push({ code: 'bad-feed', severity: 'error', message: `malformed feed: ${err.line === undefined ? `${err.path} ` : ''}${err.message}`, file, line: err.line, path: err.line === undefined ? err.path : undefined });
      return null;
    }
  };
  const feeds: LoadedFeeds = { epss: await read(paths.epss, parseEpss), kev: await read(paths.kev, parseKev) };
  return { enrich: createEnricher(feeds), versions: decisionFeeds(feeds), problems };
}
