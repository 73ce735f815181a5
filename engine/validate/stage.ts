/**
 * The validation stage of the cycle: match evidence (VEX, exploit confirmations,
 * manual records) to exposures, decide which exposures can open edges, build and
 * analyse the attack graph, and answer, per exposure, what validation found. Runs
 * between merging and prioritisation (engine/cycle.ts). Pure.
 */
import type { LoadedConfig } from '../config/load.ts';
import type { Problem } from '../errors.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { EvidenceRecord, ExploitConfirmation, ValidationResult, VexStatement } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import { findException, type CompiledException } from '../prioritise/exceptions.ts';
import { buildAssetIndex } from '../scope/asset-index.ts';
import type { Scope } from '../scope/match-scopes.ts';
import { buildAttackGraph, type AttackGraph } from './attack-graph.ts';
import { latestResult, matchExploitEvidence } from './exploit-evidence.ts';
import { attackPathThrough, graphFacts, type AttackPath, type GraphFacts } from './graph-facts.ts';
import { traversalRules } from './traversal.ts';
import { matchVex, type VexMatch } from './vex-match.ts';

/** Evidence read from the files `evidence:` in ctem.yaml names (engine/app/evidence.ts). */
export interface EvidenceSet {
  vex: VexStatement[];
  confirmations: ExploitConfirmation[];
}

export const NO_EVIDENCE: EvidenceSet = { vex: [], confirmations: [] };

export interface ValidationStageInput {
  config: Pick<LoadedConfig, 'scopes' | 'policies' | 'validations'>;
  assets: readonly InventoryAsset[];
  primaryScope: ReadonlyMap<string, Scope>;
  exposures: readonly Finding[];
  evidence: EvidenceSet;
  /**
   * Exposures an exception says are not exploitable as reported (a false positive,
   * not affected, a compensating control): they stay in the decisions but open no edge.
   */
  excused: (f: Finding) => boolean;
}

export interface ExposureValidation {
  graph: GraphFacts;
  /** The latest validation record says the exposure was shown exploitable. */
  confirmed: boolean;
  result: ValidationResult | null;
  vex: VexMatch | undefined;
  evidence: EvidenceRecord[];
  /** The shortest attack path through its asset, when it is on one. */
  attackPath: AttackPath | null;
}

export interface ValidationStage {
  graph: AttackGraph;
  of(f: Finding): ExposureValidation;
  problems: Problem[];
}

/** Exceptions of these types say the exposure cannot be used as reported. */
export const EXCUSING_EXCEPTION_TYPES: ReadonlySet<string> = new Set(['false-positive', 'not-affected', 'compensating-control']);

export function runValidationStage(input: ValidationStageInput): ValidationStage {
  // No closure here may read `input`: the stage outlives the cycle (`of`, `graph`), and
  // through `input` it would keep every exposure alive with it (docs/scale.md).
  const { primaryScope, excused } = input;
  const index = buildAssetIndex(input.assets);
  const known = (id: string) => index.byId.has(id);
  const assetVersion = (id: string) => {
    const attributes = index.byId.get(id)?.attributes;
    return attributes !== undefined && Object.hasOwn(attributes, 'version') ? String(attributes.version) : undefined;
  };
  const vex = matchVex(input.evidence.vex, input.exposures, { resolve: index.resolve, knownAsset: known, assetVersion });
  const exploit = matchExploitEvidence(input.evidence.confirmations, input.config.validations ?? [], input.exposures, {
    resolve: index.resolve,
    knownAsset: known,
    scopeOf: (f) => primaryScope.get(f.asset)?.id ?? null,
  });
  const enabling = (f: Finding): boolean => {
    const v = vex.byFingerprint.get(f.fingerprint);
    if (v !== undefined && v.effect !== 'recorded') return false;
    if (f.suppressed !== undefined || excused(f)) return false;
    return latestResult(exploit.byFingerprint.get(f.fingerprint)) !== 'not-exploitable';
  };
  const graph = buildAttackGraph({
    assets: input.assets,
    scopes: input.config.scopes,
    primaryScope: input.primaryScope,
    exposures: input.exposures,
    enabling,
    rules: traversalRules(input.config.policies),
  });
  const paths = new Map<string, AttackPath | null>();
  const pathOf = (asset: string) => {
    if (!paths.has(asset)) paths.set(asset, attackPathThrough(graph, asset));
    return paths.get(asset)!;
  };
  return {
    graph,
    problems: [...vex.problems, ...exploit.problems],
    of(f) {
      const evidence = exploit.byFingerprint.get(f.fingerprint) ?? [];
      const result = latestResult(evidence);
      const facts = graphFacts(graph, f, enabling);
      return {
        graph: facts,
        confirmed: result === 'confirmed',
        result,
        vex: vex.byFingerprint.get(f.fingerprint),
        evidence,
        attackPath: facts.on_path ? pathOf(f.asset) : null,
      };
    },
  };
}

/** Exposures an active exception of an excusing type covers (EXCUSING_EXCEPTION_TYPES). */
export function exceptionExcuses(
  exceptions: readonly CompiledException[],
  scopeOf: (f: Finding) => string | null,
  today: string,
): (f: Finding) => boolean {
  return (f) => {
    const e = findException(exceptions, f, scopeOf(f), today);
    return e !== undefined && EXCUSING_EXCEPTION_TYPES.has(e.config.type);
  };
}
