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
import { desiredIssues } from './mobilise/desired-issues.ts';
import { reconcile, type ExistingIssue, type Plan, type RenderedIssue } from './mobilise/plan.ts';
import { createRenderer, renderIssueBody } from './mobilise/render.ts';
import type { PolicySet } from './policy/compile-policy.ts';
import { decide } from './prioritise/decide.ts';
import { compileExceptions } from './prioritise/exceptions.ts';
import type { EnrichmentView } from './prioritise/input-document.ts';
import type { RuleError } from './prioritise/evaluate.ts';
import { assignScopes, compileScope, type Scope } from './scope/match-scopes.ts';

export interface CycleInput {
  config: LoadedConfig;
  policy: PolicySet;
  assets: readonly InventoryAsset[];
  findings: readonly Finding[];
  enrich: (f: Finding, scope: Scope | undefined) => EnrichmentView;
  feeds: Decision['feeds'];
  policyCommits: ReadonlyMap<string, string>;
  firstSeen: ReadonlyMap<string, string>;
  existingIssues: readonly ExistingIssue[];
  now: string;
}

export interface CycleResult {
  exposures: Finding[];
  decisions: Decision[];
  issues: RenderedIssue[];
  plan: Plan;
  unscoped: InventoryAsset[];
  problems: Problem[];
  ruleErrors: (RuleError & { fingerprint: string })[];
}

export function runCycle(input: CycleInput): CycleResult {
  const scopes = input.config.scopes.map((s) => compileScope(s.value, s.file));
  const assignment = assignScopes(input.assets, scopes);
  const assets = new Map(input.assets.map((a) => [a.id, a]));
  const exposures = mergeFindings(input.findings);
  const exceptions = compileExceptions(input.config.exceptions);

  const decisions: Decision[] = [];
  const ruleErrors: CycleResult['ruleErrors'] = [];
  for (const f of exposures) {
    const r = decide(f, {
      policy: input.policy,
      exceptions,
      assets,
      primaryScope: assignment.primaryOf,
      enrich: input.enrich,
      feeds: input.feeds,
      policyCommits: input.policyCommits,
      firstSeen: input.firstSeen,
      now: input.now,
    });
    decisions.push(r.decision);
    for (const e of r.ruleErrors) ruleErrors.push({ ...e, fingerprint: f.fingerprint });
  }

  const { issues: desired, problems } = desiredIssues(decisions, {
    routes: input.policy.routes,
    assets,
    centralRepository: input.config.ctem.value.github?.central_repository,
  });
  const render = createRenderer(input.config.templates);
  const run = { date: input.now.slice(0, 10), organisation: input.config.ctem.value.organisation };
  const issues: RenderedIssue[] = desired.map((d) => ({ ...d, body: renderIssueBody(d, render, run) }));
  const plan = reconcile(issues, input.existingIssues);
  return { exposures, decisions, issues, plan, unscoped: assignment.unscoped, problems, ruleErrors };
}
