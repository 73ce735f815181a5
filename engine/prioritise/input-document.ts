/**
 * The document every policy rule is evaluated against: one per exposure. Its shape
 * is the policy language's public interface (docs/policy.md), so it is built in one
 * place, with snake_case keys, and contains only plain data. Every field it may hold
 * is described in input-fields.ts, which `ctem validate` checks rules against: a new
 * field goes there too (test/engine/prioritise/input-fields.test.ts fails until it does).
 */
import type { InventoryAsset } from '../model/asset.ts';
import type { DecisionValidation } from '../model/decision.ts';
import { internList } from '../discover/intern.ts';
import type { Finding } from '../model/finding.ts';
import type { Scope } from '../scope/match-scopes.ts';

export interface EnrichmentView {
  epss: { score: number; percentile: number } | null;
  kev: { listed: boolean; date_added?: string; due_date?: string; ransomware?: boolean };
  cvss: { version: string; score: number; severity: string; vector: string } | null;
  ssvc: { decision: string; exploitation: string; automatable: string; technical_impact: string; mission_wellbeing: string } | null;
}

/** What the previous run decided about the same exposure, when the ledger knows it. */
export interface PreviousDecision {
  priority: string;
  /** YYYY-MM-DD. */
  due_date: string;
}

/**
 * SLA facts a rule may read. They come from the PREVIOUS decision, never from the one
 * being made: this run's due date depends on the priority the rules are deciding.
 */
export interface SlaView {
  previous_priority: string | null;
  previous_due_date: string | null;
  /** The previous due date is known and today (UTC) is after it. */
  overdue: boolean;
}

/** `validation.*`: scope facts, attack-graph facts and evidence (docs/validation.md). */
export type ValidationView = Required<Omit<DecisionValidation, 'attack_path' | 'evidence'>>;

export interface RuleInput {
  finding: {
    kind: string;
    rule_id: string;
    vulnerability_id: string | null;
    aliases: string[];
    cwe: string[];
    title: string;
    severity: string;
    tools: string[];
    package: { name: string; ecosystem: string | null; installed_version: string | null; fixed_versions: string[]; fixable: boolean } | null;
    path: string | null;
    suppressed: boolean;
    first_seen: string;
    age_days: number;
  };
  asset: {
    id: string;
    type: string;
    name: string | null;
    tags: string[];
    repository: string | null;
    exposure: string | null;
    attributes: Record<string, string | number | boolean>;
    known: boolean;
  };
  scope: {
    id: string | null;
    criticality: string | null;
    exposure: string | null;
    crown_jewel: boolean;
    data_classification: string[];
  };
  epss: EnrichmentView['epss'];
  kev: EnrichmentView['kev'];
  cvss: EnrichmentView['cvss'];
  ssvc: EnrichmentView['ssvc'];
  validation: ValidationView;
  sla: SlaView;
  now: string;
}

export interface InputContext {
  asset: InventoryAsset | undefined;
  scope: Scope | undefined;
  enrichment: EnrichmentView;
  validation: ValidationView;
  firstSeen: string;
  /** The previous decision about this exposure, if known. */
  previous?: PreviousDecision;
  now: string;
}

const DAY = 86_400_000;

export function buildRuleInput(f: Finding, ctx: InputContext): RuleInput {
  const a = ctx.asset;
  const s = ctx.scope;
  return {
    finding: {
      kind: f.kind,
      rule_id: f.ruleId,
      vulnerability_id: f.vulnerabilityId ?? null,
      aliases: f.aliases,
      cwe: f.cwe,
      title: f.title,
      severity: f.severity,
      tools: internList([...new Set(f.sources.map((x) => x.tool))].sort()),
      package: f.package
        ? {
            name: f.package.name,
            ecosystem: f.package.ecosystem ?? null,
            installed_version: f.package.installedVersion ?? null,
            fixed_versions: f.package.fixedVersions,
            fixable: f.package.fixedVersions.length > 0,
          }
        : null,
      path: f.location?.path ?? null,
      suppressed: f.suppressed !== undefined,
      first_seen: ctx.firstSeen,
      age_days: Math.max(0, Math.floor((Date.parse(ctx.now) - Date.parse(ctx.firstSeen)) / DAY)),
    },
    asset: {
      id: f.asset,
      type: a?.type ?? 'other',
      name: a?.name ?? null,
      tags: a?.tags ?? [],
      repository: a?.repository ?? null,
      exposure: a?.exposure ?? s?.exposure ?? null,
      attributes: a?.attributes ?? {},
      known: a !== undefined,
    },
    scope: {
      id: s?.id ?? null,
      criticality: s?.criticality ?? null,
      exposure: s?.exposure ?? null,
      crown_jewel: s?.crownJewel ?? false,
      data_classification: s?.dataClassification ?? [],
    },
    epss: ctx.enrichment.epss,
    kev: ctx.enrichment.kev,
    cvss: ctx.enrichment.cvss,
    ssvc: ctx.enrichment.ssvc,
    validation: ctx.validation,
    sla: slaView(ctx.previous, ctx.now),
    now: ctx.now,
  };
}

export function slaView(previous: PreviousDecision | undefined, now: string): SlaView {
  if (previous === undefined) return { previous_priority: null, previous_due_date: null, overdue: false };
  return { previous_priority: previous.priority, previous_due_date: previous.due_date, overdue: now.slice(0, 10) > previous.due_date };
}

/** Read a dotted path from the input document, own properties only. */
export function readPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of segmentsOf(path)) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return null;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

// The same few paths (each rule's variables) are read for every decision: split once.
const segments = new Map<string, readonly string[]>();
function segmentsOf(path: string): readonly string[] {
  let s = segments.get(path);
  if (s === undefined) {
    if (segments.size >= 10_000) segments.clear();
    segments.set(path, (s = path.split('.')));
  }
  return s;
}
