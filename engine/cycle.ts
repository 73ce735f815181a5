/**
 * One CTEM cycle as a pure function: scope → discover (merge) → validate →
 * prioritise → mobilise (plan). Everything it needs is passed in; everything it
 * concludes is returned. The CLI, the GitHub Action, `ctem plan` and the tests all
 * call this.
 */
import type { LoadedConfig } from './config/load.ts';
import type { Problem } from './errors.ts';
import { mergeFindings } from './discover/merge.ts';
import type { InventoryAsset } from './model/asset.ts';
import type { Decision } from './model/decision.ts';
import type { Finding } from './model/finding.ts';
import { desiredIssues, type DesiredIssue } from './mobilise/desired-issues.ts';
import { defineLazyBody } from './mobilise/lazy-body.ts';
import { reconcile, type ExistingIssue, type Plan, type RenderedIssue } from './mobilise/plan.ts';
import { createRenderer, renderIssueBody } from './mobilise/render.ts';
import type { PolicySet } from './policy/compile-policy.ts';
import { decide } from './prioritise/decide.ts';
import { compileExceptions, expiredExceptionWarnings } from './prioritise/exceptions.ts';
import type { EnrichmentView, PreviousDecision } from './prioritise/input-document.ts';
import type { RuleError } from './prioritise/evaluate.ts';
import { assignScopes, compileScope, type Scope } from './scope/match-scopes.ts';
import { exceptionExcuses, NO_EVIDENCE, runValidationStage, type EvidenceSet, type ValidationStage } from './validate/stage.ts';

export interface CycleInput {
  config: LoadedConfig;
  policy: PolicySet;
  assets: readonly InventoryAsset[];
  findings: readonly Finding[];
  enrich: (f: Finding, scope: Scope | undefined) => EnrichmentView;
  feeds: Decision['feeds'];
  policyCommits: ReadonlyMap<string, string>;
  firstSeen: ReadonlyMap<string, string>;
  /** The previous decision per exposure (from the ledger), read by rules as `sla.*`. */
  previous?: ReadonlyMap<string, PreviousDecision>;
  existingIssues: readonly ExistingIssue[];
  /** Validation evidence the shell read (VEX, exploit confirmations: engine/app/evidence.ts); absent: none. */
  evidence?: EvidenceSet;
  now: string;
  /**
   * Decide only the exposures this accepts: one shard's share of a sharded run
   * (engine/shard/). Every exposure is still merged and validated (the attack graph
   * spans assets); absent: all.
   */
  select?: (f: Finding) => boolean;
}

export interface CycleResult {
  exposures: Finding[];
  decisions: Decision[];
  issues: RenderedIssue[];
  plan: Plan;
  unscoped: InventoryAsset[];
  problems: Problem[];
  ruleErrors: (RuleError & { fingerprint: string })[];
  /** The validation stage: the attack graph and what was found per exposure. */
  validation?: ValidationStage;
}

export function runCycle(input: CycleInput): CycleResult {
  const scopes = input.config.scopes.map((s) => compileScope(s.value, s.file));
  const assignment = assignScopes(input.assets, scopes);
  const assets = new Map(input.assets.map((a) => [a.id, a]));
  const exposures = mergeFindings(input.findings);
  const exceptions = compileExceptions(input.config.exceptions);
  const scopeIdOf = (f: Finding) => assignment.primaryOf.get(f.asset)?.id ?? null;
  const validation = runValidationStage({
    config: input.config,
    assets: input.assets,
    primaryScope: assignment.primaryOf,
    exposures,
    evidence: input.evidence ?? NO_EVIDENCE,
    excused: exceptionExcuses(exceptions, scopeIdOf, input.now.slice(0, 10)),
  });

  const decisions: Decision[] = [];
  const ruleErrors: CycleResult['ruleErrors'] = [];
  for (const f of exposures) {
    if (input.select !== undefined && !input.select(f)) continue;
    const r = decide(f, {
      policy: input.policy,
      exceptions,
      assets,
      primaryScope: assignment.primaryOf,
      enrich: input.enrich,
      feeds: input.feeds,
      policyCommits: input.policyCommits,
      firstSeen: input.firstSeen,
      previous: input.previous,
      validated: validation.of,
      now: input.now,
    });
    decisions.push(r.decision);
    for (const e of r.ruleErrors) ruleErrors.push({ ...e, fingerprint: f.fingerprint });
  }

  const { issues, plan, problems } = planIssues(decisions, { config: input.config, policy: input.policy, assets, existingIssues: input.existingIssues, now: input.now });
  const today = input.now.slice(0, 10);
  problems.push(...expiredExceptionWarnings(exceptions, exposures, (f) => assignment.primaryOf.get(f.asset)?.id ?? null, today));
  problems.push(...validation.problems);
  return { exposures, decisions, issues, plan, unscoped: assignment.unscoped, problems, ruleErrors, validation };
}

export interface PlanContext {
  config: LoadedConfig;
  policy: PolicySet;
  assets: ReadonlyMap<string, InventoryAsset>;
  existingIssues: readonly ExistingIssue[];
  now: string;
  /** Issue bodies already rendered, by issue key (the shards' of a sharded run): reused, not rendered again. */
  bodies?: ReadonlyMap<string, string>;
}

/** Decisions → the desired issues, rendered, and the plan against the issues that exist. */
export function planIssues(decisions: readonly Decision[], ctx: PlanContext): { issues: RenderedIssue[]; plan: Plan; problems: Problem[] } {
  const { issues: desired, problems } = desiredIssues(decisions, {
    routes: ctx.policy.routes,
    assets: ctx.assets,
    centralRepository: ctx.config.ctem.value.github?.central_repository,
    trackingLabel: ctx.config.ctem.value.defaults?.issue_label,
  });
  const render = createRenderer(ctx.config.templates);
  const run = { date: ctx.now.slice(0, 10), organisation: ctx.config.ctem.value.organisation };
  const body = (d: DesiredIssue) => ctx.bodies?.get(d.key) ?? renderIssueBody(d, render, run);
  // Rendered when read (the writer, the executor), not held: a large plan's bodies are gigabytes (lazy-body.ts).
  const issues: RenderedIssue[] = desired.map((d) => defineLazyBody(d, body, d));
  const plan = reconcile(issues, ctx.existingIssues);
  return { issues, plan, problems };
}
