/**
 * A decision: what ctem concluded about one exposure, and everything needed to
 * explain it later. Written to decisions.ndjson and the ledger; snake_case because
 * it is a file format read by people and other tools (docs/decisions.md).
 */
import type { Priority } from '../config/schema/common.ts';
import type { FindingKind, Severity } from './finding.ts';

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
  validation: { internet_exposed: boolean; crown_jewel: boolean };
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
