/**
 * A decision: what ctem concluded about one exposure, and everything needed to
 * explain it later. Written to decisions.ndjson and the ledger; snake_case because
 * it is a file format read by people and other tools (docs/decisions.md).
 */
import type { Priority } from '../config/schema/common.ts';
import type { EvidenceRecord, ValidationResult, VexStatus } from './evidence.ts';
import type { FindingKind, Severity } from './finding.ts';

/** `suppressed`: at the source (a scanner's suppression) or by a VEX statement (`vex` says which). */
export type DecisionStatus = 'open' | 'excepted' | 'suppressed';

export interface DecisionRule {
  id: string;
  /** The policy file, relative to the repository root. */
  file: string;
  policy: string;
  /** Commit of the policy file's last change, when the repository is a Git checkout. */
  commit?: string;
}

export interface DecisionException {
  id: string;
  type: string;
  file: string;
  approver: string;
  expires: string;
  reason: string;
  effect: 'suppress' | 'downgrade';
  vex_justification?: string;
  ticket?: string;
  /** For a downgrade that lowered the priority: what the policy had decided. */
  downgraded_from?: Priority;
}

/** What the feeds and the CVSS vector said about the exposure when it was decided. */
export interface DecisionEnrichment {
  epss: { score: number; percentile: number } | null;
  kev: { listed: boolean; date_added?: string; due_date?: string; ransomware?: boolean };
  cvss: { version: string; score: number; severity: string; vector: string } | null;
  ssvc: { decision: string; exploitation: string; automatable: string; technical_impact: string; mission_wellbeing: string } | null;
}

/**
 * What the validation stage found (docs/validation.md); the facts are the
 * `validation.*` rules read. All but the first two are absent in decisions recorded
 * before ctem had a validation stage.
 */
export interface DecisionValidation {
  internet_exposed: boolean;
  crown_jewel: boolean;
  reachable?: boolean;
  on_path?: boolean;
  path_length?: number | null;
  paths_to_crown_jewels?: number;
  choke_point?: boolean;
  pivot?: boolean;
  confirmed?: boolean;
  result?: ValidationResult | null;
  vex?: VexStatus | null;
  /** The shortest entry → asset → crown-jewel path, when the asset is on one. */
  attack_path?: { assets: string[]; steps: { from: string; to: string; kinds: string[] }[] };
  /** Exploit confirmations and manual validation records, oldest first. */
  evidence?: EvidenceRecord[];
}

/** The VEX statement that applies to the exposure, as the audit record. */
export interface DecisionVex {
  status: VexStatus;
  /** As the document wrote it (a CycloneDX state such as `resolved`). */
  stated_status: string;
  /** What it did: suppressed the exposure, closed it, or was only recorded. */
  effect: 'not-affected' | 'fixed' | 'recorded';
  vulnerability: string;
  product: string;
  justification?: string;
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
  timestamp?: string;
  format: 'openvex' | 'cyclonedx-vex';
  document: string;
  /** JSON pointer to the statement in the document. */
  statement: string;
  document_id?: string;
  author?: string;
}

export interface Decision {
  fingerprint: string;
  asset: string;
  scope: string | null;
  owner: { team?: string; users?: string[] } | null;
  priority: Priority;
  status: DecisionStatus;
  /** Why the status is not `open`, in one line. */
  status_reason?: string;
  sla_days: number;
  first_seen: string;
  due_date: string;
  overdue: boolean;
  /** The rule that decided; `default` (file ctem.yaml) when no rule matched and `defaults.priority` applies. */
  rule: DecisionRule;
  labels: string[];
  /** The mobilisation route id, or null for none. */
  route: string | null;
  exception?: DecisionException;
  /** Every variable the deciding rule read, with the value it saw: `{"kev.listed": true}`. */
  inputs: Record<string, unknown>;
  feeds: {
    epss?: { model_version: string; score_date: string };
    kev?: { catalog_version: string };
  };
  /** The enrichment of this exposure (the `epss`, `kev`, `cvss` and `ssvc` of the input document). */
  enrichment: DecisionEnrichment;
  validation: DecisionValidation;
  vex?: DecisionVex;
  finding: {
    kind: FindingKind;
    rule_id: string;
    vulnerability_id?: string;
    aliases: string[];
    title: string;
    severity: Severity;
    package?: { name: string; installed_version?: string; fixed_versions: string[]; ecosystem?: string };
    location?: { path?: string; start_line?: number };
    tools: string[];
    sources: { connector: string; tool: string; file?: string; pointer: string }[];
  };
}
