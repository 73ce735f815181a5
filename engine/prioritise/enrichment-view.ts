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
  // One object every decision shares: frozen.
  return Object.freeze({
    epss: v.epss ? Object.freeze({ model_version: v.epss.modelVersion, score_date: v.epss.scoreDate }) : undefined,
    kev: v.kev ? Object.freeze({ catalog_version: v.kev.catalogVersion }) : undefined,
  });
}

export function createEnricher(feeds: LoadedFeeds): Enricher {
  const scorer = createCvssScorer();
  const parsed = (vector: string | null): ParsedCvssVector | null => {
    if (vector === null) return null;
    const r = scorer.parse(vector);
    return isCvssError(r) ? null : r;
  };
  // The parts of a view repeat across exposures (one EPSS row per CVE, a few hundred CVSS vectors, a few dozen
  // SSVC outcomes): each distinct one is made once and shared, frozen — a million decisions record them.
  const parts = new Map<string, object>();
  const shared = <T extends object>(key: string, make: () => T): T => getOrMake(parts, key, () => Object.freeze(make())) as T;
  const notListed = Object.freeze({ listed: false });
  const view = createViews();
  const S = '\u0000';
  const make: Enricher = (f, scope) => {
    const e = enrichFinding(f, { epss: feeds.epss, kev: feeds.kev, cvss: scorer });
    const cvss = e.cvss;
    const ssvc = ssvcFor({
      kev: e.kev.listed,
      epss: e.epss?.score ?? null,
      cvss: parsed(cvss?.vector ?? null),
      criticality: scope?.criticality,
      crownJewel: scope?.crownJewel,
    });
    const epss = e.epss;
    const kev = e.kev;
    const { decision, inputs } = ssvc;
    return view({
      epss: epss ? shared(`e${S}${epss.score}${S}${epss.percentile}`, () => ({ score: epss.score, percentile: epss.percentile })) : null,
      kev: kev.listed
        ? shared(`k${S}${kev.dateAdded}${S}${kev.dueDate}${S}${kev.ransomware}`, () => ({ listed: true, date_added: kev.dateAdded, due_date: kev.dueDate, ransomware: kev.ransomware }))
        : notListed,
      cvss: cvss
        ? shared(`c${S}${cvss.version}${S}${cvss.score}${S}${cvss.severity}${S}${cvss.vector ?? ''}`, () => ({ version: cvss.version, score: cvss.score, severity: cvss.severity, vector: cvss.vector ?? '' }))
        : null,
      ssvc: shared(`s${S}${decision}${S}${inputs.exploitation}${S}${inputs.automatable}${S}${inputs.technicalImpact}${S}${inputs.missionWellbeing}`, () => ({
        decision,
        exploitation: inputs.exploitation,
        automatable: inputs.automatable,
        technical_impact: inputs.technicalImpact,
        mission_wellbeing: inputs.missionWellbeing,
      })),
    });
  };
  return rememberViews(make);
}

/*
 * A view depends only on the finding's ids and CVSS and on its scope's criticality and crown-jewel flag
 * (enrich reads `EnrichableFinding`; ssvcFor the scope's two), and those repeat across a fleet: the same
 * advisory on a thousand images. So each combination is enriched once, found again through a tree of
 * maps — the aliases list by identity (the interning shares one frozen list per advisory; a list that
 * is not frozen is not remembered), the rest by value. Bounded like the other pools.
 */
const MAX_REMEMBERED = 200_000;

function rememberViews(make: Enricher): Enricher {
  let root = new Map<unknown, unknown>();
  let size = 0;
  const NONE = Symbol('none');
  return (f, scope) => {
    // A list that is not frozen could change after it was remembered: enriched afresh.
    if (!Object.isFrozen(f.aliases)) return make(f, scope);
    const c = f.cvss;
    const level = levelAt(root, [f.aliases, f.vulnerabilityId, c === undefined ? NONE : c.version, c?.vector, c?.score, scope?.criticality]);
    const last = scope?.crownJewel;
    const hit = level.get(last) as EnrichmentView | undefined;
    if (hit !== undefined) return hit;
    if (size >= MAX_REMEMBERED) {
      root = new Map();
      size = 0;
      return make(f, scope);
    }
    const v = make(f, scope);
    level.set(last, v);
    size++;
    return v;
  };
}

/** One view object per distinct combination of (shared) parts. */
function createViews(): (v: EnrichmentView) => EnrichmentView {
  const byParts = new Map<unknown, unknown>();
  return (v) => getOrMake(levelAt(byParts, [v.epss, v.kev, v.cvss]), v.ssvc, () => Object.freeze(v)) as EnrichmentView;
}

/** The map at the end of a path of keys through a tree of maps, each level made on first use. */
function levelAt(root: Map<unknown, unknown>, path: readonly unknown[]): Map<unknown, unknown> {
  let level = root;
  for (const k of path) level = getOrMake(level, k, newMap) as Map<unknown, unknown>;
  return level;
}

/** The value under `k`, made and stored on first use. */
function getOrMake<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

const newMap = (): Map<unknown, unknown> => new Map();
