/**
 * The enrichment view of one exposure — EPSS, KEV, CVSS and the SSVC decision — as
 * the input document's `epss`, `kev`, `cvss` and `ssvc` show it. Pure: the feeds
 * are already parsed. A real run (engine/app/feeds.ts) and a policy test
 * (engine/policy/tests/) both build their enrichment here, so a test sees exactly
 * what a run would.
 */
import {
  createCvssScorer,
  enrich as enrichFinding,
  feedVersions,
  isCvssError,
  ssvcFor,
  type EpssFeed,
  type KevCatalog,
  type ParsedCvssVector,
} from '../enrich/index.ts';
import type { Decision } from '../model/decision.ts';
import type { Finding } from '../model/finding.ts';
import type { Scope } from '../scope/match-scopes.ts';
import type { EnrichmentView } from './input-document.ts';

export type Enricher = (f: Finding, scope: Scope | undefined) => EnrichmentView;

export interface LoadedFeeds {
  epss: EpssFeed | null;
  kev: KevCatalog | null;
}

/** The feed versions every decision records. */
export function decisionFeeds(feeds: LoadedFeeds): Decision['feeds'] {
  const v = feedVersions(feeds);
  return {
    epss: v.epss ? { model_version: v.epss.modelVersion, score_date: v.epss.scoreDate } : undefined,
    kev: v.kev ? { catalog_version: v.kev.catalogVersion } : undefined,
  };
}

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
