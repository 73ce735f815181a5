import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../../../engine/errors.ts';
import { prepareCases } from '../../../../engine/policy/tests/prepare-cases.ts';
import { reportLines } from '../../../../engine/policy/tests/report.ts';
import { runCases } from '../../../../engine/policy/tests/run-cases.ts';
import { repositoryEnv, testFile } from './helpers.ts';

let env: Awaited<ReturnType<typeof repositoryEnv>>;
beforeAll(async () => {
  env = await repositoryEnv();
});

const run = (yaml: string) => {
  const prepared = prepareCases([testFile(yaml)], env);
  expect(prepared.problems.map(formatProblem)).toEqual([]);
  return runCases(prepared.cases, env);
};
const problems = (yaml: string) => prepareCases([testFile(yaml)], env).problems.map(formatProblem);

describe("the repository's own policy tests", () => {
  it('all pass, and together exercise every rule in policies/', () => {
    const prepared = prepareCases(env.testFiles, env);
    expect(prepared.problems).toEqual([]);
    const report = runCases(prepared.cases, env);
    expect(report.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failures.join('; ')}`)).toEqual([]);
    expect(report.coverage.uncovered).toEqual([]);
    expect(report.coverage.covered).toHaveLength(env.policy.rules.length);
    expect(env.policy.rules.length).toBeGreaterThanOrEqual(14);
  });
});

describe('running a case', () => {
  it('passes when the decision is as expected, naming the rule that decided', () => {
    const report = run(`
now: 2026-11-28T10:00:00Z
cases:
  - name: kev on the internet
    finding: { vulnerabilityId: CVE-2022-22965, severity: critical }
    asset: payments-api
    feeds: { kev: { date_added: 2022-04-04 } }
    expect: { priority: P1, rule: kev-internet-facing, status: open, labels: [known-exploited], route: owner-repo, sla_days: 3, due_date: 2026-12-01, overdue: false, exception: null }
`);
    expect(report.results[0]).toMatchObject({ passed: true, failures: [], decision: { priority: 'P1', rule: { id: 'kev-internet-facing' } } });
  });

  it('fails with a one-line diff per wrong expectation', () => {
    const report = run(`
now: 2026-11-28T10:00:00Z
cases:
  - name: deliberately wrong
    finding: { vulnerabilityId: CVE-2022-22965, severity: critical }
    asset: payments-api
    feeds: { kev: {} }
    expect: { priority: P3, rule: kev-anywhere, labels: [known-exploited, urgent], route: none }
`);
    const r = report.results[0]!;
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      'priority: expected P3, got P1',
      'rule: expected kev-anywhere, got kev-internet-facing',
      'labels: expected [known-exploited, urgent], got [known-exploited]',
      'route: expected none, got owner-repo',
    ]);
    const lines = reportLines(report);
    expect(lines).toContain('        policies/inline.test.yaml:4:5: ' + r.failures.join('; '));
    expect(lines).toContain('ctem test: 1 case(s), 0 passed, 1 failed');
  });

  it('counts as covered every rule that held, not only the one that decided', () => {
    const report = run(`
now: 2026-11-28T10:00:00Z
cases:
  - name: kev on the internet also satisfies kev-anywhere
    finding: { vulnerabilityId: CVE-2022-22965, severity: critical }
    asset: payments-api
    feeds: { kev: {} }
    validation: { reachable: false, on_path: false, pivot: false, choke_point: false, confirmed: false }
    expect: { rule: kev-internet-facing }
`);
    // payments-api is internet-facing, in a critical crown-jewel scope, and the finding is critical.
    const held = ['kev-internet-facing', 'kev-crown-jewel', 'kev-anywhere', 'critical-on-critical-scope', 'severe-elsewhere'];
    const all = env.policy.rules.map((r) => r.id);
    expect(report.results[0]!.matched).toEqual(held);
    expect(report.coverage.covered).toEqual(held);
    expect(report.coverage.uncovered.map((u) => u.id)).toEqual(all.filter((id) => !held.includes(id)));
    const lines = reportLines(report);
    expect(lines).toContain(`coverage: 5 of ${all.length} rule(s) exercised (${Math.floor((500 / all.length))}%)`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}policies\/10-exploitation\.yaml: .*leaked-secret, likely-exploited-exposed$/));
  });

  it('decides by the scopes of scopes/ for an inventory asset, and by an inline scope when given', () => {
    const report = run(`
now: 2026-11-28T10:00:00Z
cases:
  - name: billing is in the critical payments scope
    finding: { severity: critical, kind: code, ruleId: G402 }
    asset: billing-service
    expect: { rule: critical-on-critical-scope }
  - name: an inline low scope keeps it out
    finding: { severity: critical, kind: code, ruleId: G402 }
    asset: billing-service
    scope: { criticality: low, exposure: internal }
    expect: { rule: severe-elsewhere }
  - name: no scope at all
    finding: { severity: critical, kind: code, ruleId: G402 }
    asset: billing-service
    scope: null
    expect: { rule: severe-elsewhere }
`);
    expect(report.results.map((r) => [r.passed, r.decision.scope])).toEqual([[true, 'payments'], [true, 'test-scope'], [true, null]]);
  });

  it('gives rules the previous decision as sla.* without letting it change this one', () => {
    const report = run(`
now: 2026-11-28T10:00:00Z
cases:
  - name: previously P2 and overdue
    finding: { severity: low }
    previous: { priority: P2, due_date: 2026-11-27 }
    expect: { priority: P4 }
`);
    expect(report.results[0]!.passed).toBe(true);
  });
});

describe('invalid test files are located errors, and nothing runs', () => {
  it('reports schema errors at their line and column', () => {
    expect(
      problems(`
now: 2026-11-28T10:00:00Z
cases:
  - name: typo
    finding: { severity: critical, vulnerability: CVE-2022-22965 }
    expect: { priority: P0 }
`),
    ).toEqual([
      "policies/inline.test.yaml:5:36: unknown key 'vulnerability' in 'cases.0.finding' (did you mean 'vulnerabilityId'?)",
      "policies/inline.test.yaml:6:25: 'cases.0.expect.priority' must be one of: P1, P2, P3, P4",
    ]);
  });

  it('reports unknown assets, scopes, exceptions, rules and routes with suggestions', () => {
    expect(
      problems(`
now: 2026-11-28T10:00:00Z
cases:
  - name: everything unknown
    asset: payments-apj
    scope: paymnets
    exceptions: [exc-2026-15]
    expect: { rule: kev-internet-facin, route: owner-rep }
`),
    ).toEqual([
      "policies/inline.test.yaml:5:12: case 'everything unknown': unknown asset 'payments-apj' (did you mean 'payments-api'?)",
      "policies/inline.test.yaml:6:12: case 'everything unknown': unknown scope 'paymnets' (did you mean 'payments'?)",
      "policies/inline.test.yaml:7:18: case 'everything unknown': unknown exception 'exc-2026-15' (did you mean 'exc-2026-014'?)",
      "policies/inline.test.yaml:8:21: case 'everything unknown': no rule 'kev-internet-facin' in policies/ (did you mean 'kev-internet-facing'?)",
      "policies/inline.test.yaml:8:48: case 'everything unknown': no route 'owner-rep' in policies/ (did you mean 'owner-repo'?)",
    ]);
  });

  it('needs a time, a CVE for feed facts, a valid CVSS vector and unique names', () => {
    expect(
      problems(`
cases:
  - name: twice
    finding: { ruleId: AWS-0132, cvss: { vector: 'CVSS:3.1/AV:X' } }
    feeds: { kev: {} }
    expect: { priority: P1 }
  - name: twice
    now: 2026-02-30
    expect: { priority: P1 }
`),
    ).toEqual([
      "policies/inline.test.yaml:3:11: case 'twice': no `now`: give one on the case or at the top of the file",
      "policies/inline.test.yaml:4:50: case 'twice': invalid CVSS vector: CVSS 3.1 vector lacks base metric(s) AV, AC, PR, UI, S, C, I, A",
      "policies/inline.test.yaml:7:11: case 'twice': another case in this file has the same name",
      "policies/inline.test.yaml:8:10: case 'twice': '2026-02-30' is not a real date or time",
    ]);
  });

  it('refuses an expectation of an exception the case does not put in force', () => {
    expect(
      problems(`
now: 2026-11-28
cases:
  - name: x
    expect: { exception: exc-2026-014 }
`),
    ).toEqual(["policies/inline.test.yaml:5:26: case 'x': expects exception 'exc-2026-014', which the case does not put in force"]);
  });

  it('asks for a CVE when a case gives feed facts for a finding without one', () => {
    expect(
      problems(`
now: 2026-11-28
cases:
  - name: secret with epss
    finding: { kind: secret, ruleId: aws-access-key-id }
    feeds: { epss: { score: 0.5, percentile: 0.9 } }
    expect: { priority: P1 }
`),
    ).toEqual(["policies/inline.test.yaml:6:12: case 'secret with epss': feeds describe a CVE, but the finding has none"]);
  });
});
