/**
 * The enrichment layer: what the outside world says about a finding's
 * vulnerability (EPSS, CISA KEV) and what its CVSS vector scores, in the small,
 * flat shape policy rules read. Pure: feeds are parsed elsewhere (parseEpss,
 * parseKev) from bytes the shell has read, and passed in.
 *
 * enrich() runs once per finding, up to a million times a run, so it allocates
 * only its result: a shared constant for "not in KEV", and cached CVSS scores.
 */
import type { CvssRef } from '../model/finding.ts';
import { cvssSeverity, isCvssError, scoreCvss, type CvssScorer, type CvssSeverity, type CvssVersion } from './cvss.ts';
import type { EpssFeed } from './epss.ts';
import type { KevCatalog, KevEntry } from './kev.ts';

export { parseEpss, isCveId, EpssScores, type EpssFeed, type EpssScore } from './epss.ts';
export { parseKev, readKev, type KevCatalog, type KevEntry, type KevRansomwareUse } from './kev.ts';
export {
  createCvssScorer, scoreCvss, cvssSeverity, isCvssError, parseCvssVector, CVSS_VERSIONS,
  type CvssScorer, type CvssScore, type CvssResult, type CvssError, type CvssSeverity, type CvssVersion,
  type ParsedCvssVector,
} from './cvss.ts';
export * from './ssvc.ts';
export * from './ssvc-inputs.ts';

export interface EnrichFeeds {
  readonly epss?: EpssFeed | null;
  readonly kev?: KevCatalog | null;
  /** Scores CVSS vectors with a cache; without one each call scores from scratch. */
  readonly cvss?: CvssScorer;
}

/** The parts of a Finding that enrichment reads. */
export interface EnrichableFinding {
  readonly vulnerabilityId?: string;
  readonly aliases: readonly string[];
  readonly cvss?: CvssRef;
}

export interface EpssEnrichment {
  /** Probability of exploitation activity in the next 30 days. */
  readonly score: number;
  readonly percentile: number;
}

export interface KevEnrichment {
  readonly listed: boolean;
  readonly dateAdded?: string;
  readonly dueDate?: string;
  /** knownRansomwareCampaignUse === 'Known'. */
  readonly ransomware?: boolean;
}

export interface CvssEnrichment {
  readonly version: CvssVersion;
  /** The base score (CVSS-B for v4.0): comparable across findings and with NVD. */
  readonly score: number;
  readonly severity: CvssSeverity;
  /** The checked, canonical vector; null when only the scanner's score was usable. */
  readonly vector: string | null;
}

export interface Enrichment {
  /** null: no CVE of the finding is in the EPSS feed (or no feed was given). */
  readonly epss: EpssEnrichment | null;
  readonly kev: KevEnrichment;
  /** null: no usable vector and no score. */
  readonly cvss: CvssEnrichment | null;
}

const NOT_LISTED: KevEnrichment = Object.freeze({ listed: false });

/**
 * Enrich one finding. Its CVE ids are its vulnerabilityId and aliases (GHSA and
 * other ids are skipped: both feeds are keyed by CVE).
 * - epss: when several CVEs are scored (an advisory covering more than one), the
 *   highest probability is taken: the finding is as urgent as its worst CVE.
 * - kev: the first KEV-listed CVE, vulnerabilityId first.
 * - cvss: scored from the vector when it is valid (the vector is authoritative over
 *   a score the scanner states); otherwise the scanner's score, if it is one.
 */
export function enrich(finding: EnrichableFinding, feeds: EnrichFeeds): Enrichment {
  const epssScores = feeds.epss?.scores;
  const kevEntries = feeds.kev?.entries;
  let epss: EpssEnrichment | null = null;
  let kev: KevEntry | undefined;

  if (epssScores !== undefined || kevEntries !== undefined) {
    const { aliases } = finding;
    // Index -1 is vulnerabilityId: walks the ids without building an array.
    for (let i = -1; i < aliases.length; i++) {
      const cve = cveId(i < 0 ? finding.vulnerabilityId : aliases[i]);
      if (cve === undefined) continue;
      if (epssScores !== undefined) {
        const s = epssScores.get(cve);
        if (s !== undefined && (epss === null || s.epss > epss.score)) epss = { score: s.epss, percentile: s.percentile };
      }
      if (kev === undefined && kevEntries !== undefined) kev = kevEntries.get(cve);
    }
  }

  return {
    epss,
    kev:
      kev === undefined
        ? NOT_LISTED
        : {
            listed: true,
            dateAdded: kev.dateAdded,
            dueDate: kev.dueDate,
            ransomware: kev.knownRansomwareCampaignUse === 'Known',
          },
    cvss: cvssOf(finding.cvss, feeds.cvss),
  };
}

function cvssOf(ref: CvssRef | undefined, scorer: CvssScorer | undefined): CvssEnrichment | null {
  if (ref === undefined) return null;
  if (ref.vector !== undefined && ref.vector !== '') {
    const r = scorer !== undefined ? scorer.score(ref.vector, ref.version) : scoreCvss(ref.vector, ref.version);
    if (!isCvssError(r)) return { version: r.version, score: r.baseScore, severity: r.severity, vector: r.vector };
  }
  const score = ref.score;
  if (typeof score === 'number' && score >= 0 && score <= 10) {
    return { version: ref.version, score, severity: cvssSeverity(score, ref.version), vector: null };
  }
  return null;
}

/** The id as an upper-case CVE id, or undefined. Allocates only for a lower-case `cve-…`. */
function cveId(id: string | undefined): string | undefined {
  if (id === undefined || id.length < 13) return undefined;
  if (id.startsWith('CVE-')) return id;
  const lower = (i: number): number => id.charCodeAt(i) | 0x20;
  return lower(0) === 0x63 && lower(1) === 0x76 && lower(2) === 0x65 && id.charCodeAt(3) === 0x2d
    ? id.toUpperCase()
    : undefined;
}

export interface FeedVersions {
  readonly epss: { readonly modelVersion: string; readonly scoreDate: string } | null;
  readonly kev: { readonly catalogVersion: string; readonly dateReleased: string } | null;
}

/** Which feed data a run used: recorded with results so a decision can be reproduced. */
export function feedVersions(feeds: EnrichFeeds): FeedVersions {
  const { epss, kev } = feeds;
  return {
    epss: epss ? { modelVersion: epss.modelVersion, scoreDate: epss.scoreDate } : null,
    kev: kev ? { catalogVersion: kev.catalogVersion, dateReleased: kev.dateReleased } : null,
  };
}
