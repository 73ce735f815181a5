/**
 * A policy test must decide exactly as a run does. Every exposure of the bundled
 * example is turned into a test case (its finding as the connectors produced it, its
 * asset, what the feeds said about it, every exception in force, the attack-graph
 * facts of the whole run) and the test runner's decision is compared with the run's,
 * field by field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../../../../engine/app/prepare.ts';
import { runCycle, type CycleResult } from '../../../../engine/cycle.ts';
import type { Decision } from '../../../../engine/model/decision.ts';
import type { Finding } from '../../../../engine/model/finding.ts';
import { prepareCases } from '../../../../engine/policy/tests/prepare-cases.ts';
import { runCases } from '../../../../engine/policy/tests/run-cases.ts';
import { repoRoot } from '../../../support/corpus.ts';
import { repositoryEnv } from './helpers.ts';

const NOW = '2026-11-28T10:00:00.000Z';

describe('a policy test decides as a run does', () => {
  let run: CycleResult;
  let merged: readonly Finding[];
  let env: Awaited<ReturnType<typeof repositoryEnv>>;

  beforeAll(async () => {
    const { prepared } = await prepareRun(repoRoot, NOW);
    if (!prepared) throw new Error('the example did not prepare');
    // The exposures, as the cycle saw them: prepareRun hands them over already merged.
    merged = prepared.findings;
    run = runCycle({ ...prepared, firstSeen: new Map(), existingIssues: [], now: NOW });
    env = await repositoryEnv();
  });

  it('for every exposure of the example whose asset is in the inventory', () => {
    const known = new Set(env.assets.map((a) => a.id));
    const byFingerprint = new Map(run.decisions.map((d) => [d.fingerprint, d]));
    // A case cannot state a VEX statement (evidence files are a run's input, not a policy's): those are left out.
    const exposures = merged.filter((f) => known.has(f.asset) && byFingerprint.get(f.fingerprint)!.vex === undefined);
    expect(exposures.length).toBeGreaterThan(100);

    const cases = exposures.map((f, i) => {
      const d = byFingerprint.get(f.fingerprint)!;
      const { asset, ...finding } = f;
      const e = d.enrichment;
      return {
        name: `exposure ${i} ${f.fingerprint}`,
        finding: JSON.parse(JSON.stringify(finding)) as unknown,
        asset,
        feeds: {
          ...(e.epss ? { epss: e.epss } : {}),
          ...(e.kev.listed ? { kev: { date_added: e.kev.date_added, due_date: e.kev.due_date, ransomware: e.kev.ransomware } } : {}),
        },
        exceptions: env.config.exceptions.map((x) => x.value.id),
        // Attack paths depend on every other exposure of the run, which a case does not list: state them.
        validation: {
          reachable: d.validation.reachable,
          on_path: d.validation.on_path,
          path_length: d.validation.path_length,
          paths_to_crown_jewels: d.validation.paths_to_crown_jewels,
          choke_point: d.validation.choke_point,
          pivot: d.validation.pivot,
          result: d.validation.result,
        },
        expect: { priority: d.priority },
      };
    });
    const file = { file: 'policies/generated.test.yaml', value: { now: NOW, cases }, locate: () => ({ line: 1, column: 1 }) };
    const prepared = prepareCases([file], env);
    expect(prepared.problems).toEqual([]);
    const report = runCases(prepared.cases, env);

    const comparable = (d: Decision) => ({
      fingerprint: d.fingerprint,
      scope: d.scope,
      owner: d.owner,
      priority: d.priority,
      status: d.status,
      status_reason: d.status_reason,
      rule: d.rule.id,
      labels: d.labels,
      route: d.route,
      exception: d.exception,
      inputs: d.inputs,
      enrichment: d.enrichment,
      // The facts rules read; the attack path and evidence beside them are records of the whole run.
      validation: { ...d.validation, attack_path: undefined, evidence: undefined },
      sla_days: d.sla_days,
      due_date: d.due_date,
      overdue: d.overdue,
    });
    report.results.forEach((r, i) => {
      const real = byFingerprint.get(exposures[i]!.fingerprint)!;
      expect(comparable(r.decision), r.name).toEqual(comparable(real));
    });
    expect(report.results.every((r) => r.passed)).toBe(true);
  });
});
