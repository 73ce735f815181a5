/**
 * From what ctem knows about a finding to the four SSVC decision points. SSVC asks
 * questions a human analyst answers; these are the documented, mechanical
 * stand-ins ctem uses when nobody has. Every helper takes an explicit answer first:
 * an analyst's (or a policy's) value always wins over the heuristic.
 */
import type { Criticality } from '../config/schema/common.ts';
import type { CvssError, ParsedCvssVector } from './cvss-vector.ts';
import {
  ssvcDecision,
  type Automatable,
  type Exploitation,
  type MissionWellbeing,
  type SsvcDecision,
  type SsvcInputs,
  type TechnicalImpact,
} from './ssvc.ts';

/** A parsed vector, or what the scorer said about a bad one (treated as absent). */
export type CvssInput = ParsedCvssVector | CvssError | null | undefined;

const metricsOf = (cvss: CvssInput): ParsedCvssVector | undefined =>
  cvss !== null && cvss !== undefined && !('error' in cvss) ? cvss : undefined;

/**
 * EPSS probability at or above which a CVE is treated as having a public PoC.
 * EPSS is not a PoC flag: it estimates the chance of exploitation activity within
 * 30 days. A CVE that likely to be exploited is, for prioritising, as urgent as one
 * with known exploit code. 0.1 sits at about the 95th percentile (in the
 * 2026-09-29 scores, epss 0.09979 has percentile 0.95454), i.e. the top 5% of CVEs.
 * It is an option (`epssThreshold`), not a constant of nature.
 */
export const DEFAULT_EPSS_POC_THRESHOLD = 0.1;

export interface ExploitationEvidence {
  /** Listed in CISA KEV: CISA's own criterion for "active". */
  readonly kev?: boolean;
  /** Other credible reports of exploitation in the wild (vendor advisory, threat intel). */
  readonly exploitedInWild?: boolean;
  /** A public proof of concept is known (ExploitDB, Metasploit, a scanner's exploit flag). */
  readonly poc?: boolean;
  /** EPSS probability, if the CVE is scored. */
  readonly epss?: number | null;
  /** The finding's CVSS vector: its exploit-maturity metric, when set, is evidence too. */
  readonly cvss?: CvssInput;
}

/**
 * - active: KEV-listed, `exploitedInWild`, or a CVSS v4.0 vector with E:A (Attacked).
 * - public poc: `poc`, EPSS ≥ threshold, or a vector whose exploit maturity says
 *   exploit code exists: v4.0 E:P; v3.x E:P/F/H; v2 E:POC/F/H. (v3 E:H also covers
 *   "no exploit required", which is still not evidence of attacks in the wild.)
 * - none: otherwise.
 */
export function deriveExploitation(
  evidence: ExploitationEvidence,
  options: { epssThreshold?: number } = {},
): Exploitation {
  const parsed = metricsOf(evidence.cvss);
  const e = parsed?.metrics.get('E');
  if (evidence.kev === true || evidence.exploitedInWild === true) return 'active';
  if (parsed?.version === '4.0' && e === 'A') return 'active';
  if (evidence.poc === true) return 'public poc';
  const threshold = options.epssThreshold ?? DEFAULT_EPSS_POC_THRESHOLD;
  if (typeof evidence.epss === 'number' && evidence.epss >= threshold) return 'public poc';
  if (parsed !== undefined && e !== undefined) {
    if (parsed.version === '4.0' && e === 'P') return 'public poc';
    if ((parsed.version === '3.0' || parsed.version === '3.1') && (e === 'P' || e === 'F' || e === 'H')) return 'public poc';
    if (parsed.version === '2.0' && (e === 'POC' || e === 'F' || e === 'H')) return 'public poc';
  }
  return 'none';
}

/**
 * SSVC "automatable": can steps 1–4 of the kill chain (reconnaissance to
 * exploitation) be automated? From the base metrics, yes when the vulnerability is
 * reachable over the network with no special conditions, no privileges and no user:
 * - v4.0: the supplemental Automatable metric when set (AU:Y / AU:N is exactly this
 *   question), else AV:N, AC:L, AT:N, PR:N, UI:N;
 * - v3.x: AV:N, AC:L, PR:N, UI:N;
 * - v2: AV:N, AC:L, Au:N (v2 has no user-interaction metric).
 * No vector and no explicit answer: 'no'.
 */
