/**
 * Read the enrichment feeds named in ctem.yaml and build the per-exposure enrichment
 * function the cycle uses. Reading is the shell's job; parsing and scoring are pure.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCvssScorer,
  feedVersions,
  enrich as enrichFinding,
  isCvssError,
  parseEpss,
  parseKev,
  ssvcFor,
  type EpssFeed,
  type KevCatalog,
  type ParsedCvssVector,
} from '../enrich/index.ts';
import { ReportError, type Problem } from '../errors.ts';
import type { Decision } from '../model/decision.ts';
import type { Finding } from '../model/finding.ts';
import type { EnrichmentView } from '../prioritise/input-document.ts';
import type { Scope } from '../scope/match-scopes.ts';

export type Enricher = (f: Finding, scope: Scope | undefined) => EnrichmentView;

export interface LoadedFeeds {
  epss: EpssFeed | null;
  kev: KevCatalog | null;
}

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

export function decisionFeeds(feeds: LoadedFeeds): Decision['feeds'] {
  const v = feedVersions(feeds);
  return {
    epss: v.epss ? { model_version: v.epss.modelVersion, score_date: v.epss.scoreDate } : undefined,
    kev: v.kev ? { catalog_version: v.kev.catalogVersion } : undefined,
  };
}

/** The enrichment view of one exposure: EPSS, KEV, CVSS and the SSVC decision. */
export function createEnricher(feeds: LoadedFeeds): Enricher {
  const scorer = createCvssScorer();
  const parsed = (vector: string | null): ParsedCvssVector | null => {
    if (vector === null) return null;
    const r = scorer.parse(vector);
    return isCvssError(r) ? null : r;
  };
  return (f, scope) => {
    const e = enrichFinding(f, { epss: feeds.epss, kev: feeds.kev, cvss: scorer });
    const cvss = e.cvss;
    const ssvc = ssvcFor({
      kev: e.kev.listed,
      epss: e.epss?.score ?? null,
      cvss: parsed(cvss?.vector ?? null),
      criticality: scope?.criticality,
      crownJewel: scope?.crownJewel,
    });
    return {
      epss: e.epss ? { score: e.epss.score, percentile: e.epss.percentile } : null,
      kev: e.kev.listed
        ? { listed: true, date_added: e.kev.dateAdded, due_date: e.kev.dueDate, ransomware: e.kev.ransomware }
        : { listed: false },
      cvss: cvss ? { version: cvss.version, score: cvss.score, severity: cvss.severity, vector: cvss.vector ?? '' } : null,
      ssvc: {
        decision: ssvc.decision,
        exploitation: ssvc.inputs.exploitation,
        automatable: ssvc.inputs.automatable,
        technical_impact: ssvc.inputs.technicalImpact,
        mission_wellbeing: ssvc.inputs.missionWellbeing,
      },
    };
  };
}
