/**
 * Turn loaded policy files into an evaluable policy set: rules in order, each
 * compiled once into a closure, and the whole ordered set compiled once more
 * into a rule set (engine/policy/ruleset) that decides an exposure under all
 * rules at once. Pure. Assumes checkReferences found no errors.
 */
import { PRIORITIES, type Priority } from '../config/schema/common.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { RouteConfig } from '../config/schema/policy.ts';
import { compile } from './jsonlogic/index.ts';
import { compileRuleSet, type RuleSet } from './ruleset/index.ts';
import { ruleVariables } from './rule-variables.ts';

export interface CompiledRule {
  id: string;
  policy: string;
  file: string;
  /** Where the rule's `when` is in its file, for warnings about it (engine/prioritise/rule-failures.ts). */
  line?: number;
  column?: number;
  /** Position in evaluation order. */
  order: number;
  description?: string;
  when: unknown;
  /** This rule alone (policy tests use it to tell which rules a case matched); deciding uses `PolicySet.ruleSet`. */
  test: (input: unknown) => unknown;
  variables: string[];
  priority: Priority;
  slaDays?: number;
  labels: string[];
  route?: string;
}

export type SlaTable = Record<Priority, number>;

export interface PolicySet {
  rules: CompiledRule[];
  /** `rules` compiled together, in the evaluation mode: what evaluateRules decides with. */
  ruleSet: RuleSet;
  routes: Map<string, RouteConfig & { file: string }>;
  defaultRoute: string | undefined;
  mode: 'first-match' | 'highest-priority';
  defaultPriority: Priority;
  sla: SlaTable;
  maxExceptionDays: number | undefined;
}

/** Used when ctem.yaml sets no SLA table: days to remediate per priority. */
export const DEFAULT_SLA: SlaTable = { P1: 7, P2: 30, P3: 90, P4: 180 };

export function compilePolicies(config: LoadedConfig): PolicySet {
  const rules: CompiledRule[] = [];
  const routes = new Map<string, RouteConfig & { file: string }>();
  let defaultRoute: string | undefined;
  let maxExceptionDays: number | undefined;
  for (const p of config.policies) {
    for (const r of p.value.routes ?? []) routes.set(r.id, { ...r, file: p.file });
    defaultRoute ??= p.value.default_route;
    if (p.value.max_exception_days !== undefined)
      maxExceptionDays = Math.min(maxExceptionDays ?? Infinity, p.value.max_exception_days);
    for (const [i, r] of p.value.rules.entries()) {
      const at = p.locate(['rules', i, 'when']);
      rules.push({
        id: r.id,
        policy: p.value.id,
        file: p.file,
        line: at.line,
        column: at.column,
        order: rules.length,
        description: r.description,
        when: r.when,
        test: compile(r.when),
        variables: ruleVariables(r.when),
        priority: r.set.priority,
        slaDays: r.set.sla_days,
        labels: r.set.labels ?? [],
        route: r.set.route,
      });
    }
  }
  const d = config.ctem.value.defaults;
  const mode = d?.evaluation ?? 'first-match';
  return {
    rules,
    ruleSet: compileRuleSet(
      rules.map((r) => r.when),
      { mode, ranks: rules.map((r) => priorityRank(r.priority)) },
    ),
    routes,
    defaultRoute,
    mode,
    defaultPriority: d?.priority ?? 'P4',
    sla: d?.sla_days ?? DEFAULT_SLA,
    maxExceptionDays,
  };
}

export const priorityRank = (p: Priority): number => PRIORITIES.indexOf(p);
