/**
 * What the validation stage adds to a decision: the `validation.*` facts rules read,
 * the records kept for audit (attack path, evidence, VEX statement) and the status a
 * VEX statement imposes. Kept here so engine/prioritise/decide.ts only wires them in. Pure.
 */
import type { DecisionValidation, DecisionVex } from '../model/decision.ts';
import type { ValidationView } from '../prioritise/input-document.ts';
import { NO_GRAPH_FACTS } from './graph-facts.ts';
import type { ExposureValidation } from './stage.ts';

/** The validation facts besides `internet_exposed` and `crown_jewel`, as rules read them. */
export type ValidationFacts = Omit<ValidationView, 'internet_exposed' | 'crown_jewel'>;

export function validationFields(v: ExposureValidation | undefined): ValidationFacts {
  const g = v?.graph ?? NO_GRAPH_FACTS;
  return {
    reachable: g.reachable,
    on_path: g.on_path,
    path_length: g.path_length,
    paths_to_crown_jewels: g.paths_to_crown_jewels,
    choke_point: g.choke_point,
    pivot: g.pivot,
    confirmed: v?.confirmed ?? false,
    result: v?.result ?? null,
    vex: v?.vex?.statement.status ?? null,
  };
}

/** The records a decision keeps beside the facts (absent when there are none). */
export function validationRecords(v: ExposureValidation | undefined): Pick<DecisionValidation, 'attack_path' | 'evidence'> {
  return {
    ...(v?.attackPath ? { attack_path: { assets: v.attackPath.assets, steps: v.attackPath.steps } } : {}),
    ...(v && v.evidence.length > 0 ? { evidence: v.evidence } : {}),
  };
}

/**
 * A VEX statement that suppresses the exposure (`not_affected` with a justification)
 * or closes it (`fixed`): either way it is no longer tracked, so its status is
 * `suppressed`, the reason says which, and `vex` keeps the statement.
 */
export function vexStatus(v: ExposureValidation | undefined): { status: 'suppressed'; reason: string } | undefined {
  const m = v?.vex;
  if (m === undefined || m.effect === 'recorded') return undefined;
  const s = m.statement;
  const why = s.justification ?? s.impactStatement;
  return m.effect === 'fixed'
    ? { status: 'suppressed', reason: `fixed according to VEX ${s.file} (${m.product})` }
    : { status: 'suppressed', reason: `not affected according to VEX ${s.file} (${m.product}): ${why}` };
}

export function decisionVex(v: ExposureValidation | undefined): DecisionVex | undefined {
  const m = v?.vex;
  if (m === undefined) return undefined;
  const s = m.statement;
  return {
    status: s.status,
    stated_status: s.statedStatus,
    effect: m.effect,
    vulnerability: s.vulnerability,
    product: m.product,
    justification: s.justification,
    impact_statement: s.impactStatement,
    action_statement: s.actionStatement,
    status_notes: s.statusNotes,
    timestamp: s.timestamp,
    format: s.format,
    document: s.file,
    statement: s.pointer,
    document_id: s.documentId,
    author: s.author,
  };
}