export function deriveAutomatable(cvss: CvssInput, explicit?: boolean): Automatable {
  if (explicit !== undefined) return explicit ? 'yes' : 'no';
  const parsed = metricsOf(cvss);
  if (parsed === undefined) return 'no';
  const m = parsed.metrics;
  const all = (pairs: readonly [string, string][]): boolean => pairs.every(([k, v]) => m.get(k) === v);
  switch (parsed.version) {
    case '4.0': {
      const au = m.get('AU');
      if (au === 'Y') return 'yes';
      if (au === 'N') return 'no';
      return all([['AV', 'N'], ['AC', 'L'], ['AT', 'N'], ['PR', 'N'], ['UI', 'N']]) ? 'yes' : 'no';
    }
    case '3.0':
    case '3.1':
      return all([['AV', 'N'], ['AC', 'L'], ['PR', 'N'], ['UI', 'N']]) ? 'yes' : 'no';
    case '2.0':
      return all([['AV', 'N'], ['AC', 'L'], ['Au', 'N']]) ? 'yes' : 'no';
  }
}

/**
 * SSVC "technical impact": total when the exploit gives total control of the
 * software or total disclosure of its information. From the base impact metrics of
 * the vulnerable system: total only when confidentiality, integrity and
 * availability are all at their highest (v4.0 VC:H/VI:H/VA:H, v3.x C:H/I:H/A:H, v2
 * C:C/I:C/A:C); anything less is partial. Deliberately strict: C:H/I:H alone (read
 * and write the data, but not take over) stays partial. No vector: 'partial'.
 */
export function deriveTechnicalImpact(cvss: CvssInput, explicit?: TechnicalImpact): TechnicalImpact {
  if (explicit !== undefined) return explicit;
  const parsed = metricsOf(cvss);
  if (parsed === undefined) return 'partial';
  const m = parsed.metrics;
  const [c, i, a, top] =
    parsed.version === '4.0' ? ['VC', 'VI', 'VA', 'H'] : parsed.version === '2.0' ? ['C', 'I', 'A', 'C'] : ['C', 'I', 'A', 'H'];
  return m.get(c) === top && m.get(i) === top && m.get(a) === top ? 'total' : 'partial';
}

/**
 * SSVC "mission and well-being impact" from the scope that holds the asset. CISA's
 * levels: high = mission essential; medium = supports the mission; low = minimal.
 * ctem's four criticalities fold into three with only `critical` counted as
 * mission-essential, so that "high" stays rare enough to mean something; a crown
 * jewel is always high. Unscoped assets are medium: neither ignored nor escalated.
 * Pass a different mapping to change this.
 */
export const DEFAULT_MISSION_WELLBEING: Readonly<Record<Criticality, MissionWellbeing>> = {
  critical: 'high',
  high: 'medium',
  medium: 'medium',
  low: 'low',
};

export interface ScopeImportance {
  readonly criticality?: Criticality;
  readonly crownJewel?: boolean;
}

export function deriveMissionWellbeing(
  scope: ScopeImportance | null | undefined,
  explicit?: MissionWellbeing,
  mapping: Readonly<Record<Criticality, MissionWellbeing>> = DEFAULT_MISSION_WELLBEING,
): MissionWellbeing {
  if (explicit !== undefined) return explicit;
  if (scope?.crownJewel === true) return 'high';
  return scope?.criticality !== undefined ? mapping[scope.criticality] : 'medium';
}

export interface SsvcEvidence extends ExploitationEvidence, ScopeImportance {
  /** Explicit answers, which win over the heuristics. */
  readonly automatable?: boolean;
  readonly technicalImpact?: TechnicalImpact;
  readonly missionWellbeing?: MissionWellbeing;
}

export interface SsvcOptions {
  readonly epssThreshold?: number;
  readonly missionWellbeingMapping?: Readonly<Record<Criticality, MissionWellbeing>>;
}

/** All four decision points, derived as documented above. */
export function deriveSsvcInputs(evidence: SsvcEvidence, options: SsvcOptions = {}): SsvcInputs {
  return {
    exploitation: deriveExploitation(evidence, options),
    automatable: deriveAutomatable(evidence.cvss, evidence.automatable),
    technicalImpact: deriveTechnicalImpact(evidence.cvss, evidence.technicalImpact),
    missionWellbeing: deriveMissionWellbeing(evidence, evidence.missionWellbeing, options.missionWellbeingMapping),
  };
}

/** Derive the decision points and look the decision up. */
export function ssvcFor(evidence: SsvcEvidence, options: SsvcOptions = {}): { inputs: SsvcInputs; decision: SsvcDecision } {
  const inputs = deriveSsvcInputs(evidence, options);
  return { inputs, decision: ssvcDecision(inputs) };
}
