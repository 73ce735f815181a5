/** Everything `ctem plan` found, as data: rendered as text, Markdown or JSON. */
import type { Problem } from '../errors.ts';
import type { Impact } from './impact.ts';
import type { PolicyTestOutcome } from './policy-tests.ts';

export interface PlanReport {
  base: { ref: string; commit: string };
  /** Errors in the working tree's configuration: when there are any, nothing was compared. */
  errors: Problem[];
  impact?: Impact;
  /** Rules of the working tree's policy that failed while deciding (engine/prioritise/rule-failures.ts): a warning, not a failure. */
  ruleFailures?: Problem[];
  /** Undefined when the repository has no policy tests. */
  policyTests?: PolicyTestOutcome;
}

export const planFailed = (r: PlanReport): boolean =>
  r.errors.length > 0 || (r.policyTests !== undefined && (r.policyTests.failing.length > 0 || r.policyTests.problems.length > 0));
