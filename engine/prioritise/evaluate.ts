/**
 * Prioritisation: evaluate the policy set over one exposure's input document.
 *   first-match       the first rule (file-name order, then file order) whose `when` is truthy decides;
 *   highest-priority  every rule is evaluated; the most urgent match decides, ties to the earlier rule.
 * No match: the default priority, with rule = null. Truthiness is JSON Logic's.
 *
 * The decision is the policy's compiled rule set's (engine/policy/ruleset): the
 * same rule, and the same errors, as evaluating each rule's `when` in order,
 * without evaluating what cannot change the answer.
 */
import type { CompiledRule, PolicySet } from '../policy/compile-policy.ts';
import type { RuleFailure } from '../policy/ruleset/index.ts';

export interface RuleError {
  rule: string;
  message: string;
}

export interface Evaluation {
  rule: CompiledRule | undefined;
  /** Rules whose evaluation threw: recorded, and treated as not matching. */
  errors: RuleError[];
}

const truthy = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : Boolean(v));

export function evaluateRules(policy: PolicySet, input: unknown): Evaluation {
  const failures: RuleFailure[] = [];
  const decided = policy.ruleSet.decide(input, failures);
  const errors: RuleError[] = failures.map((f) => ({ rule: (policy.rules[f.index] as CompiledRule).id, message: (f.error as Error).message }));
  return { rule: decided < 0 ? undefined : policy.rules[decided], errors };
}

/**
 * Every rule whose `when` holds for the input, whatever the evaluation mode (a rule
 * that throws does not hold). Not used to decide: policy tests use it to tell which
 * rules a case exercised.
 */
export function matchingRules(policy: PolicySet, input: unknown): CompiledRule[] {
  return policy.rules.filter((rule) => {
    try {
      return truthy(rule.test(input));
    } catch {
      return false;
    }
  });
}
