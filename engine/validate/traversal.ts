/**
 * When can an attacker move along an edge? When the asset it starts from has an open,
 * exploitable exposure of a class the edge's kind admits. The classes, the default
 * table and how a policy overrides it are documented in docs/validation.md. Pure.
 */
import type { AttackGraphConfig } from '../config/schema/validation.ts';
import type { Located } from '../config/load.ts';
import type { PolicyConfig } from '../config/schema/policy.ts';
import { FINDING_KINDS, type Finding, type Severity } from '../model/finding.ts';

export const EDGE_KINDS = ['network', 'trust', 'credentials', 'deploys-to', 'reads-from'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/**
 * The finding kinds themselves, plus derived classes:
 *  - remote-vulnerability: a vulnerability exploitable over the network (CVSS AV:N or AV:A, or no vector known);
 *  - code-execution: a critical or high vulnerability that is not availability-only, or a code-injection CWE;
 *  - data-access: a CWE that reads or reaches data it should not (injection into queries, path traversal, SSRF, XXE, broken access control);
 *  - any: every exploitable exposure.
 */
export const EXPOSURE_CLASSES = [...FINDING_KINDS, 'remote-vulnerability', 'code-execution', 'data-access', 'any'] as const;
export type ExposureClass = (typeof EXPOSURE_CLASSES)[number];

export const DEFAULT_TRAVERSAL: Readonly<Record<EdgeKind, readonly ExposureClass[]>> = {
  network: ['remote-vulnerability', 'misconfiguration', 'exposure'],
  credentials: ['secret'],
  trust: ['code-execution'],
  'deploys-to': ['code-execution'],
  'reads-from': ['data-access', 'code-execution'],
};

/** Exposures below this severity never open an edge. `unknown` counts as medium. */
export const DEFAULT_MIN_SEVERITY: Severity = 'medium';
/** How many choke points to rank, unless a policy says otherwise. */
export const DEFAULT_CHOKE_POINTS = 5;

export const CODE_EXECUTION_CWES: ReadonlySet<string> = new Set(
  ['CWE-77', 'CWE-78', 'CWE-88', 'CWE-94', 'CWE-95', 'CWE-96', 'CWE-98', 'CWE-434', 'CWE-502', 'CWE-917', 'CWE-1336'],
);
export const DATA_ACCESS_CWES: ReadonlySet<string> = new Set(
  ['CWE-22', 'CWE-23', 'CWE-36', 'CWE-73', 'CWE-89', 'CWE-90', 'CWE-611', 'CWE-639', 'CWE-643', 'CWE-862', 'CWE-863', 'CWE-918', 'CWE-943'],
);

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, unknown: 2, low: 1, info: 0 };

export interface TraversalRules {
  /** Bit mask of exposure classes each edge kind admits. */
  admits: Record<EdgeKind, number>;
  minSeverity: Severity;
  chokePoints: number;
  /** The policy file that set them, or undefined for the defaults. */
  file?: string;
}

export const classBit = (c: ExposureClass): number => 1 << EXPOSURE_CLASSES.indexOf(c);
const maskOf = (classes: readonly ExposureClass[]): number => classes.reduce((m, c) => m | classBit(c), 0);

/** The rules in force: the defaults, overridden kind by kind by the one policy file that has `attack_graph`. */
export function traversalRules(policies: readonly Located<PolicyConfig>[]): TraversalRules {
  const located = policies.find((p) => p.value.attack_graph !== undefined);
  const cfg: AttackGraphConfig = located?.value.attack_graph ?? {};
  const admits = {} as Record<EdgeKind, number>;
  for (const k of EDGE_KINDS) {
    const own = cfg.traversal && Object.hasOwn(cfg.traversal, k) ? cfg.traversal[k] : undefined;
    admits[k] = maskOf(own ?? DEFAULT_TRAVERSAL[k]);
  }
  return {
    admits,
    minSeverity: cfg.min_severity ?? DEFAULT_MIN_SEVERITY,
    chokePoints: cfg.choke_points ?? DEFAULT_CHOKE_POINTS,
    file: located?.file,
  };
}

/** The classes of an exposure, as a bit mask; 0 when it is below the minimum severity. */
export function exposureClassMask(f: Finding, minSeverity: Severity): number {
  if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[minSeverity]) return 0;
  let mask = classBit(f.kind) | ANY;
  if (f.kind === 'vulnerability') {
    const vector = f.cvss?.vector;
    const traits = vector === undefined ? undefined : vectorTraits(vector);
    if (traits === undefined || traits.remote) mask |= REMOTE_VULNERABILITY;
    if ((f.severity === 'critical' || f.severity === 'high') && !traits?.availabilityOnly) mask |= CODE_EXECUTION;
  }
  for (const c of f.cwe) {
    const cwe = c.toUpperCase();
    if (CODE_EXECUTION_CWES.has(cwe)) mask |= CODE_EXECUTION;
    if (DATA_ACCESS_CWES.has(cwe)) mask |= DATA_ACCESS;
  }
  return mask;
}

const ANY = classBit('any');
const REMOTE_VULNERABILITY = classBit('remote-vulnerability');
const CODE_EXECUTION = classBit('code-execution');
const DATA_ACCESS = classBit('data-access');

interface VectorTraits {
  /** Attack vector network or adjacent: AV:N or AV:A. */
  remote: boolean;
  /** CVSS v3 C:N/I:N, v4 VC:N/VI:N, v2 C:N/I:N: only availability is hit, nothing is run or read. */
  availabilityOnly: boolean;
}

/*
 * Every exposure is classed (building the graph, then its facts), and a fleet has a few hundred distinct
 * vectors: each is read once. A metric is one of the vector's '/'-separated parts exactly, case-blind.
 */
const traitsByVector = new Map<string, VectorTraits>();
const MAX_VECTORS = 10_000;

function vectorTraits(vector: string): VectorTraits {
  let t = traitsByVector.get(vector);
  if (t === undefined) {
    const parts = new Set(vector.toUpperCase().split('/'));
    t = { remote: parts.has('AV:N') || parts.has('AV:A'), availabilityOnly: (parts.has('C:N') && parts.has('I:N')) || (parts.has('VC:N') && parts.has('VI:N')) };
    if (traitsByVector.size < MAX_VECTORS) traitsByVector.set(vector, t);
  }
  return t;
}

/** Names of the classes in a mask, for messages and decisions. */
export const classNames = (mask: number): ExposureClass[] => EXPOSURE_CLASSES.filter((c) => (mask & classBit(c)) !== 0);
