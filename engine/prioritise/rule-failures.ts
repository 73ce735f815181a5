/**
 * Rules that failed while deciding, told as one warning per rule and message.
 *
 * A rule that throws (a JSON Logic operation on data it cannot take: docs/policy.md)
 * counts as not holding, and usually throws on every exposure it reaches: a record
 * per failure would be a million objects and a million console lines on a large
 * estate. The failures are counted instead, with the first exposure each was seen
 * on, and become warnings that point at the rule's `when` in its policy file (an
 * annotation on that line in GitHub Actions).
 */
import type { Problem } from '../errors.ts';
import type { PolicySet } from '../policy/compile-policy.ts';
import type { RuleError } from './evaluate.ts';

/** The code of the warnings made here (`ctem plan` picks them out of the cycle's problems by it). */
export const RULE_FAILED = 'rule-failed';

/** Distinct messages kept per rule; failures with further messages are only counted. */
export const MESSAGES_PER_RULE = 5;

interface Tally {
  count: number;
  /** The fingerprint of the first exposure the rule failed on with this message. */
  first: string;
}

interface RuleTally {
  messages: Map<string, Tally>;
  /** Failures whose message was not among the first MESSAGES_PER_RULE. */
  others: number;
}

export class RuleFailures {
  private readonly byRule = new Map<string, RuleTally>();

  /** Record one exposure's failures (as decide returns them). */
  add(errors: readonly RuleError[], fingerprint: string): void {
    for (const e of errors) {
      let rule = this.byRule.get(e.rule);
      if (rule === undefined) this.byRule.set(e.rule, (rule = { messages: new Map(), others: 0 }));
      const tally = rule.messages.get(e.message);
      if (tally !== undefined) tally.count++;
      else if (rule.messages.size < MESSAGES_PER_RULE) rule.messages.set(e.message, { count: 1, first: fingerprint });
      else rule.others++;
    }
  }

  /** One warning per rule and message (and one for a rule's other messages), in the order the rules were first seen failing. */
  problems(policy: Pick<PolicySet, 'rules'>): Problem[] {
    const out: Problem[] = [];
    for (const [id, rule] of this.byRule) {
      const where = policy.rules.find((r) => r.id === id);
      const at = where ? { file: where.file, ...(where.line !== undefined ? { line: where.line, column: where.column } : {}) } : {};
      for (const [message, t] of rule.messages) {
        const on = t.count === 1 ? `exposure ${t.first}` : `${t.count} exposures (the first ${t.first})`;
        out.push({
          code: RULE_FAILED,
          severity: 'warning',
          message: `rule '${id}' failed on ${on}: ${message}`,
          ...at,
          hint: `a rule that fails counts as not holding, so a later rule or the default decided; \`ctem explain ${t.first}\` shows that decision`,
        });
      }
      if (rule.others > 0) {
        out.push({
          code: RULE_FAILED,
          severity: 'warning',
          message: `rule '${id}' also failed on ${rule.others} exposure(s) with other messages`,
          ...at,
        });
      }
    }
    return out;
  }
}
