/**
 * The policy tests (`policies/*.test.yaml`, run by `ctem test`) as part of a plan:
 * which cases fail under the working tree's configuration, and whether each already
 * failed under the base's. Pure: it calls the same runner as `ctem test`.
 */
import type { Problem } from '../errors.ts';
import { prepareCases, type PolicyTestEnv } from '../policy/tests/prepare-cases.ts';
import { runCases } from '../policy/tests/run-cases.ts';

export interface FailingCase {
  file: string;
  line: number;
  name: string;
  failures: string[];
  /** The base's own tests had a failing case of the same file and name (null: the base has no such case). */
  failed_at_base: boolean | null;
}

export interface PolicyTestOutcome {
  cases: number;
  failing: FailingCase[];
  /** Test files that could not be run (schema errors, unknown assets...). */
  problems: Problem[];
}

export function policyTestOutcome(head: PolicyTestEnv, base: PolicyTestEnv | undefined): PolicyTestOutcome {
  const prepared = prepareCases(head.config.policyTests, head);
  const report = runCases(prepared.cases, head);
  let baseResults: Map<string, boolean> | undefined;
  if (base) {
    const b = prepareCases(base.config.policyTests, base);
    baseResults = new Map(runCases(b.cases, base).results.map((r) => [`${r.file}\0${r.name}`, r.passed]));
  }
  const failing: FailingCase[] = report.results
    .filter((r) => !r.passed)
    .map((r) => {
      const before = baseResults?.get(`${r.file}\0${r.name}`);
      return { file: r.file, line: r.line, name: r.name, failures: r.failures, failed_at_base: before === undefined ? null : !before };
    });
  return { cases: report.results.length, failing, problems: prepared.problems };
}
