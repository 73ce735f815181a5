/**
 * Run prepared policy test cases through the real decision code (`decide`) and
 * compare what it decided with what each case expects. Also measures coverage: a
 * rule is covered when it decided at least one case or held (its `when` was true)
 * in at least one, so a rule shadowed by an earlier one in first-match order still
 * counts as exercised. Pure.
 */
import type { InventoryAsset } from '../../model/asset.ts';
import type { Decision } from '../../model/decision.ts';
import type { Finding } from '../../model/finding.ts';
import { decide } from '../../prioritise/decide.ts';
import { createEnricher, decisionFeeds } from '../../prioritise/enrichment-view.ts';
import { matchingRules } from '../../prioritise/evaluate.ts';
import { compileExceptions, type CompiledException } from '../../prioritise/exceptions.ts';
import { assignScopes, compileScope, type Scope } from '../../scope/match-scopes.ts';
import { exceptionExcuses, NO_EVIDENCE, runValidationStage, type ExposureValidation } from '../../validate/stage.ts';
import type { PolicyTestEnv, PreparedCase } from './prepare-cases.ts';

export interface CaseResult {
  file: string;
  name: string;
  line: number;
  column: number;
  passed: boolean;
  /** One entry per expectation that failed: `priority: expected P2, got P1`. */
  failures: string[];
  decision: Decision;
  /** Every rule whose `when` held for the case, in evaluation order. */
  matched: string[];
}

export interface Coverage {
  /** Every rule of the policy, in evaluation order, with its file. */
  rules: { id: string; file: string }[];
  covered: string[];
  uncovered: { id: string; file: string }[];
}

export interface TestReport {
  results: CaseResult[];
  coverage: Coverage;
}

export function runCases(cases: readonly PreparedCase[], env: PolicyTestEnv): TestReport {
  const { policy } = env;
  const scopes = env.config.scopes.map((l) => compileScope(l.value, l.file));
  const results = cases.map((c) => runCase(c, env, scopes));
  const covered = new Set<string>();
  for (const r of results) {
    covered.add(r.decision.rule.id);
    for (const m of r.matched) covered.add(m);
  }
  const rules = policy.rules.map((r) => ({ id: r.id, file: r.file }));
  return {
    results,
    coverage: {
      rules,
      covered: rules.filter((r) => covered.has(r.id)).map((r) => r.id),
      uncovered: rules.filter((r) => !covered.has(r.id)),
    },
  };
}

function runCase(c: PreparedCase, env: PolicyTestEnv, scopes: readonly Scope[]): CaseResult {
  const { policy } = env;
  const exceptions = compileExceptions(c.exceptions);
  // The case's world: the inventory (with the case's asset as given) and its scopes, the case's scope for its asset.
  const assets = [...env.assets.filter((a) => a.id !== c.asset?.id), ...(c.asset ? [c.asset] : [])];
  const primaryScope = new Map(assignScopes(assets, scopes).primaryOf);
  if (c.scope) primaryScope.set(c.finding.asset, c.scope);
  else primaryScope.delete(c.finding.asset);
  const { decision, ruleErrors, input } = decide(c.finding, {
    policy,
    exceptions,
    assets: new Map(c.asset ? [[c.asset.id, c.asset]] : []),
    primaryScope,
    validated: validatedFor(c, env, assets, primaryScope, exceptions),
    enrich: createEnricher(c.feeds),
    feeds: decisionFeeds(c.feeds),
    policyCommits: new Map(),
    firstSeen: new Map(),
    previous: new Map(c.previous ? [[c.finding.fingerprint, c.previous]] : []),
    now: c.now,
  });
  const failures = compare(c.expect, decision);
  // A rule that throws is treated as not matching in a run; in a test it is a failure to look at.
  for (const e of ruleErrors) failures.push(`rule ${e.rule} failed: ${e.message}`);
  return {
    file: c.file,
    name: c.name,
    line: c.line,
    column: c.column,
    passed: failures.length === 0,
    failures,
    decision,
    matched: matchingRules(policy, input).map((r) => r.id),
  };
}

/**
 * What the validation stage finds, run as a run runs it, in a world where the case's
 * exposure is the only one; facts the case states replace the computed ones (a real
 * run's attack paths depend on every other exposure, which a case does not list).
 */
function validatedFor(
  c: PreparedCase,
  env: PolicyTestEnv,
  assets: readonly InventoryAsset[],
  primaryScope: ReadonlyMap<string, Scope>,
  exceptions: readonly CompiledException[],
): (f: Finding) => ExposureValidation {
  const scopeOf = (f: Finding) => primaryScope.get(f.asset)?.id ?? null;
  const stage = runValidationStage({
    config: env.config,
    assets,
    primaryScope,
    exposures: [c.finding],
    evidence: NO_EVIDENCE,
    excused: exceptionExcuses(exceptions, scopeOf, c.now.slice(0, 10)),
  });
  const given = c.validation;
  return (f) => {
    const v = stage.of(f);
    if (given === undefined) return v;
    const { confirmed, result, ...graph } = given;
    // `confirmed` and `result` say one thing twice; whichever the case gives sets both.
    const r = result !== undefined ? result : confirmed === undefined ? v.result : confirmed ? 'confirmed' : v.result === 'confirmed' ? null : v.result;
    return { ...v, graph: { ...v.graph, ...graph }, result: r, confirmed: r === 'confirmed' };
  };
}

const show = (v: unknown): string => (v === null || v === undefined ? 'none' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

function compare(x: PreparedCase['expect'], d: Decision): string[] {
  const out: string[] = [];
  const check = (what: string, expected: unknown, actual: unknown, same = expected === actual) => {
    if (!same) out.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  };
  if (x.priority !== undefined) check('priority', x.priority, d.priority);
  if (x.rule !== undefined) check('rule', x.rule, d.rule.id);
  if (x.status !== undefined) check('status', x.status, d.status);
  if (x.labels !== undefined) {
    const want = [...x.labels].sort();
    const got = [...d.labels].sort();
    check('labels', want, got, want.length === got.length && want.every((l, i) => l === got[i]));
  }
  if (x.route !== undefined) check('route', x.route, d.route ?? 'none');
  if (x.exception !== undefined) check('exception', x.exception, d.exception?.id ?? null);
  if (x.sla_days !== undefined) check('sla_days', x.sla_days, d.sla_days);
  if (x.due_date !== undefined) check('due_date', x.due_date, d.due_date);
  if (x.overdue !== undefined) check('overdue', x.overdue, d.overdue);
  return out;
}
