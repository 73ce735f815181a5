/**
 * Prioritisation: evaluate the policy set over one exposure's input document.
 *   first-match       the first rule (file-name order, then file order) whose `when` is truthy decides;
 *   highest-priority  every rule is evaluated; the most urgent match decides, ties to the earlier rule.
 * No match: the default priority, with rule = null. Truthiness is JSON Logic's.
 */
import type { CompiledRule, PolicySet } from '../policy/compile-policy.ts';
import { priorityRank } from '../policy/compile-policy.ts';

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
  const errors: RuleError[] = [];
  let best: CompiledRule | undefined;
  for (const rule of policy.rules) {
    let hit: boolean;
    try {
      hit = truthy(rule.test(input));
    } catch (err) {
      errors.push({ rule: rule.id, message: (err as Error).message });
      continue;
    }
    if (!hit) continue;
    if (policy.mode === 'first-match') return { rule, errors };
    if (best === undefined || priorityRank(rule.priority) < priorityRank(best.priority)) best = rule;
  }
  return { rule: best, errors };
}
