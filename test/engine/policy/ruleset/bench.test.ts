/**
 * The rule-set benchmark runs, its engines agree on every document's deciding
 * rule, it returns the figures `npm run bench` records, and it leaves
 * json-logic-js as it found it. (Speed itself belongs in `npm run bench`.)
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { benchRules, runRuleSetBench } from '../../../../bench/ruleset.ts';

describe('runRuleSetBench', () => {
  it('decides a small run with all engines agreeing, and reports every figure', () => {
    const r = runRuleSetBench({ findings: 600, seed: 3, slice: 200 });
    expect(r.documents).toBe(600);
    expect(r.rules).toBe(300);
    expect(r.disagreements).toBe(0);
    for (const ms of [r.ctem_ms, r.json_logic_js_ms, r.json_logic_engine_ms, r.ctem_per_rule_ms ?? 0]) expect(ms).toBeGreaterThan(0);
    expect(r.rules_vs_json_logic_js).toBeCloseTo(r.json_logic_js_ms / r.ctem_ms);
    expect(r.rules_vs_json_logic_engine).toBeCloseTo(r.json_logic_engine_ms / r.ctem_ms);
    // Realistic: most documents are decided late, by the baseline rules.
    expect(r.rules_evaluated_per_document).toBeGreaterThan(150);
    expect(r.shape.dimensions.length).toBeGreaterThan(5);
    // The bench registers ctem's operators in json-logic-js for the comparison and removes them again.
    expect(() => (jsonLogic.apply as (r: unknown, d: unknown) => unknown)({ glob: ['a', 'a'] }, {})).toThrow(/Unrecognized operation/);
  });

  it('takes the caller’s rules and documents (the estate’s own), cycling through the documents', () => {
    const ruleSet = [{ '==': [{ var: 'scope.id' }, 'payments'] }, { in: [{ var: 'finding.severity' }, ['critical', 'high']] }, { var: 'kev.listed' }];
    const documents = [
      { scope: { id: 'payments' }, finding: { severity: 'low' }, kev: { listed: false } },
      { scope: { id: 'billing' }, finding: { severity: 'high' }, kev: { listed: false } },
      { scope: { id: null }, finding: { severity: 'low' }, kev: { listed: true } },
      { scope: { id: null }, finding: { severity: 'low' }, kev: { listed: false } },
    ];
    const r = runRuleSetBench({ ruleSet, documents, findings: 40, slice: 8, perRule: false });
    expect(r).toMatchObject({ documents: 40, rules: 3, disagreements: 0, undecided: 10 });
    expect(r.ctem_per_rule_ms).toBeUndefined();
    expect(r.rules_evaluated_per_document).toBeCloseTo((1 + 2 + 3 + 3) / 4);
  });

  it('takes fewer rules by keeping the first ones and the catch-alls', () => {
    const all = benchRules(1);
    const some = benchRules(1, 40);
    expect(some).toHaveLength(40);
    expect(some.slice(0, 36)).toEqual(all.slice(0, 36));
    expect(some.slice(36)).toEqual(all.slice(-4));
  });
});
