/**
 * One CTEM cycle as a pure function: scope → discover (merge) → validate →
 * prioritise → mobilise (plan). Everything it needs is passed in; everything it
 * concludes is returned. The CLI, the GitHub Action, `ctem plan` and the tests all
 * call this.
 */
import type { LoadedConfig } from './config/load.ts';
import type { Problem } from './errors.ts';
import { PROGRESS_STEP_MASK, type Progress } from './discover/progress.ts';
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
import { compileExceptions, expiredExceptionWarnings, type CompiledException } from './prioritise/exceptions.ts';
import type { EnrichmentView, PreviousDecision } from './prioritise/input-document.ts';
import { RuleFailures } from './prioritise/rule-failures.ts';
import { assignScopes, compileScope, type Scope } from './scope/match-scopes.ts';
import { exceptionExcuses, NO_EVIDENCE, runValidationStage, type EvidenceSet, type ValidationStage } from './validate/stage.ts';

export interface CycleInput {
  config: LoadedConfig;
  policy: PolicySet;
  assets: readonly InventoryAsset[];
  /**
   * The findings, or a function that hands them over (called once, first): a caller
   * that keeps no reference of its own lets the exposures be collected once decided,
   * before planning — at a million findings they are the largest thing a run holds
   * (docs/scale.md; engine/app/prepare.ts `handOverFindings`).
   */
  findings: readonly Finding[] | (() => readonly Finding[]);
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
  /** A bar for deciding (the shell passes one only on a terminal); the cycle only reports to it. */
  progress?: Progress;
}

export interface CycleResult {
  /** How many exposures the findings merged into. The exposures themselves are not kept (see `findings`). */
  exposureCount: number;
  decisions: Decision[];
  issues: RenderedIssue[];
  plan: Plan;
  unscoped: InventoryAsset[];
  /** Planning's, expired exceptions still in use, validation's, and rules that failed while deciding (rule-failures.ts). */
  problems: Problem[];
  /** The validation stage: the attack graph and what was found per exposure. */
  validation?: ValidationStage;
}

export function runCycle(input: CycleInput): CycleResult {
  return runCycles([input])[0]!;
}

/**
 * Several configurations deciding the same findings at once: `ctem plan` decides every
 * exposure under the base's configuration and under the working tree's. The findings
 * (the first input's: every input must carry the same) are merged once and validated
 * under each configuration, and each exposure is decided under every configuration
 * before it is let go, so the exposures are never held beside the decisions of two
 * whole runs (docs/scale.md). Each result is exactly what `runCycle` gives for its input.
 */
export function runCycles(inputs: readonly CycleInput[]): CycleResult[] {
  const setups = inputs.map((input) => {
    const scopes = input.config.scopes.map((s) => compileScope(s.value, s.file));
    return {
      assignment: assignScopes(input.assets, scopes),
      assets: new Map(input.assets.map((a) => [a.id, a])),
      exceptions: compileExceptions(input.config.exceptions),
    };
  });
  const decided = decideExposures(inputs, setups);
  return inputs.map((input, i) => {
    const { assignment, assets } = setups[i]!;
    const side = decided.sides[i]!;
    // From here on nothing refers to the exposures: only the decisions are planned.
    const { issues, plan, problems } = planIssues(side.decisions, { config: input.config, policy: input.policy, assets, existingIssues: input.existingIssues, now: input.now });
    problems.push(...side.expired);
    problems.push(...side.validation.problems);
    problems.push(...side.ruleFailures.problems(input.policy));
    return {
      exposureCount: decided.exposureCount,
      decisions: side.decisions,
      issues,
      plan,
      unscoped: assignment.unscoped,
      problems,
      validation: side.validation,
    };
  });
}

interface Setup {
  assignment: { primaryOf: ReadonlyMap<string, Scope> };
  assets: ReadonlyMap<string, InventoryAsset>;
  exceptions: readonly CompiledException[];
}

interface Side {
  decisions: Decision[];
  ruleFailures: RuleFailures;
  expired: Problem[];
  validation: ValidationStage;
}

/**
 * Merge, validate and decide, under each input's configuration. Its own function so that
 * the exposures are its locals only: once it returns, what is left of them is what the
 * decisions share.
 */
function decideExposures(inputs: readonly CycleInput[], setups: readonly Setup[]): { exposureCount: number; sides: Side[] } {
  const first = inputs[0]!;
  const exposures = mergeFindings(typeof first.findings === 'function' ? first.findings() : first.findings);
  const sides = inputs.map((input, i) => {
    const { assignment, assets, exceptions } = setups[i]!;
    const primaryOf = assignment.primaryOf;
    const scopeIdOf = (f: Finding) => primaryOf.get(f.asset)?.id ?? null;
    const validation = runValidationStage({
      config: input.config,
      assets: input.assets,
      primaryScope: primaryOf,
      exposures,
      evidence: input.evidence ?? NO_EVIDENCE,
      excused: exceptionExcuses(exceptions, scopeIdOf, input.now.slice(0, 10)),
    });
    const side: Side = { decisions: [], ruleFailures: new RuleFailures(), expired: expiredExceptionWarnings(exceptions, exposures, scopeIdOf, input.now.slice(0, 10)), validation };
    const context = {
      policy: input.policy,
      exceptions,
      assets,
      primaryScope: primaryOf,
      enrich: input.enrich,
      feeds: input.feeds,
      policyCommits: input.policyCommits,
      firstSeen: input.firstSeen,
      previous: input.previous,
      validated: validation.of,
      now: input.now,
    };
    return { side, context, select: input.select };
  });

  const pending = exposures as (Finding | undefined)[];
  const bar = first.progress?.start('deciding exposures', pending.length, 'items');
  for (let i = 0; i < pending.length; i++) {
    if (bar !== undefined && (i & PROGRESS_STEP_MASK) === 0) bar.update(i);
    const f = pending[i]!;
    // Each exposure is let go once decided (its decisions keep only what they share with it): the decisions
    // grow into the memory the exposures leave, instead of the run holding both whole (docs/scale.md).
    pending[i] = undefined;
    for (const { side, context, select } of sides) {
      if (select !== undefined && !select(f)) continue;
      const r = decide(f, context);
      side.decisions.push(r.decision);
      if (r.ruleErrors.length > 0) side.ruleFailures.add(r.ruleErrors, f.fingerprint);
    }
  }
  bar?.update(pending.length);
  bar?.stop();
  // (Letting go empties the slots, not the array: its length is still the number of exposures.)
  return { exposureCount: exposures.length, sides: sides.map((s) => s.side) };
}

export interface PlanContext {
  config: LoadedConfig;
  policy: PolicySet;
  assets: ReadonlyMap<string, InventoryAsset>;
  existingIssues: readonly ExistingIssue[];
  now: string;
  /** Issue bodies already rendered, by issue key (the shards' of a sharded run): reused, not rendered again. */
  bodies?: { get(key: string): string | undefined };
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
