/**
 * compileRuleSet: a whole ordered policy decides a document at once, with the
 * answer and the errors of evaluating each rule in order.
 */
import { describe, expect, it } from 'vitest';
import { JsonLogicCompileError } from '../../../../engine/policy/jsonlogic/index.ts';
import { compileRuleSet, type RuleFailure } from '../../../../engine/policy/ruleset/index.ts';

const v = (path: string) => ({ var: path });
const eq = (path: string, value: unknown) => ({ '==': [v(path), value] });

function decide(rules: unknown[], doc: unknown, options: Parameters<typeof compileRuleSet>[1] = {}): { rule: number; errors: { index: number; message: string }[] } {
  const failures: RuleFailure[] = [];
  const rule = compileRuleSet(rules, options).decide(doc, failures);
  return { rule, errors: failures.map((f) => ({ index: f.index, message: (f.error as Error).message })) };
}

/** A document whose every property read is counted (own accessors: read like data). */
function counting(fields: Record<string, unknown>): { doc: Record<string, unknown>; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const doc: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(fields)) {
    Object.defineProperty(doc, k, {
      enumerable: true,
      get: () => {
        reads.set(k, (reads.get(k) ?? 0) + 1);
        return value;
      },
    });
  }
  return { doc, reads };
}

describe('first match', () => {
  const rules = [
    { and: [v('kev.listed'), v('validation.internet_exposed')] },
    v('kev.listed'),
    { in: [v('finding.severity'), ['critical', 'high']] },
    eq('finding.severity', 'medium'),
  ];

  it('decides with the first rule whose `when` is truthy', () => {
    expect(decide(rules, { kev: { listed: true }, validation: { internet_exposed: true } }).rule).toBe(0);
    expect(decide(rules, { kev: { listed: true }, validation: { internet_exposed: false } }).rule).toBe(1);
    expect(decide(rules, { kev: { listed: false }, finding: { severity: 'high' } }).rule).toBe(2);
    expect(decide(rules, { finding: { severity: 'medium' } }).rule).toBe(3);
  });

  it('answers -1 when no rule matches, and for an empty rule set', () => {
    expect(decide(rules, { finding: { severity: 'low' } }).rule).toBe(-1);
    expect(decide([], {}).rule).toBe(-1);
  });

  it('uses JSON Logic truthiness: [] and "" are false, "0" and {} are true', () => {
    expect(decide([v('x'), true], { x: [] }).rule).toBe(1);
    expect(decide([v('x'), true], { x: '' }).rule).toBe(1);
    expect(decide([v('x'), true], { x: '0' }).rule).toBe(0);
    expect(decide([v('x'), true], { x: {} }).rule).toBe(0);
  });

  it('treats `{"and": []}` as false (it is undefined), not as "all of nothing"', () => {
    expect(decide([{ and: [] }, { or: [] }, true], {}).rule).toBe(2);
  });
});

describe('highest priority', () => {
  const rules = [eq('s', 'a'), v('kev'), eq('s', 'a'), true];
  const ranks = [2, 0, 0, 3];

  it('decides with the most urgent matching rule, ties to the earlier one', () => {
    expect(decide(rules, { s: 'a', kev: true }, { mode: 'highest-priority', ranks }).rule).toBe(1);
    expect(decide(rules, { s: 'a', kev: false }, { mode: 'highest-priority', ranks }).rule).toBe(2);
    expect(decide(rules, { s: 'b' }, { mode: 'highest-priority', ranks }).rule).toBe(3);
  });

  it('still reports every rule that throws, also after the most urgent possible match', () => {
    const throwing = { in: ['x', v('o')] }; // an object with its own `indexOf` cannot be searched
    const r = decide([true, throwing], { o: { indexOf: 1 } }, { mode: 'highest-priority', ranks: [0, 3] });
    expect(r.rule).toBe(0);
    expect(r.errors).toEqual([{ index: 1, message: 'b.indexOf is not a function' }]);
  });

  it('needs a rank for every rule', () => {
    expect(() => compileRuleSet([true], { mode: 'highest-priority' })).toThrow(/rank/);
  });
});

describe('rules that throw', () => {
  it('are reported in rule order and do not match; the next rule decides', () => {
    const r = decide([{ '*': [] }, eq('o', 'a'), true], { o: { toString: 1 } });
    expect(r.rule).toBe(2);
    expect(r.errors.map((e) => e.index)).toEqual([0, 1]);
    expect(r.errors[0]?.message).toMatch(/Reduce of empty array/);
    expect(r.errors[1]?.message).toMatch(/Cannot convert object to primitive value/);
  });

  it('report the same error for every rule that reaches the same throwing sub-expression', () => {
    const bad = { '==': [v('o'), 'a'] };
    const r = decide([{ and: [true, bad] }, { or: [false, bad] }, bad], { o: { toString: 1 } });
    expect(r.rule).toBe(-1);
    expect(r.errors.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(new Set(r.errors.map((e) => e.message)).size).toBe(1);
  });

  it('are not reported after the deciding rule (first match never evaluates them)', () => {
    expect(decide([true, { '*': [] }], {}).errors).toEqual([]);
  });
});

describe('shared sub-expressions', () => {
  const rules = [
    { and: [v('kev.listed'), eq('scope.criticality', 'critical')] },
    { and: [v('kev.listed'), { in: [v('finding.severity'), ['critical', 'high']] }] },
    { and: [eq('scope.criticality', 'critical'), { in: [v('finding.severity'), ['critical', 'high']] }] },
    { and: [{ var: ['kev.listed'] }, eq('scope.criticality', 'high')] },
  ];

  it('are one node each: equal JSON is equal, whatever the spelling of var', () => {
    const shape = compileRuleSet(rules).shape();
    // Paths: kev, kev.listed, scope, scope.criticality, finding, finding.severity.
    expect(shape.paths).toBe(6);
    expect(shape.shared).toBeGreaterThanOrEqual(2);
  });

  it('read each var path once per document, however many rules use it', () => {
    const { doc, reads } = counting({ kev: { listed: true }, scope: { criticality: 'low' }, finding: { severity: 'low' } });
    expect(compileRuleSet(rules).decide(doc)).toBe(-1);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect([...reads.keys()].sort()).toEqual(['finding', 'kev', 'scope']);
  });

  it('are evaluated afresh for the next document', () => {
    const set = compileRuleSet(rules);
    expect(set.decide({ kev: { listed: true }, scope: { criticality: 'critical' } })).toBe(0);
    expect(set.decide({ kev: { listed: false }, scope: { criticality: 'critical' }, finding: { severity: 'high' } })).toBe(2);
    expect(set.decide({ kev: { listed: true }, scope: { criticality: 'high' } })).toBe(3);
  });
});

describe('the index', () => {
  it('indexes equality, membership, thresholds and truthiness conjuncts by their var', () => {
    const shape = compileRuleSet([
      { and: [eq('scope.id', 'payments'), { '>=': [v('epss.score'), 0.1] }] },
      { and: [eq('scope.id', 'billing'), v('kev.listed')] },
      { and: [{ in: [v('finding.severity'), ['critical']] }, { '!': v('finding.suppressed') }] },
    ]).shape();
    expect(shape.dimensions.map((d) => d.kind).sort()).toEqual(['eq', 'eq', 'range', 'truth', 'truth']);
  });

  it('never skips a rule that would have thrown before the conjunct that rules it out', () => {
    // The first conjunct converts o (and throws); the second would rule the rule out.
    const rules = [{ and: [eq('o', 'a'), eq('k', 'x')] }, { and: [eq('o', 'b'), eq('k', 'x')] }, true];
    expect(decide(rules, { o: { toString: 1 }, k: 'y' }).errors.map((e) => e.index)).toEqual([0, 1]);
    expect(decide(rules, { o: 'a', k: 'y' })).toEqual({ rule: 2, errors: [] });
  });

  it('keeps loose equality exact across types', () => {
    const rules = [eq('n', 1), eq('n', 'a'), eq('n', null), true];
    expect(decide(rules, { n: '1' }).rule).toBe(0);
    expect(decide(rules, { n: true }).rule).toBe(0);
    expect(decide(rules, { n: [1] }).rule).toBe(0);
    expect(decide(rules, { n: 'a' }).rule).toBe(1);
    expect(decide(rules, {}).rule).toBe(2); // missing is null
    expect(decide(rules, { n: 0 }).rule).toBe(3);
  });

  it('keeps strict equality and membership strict', () => {
    const rules = [{ '===': [v('n'), 1] }, { in: [v('n'), [2, 'x', null]] }, true];
    expect(decide(rules, { n: '1' }).rule).toBe(2);
    expect(decide(rules, { n: 1 }).rule).toBe(0);
    expect(decide(rules, { n: 2 }).rule).toBe(1);
    expect(decide(rules, { n: '2' }).rule).toBe(2);
    expect(decide(rules, { n: null }).rule).toBe(1);
  });

  it('compares thresholds as the language does, strings and null included', () => {
    const rules = [{ '>': [v('x'), 5] }, { '<=': [0, v('x'), 1] }, true];
    expect(decide(rules, { x: '10' }).rule).toBe(0);
    expect(decide(rules, { x: [7] }).rule).toBe(0);
    expect(decide(rules, { x: 5 }).rule).toBe(2);
    expect(decide(rules, { x: null }).rule).toBe(1);
    expect(decide(rules, { x: 'abc' }).rule).toBe(2);
    expect(decide(rules, {}).rule).toBe(1);
  });

  it('finds `in` over a string by substring, not by index', () => {
    const rules = [{ in: [v('s'), 'prod-web-01'] }, true];
    expect(decide(rules, { s: 'web' }).rule).toBe(0);
    expect(decide(rules, { s: 'db' }).rule).toBe(1);
    expect(decide(rules, { s: 1 }).rule).toBe(0);
  });

  it('applies a var default before indexing', () => {
    const rules = [{ '==': [{ var: ['tier', 'gold'] }, 'gold'] }, true];
    expect(decide(rules, {}).rule).toBe(0);
    expect(decide(rules, { tier: null }).rule).toBe(1);
  });
});

describe('ctem operators', () => {
  it('days_since measures to each document’s own `now`', () => {
    const rules = [{ '>=': [{ days_since: [v('first_seen')] }, 30] }, true];
    expect(decide(rules, { first_seen: '2024-01-01', now: '2024-03-01T00:00:00Z' }).rule).toBe(0);
    expect(decide(rules, { first_seen: '2024-01-01', now: '2024-01-10T00:00:00Z' }).rule).toBe(1);
    expect(decide(rules, { first_seen: '2024-01-01' }).rule).toBe(1);
  });

  it('glob and semver take part like any operator', () => {
    const rules = [{ and: [{ glob: [v('pkg'), 'log4j*'] }, { semver_lt: [v('version'), '2.17.1'] }] }, true];
    expect(decide(rules, { pkg: 'log4j-core', version: '2.14.0' }).rule).toBe(0);
    expect(decide(rules, { pkg: 'log4j-core', version: '2.17.1' }).rule).toBe(1);
  });
});

describe('compile errors', () => {
  it('refuses an unknown operator, located from the rule’s index', () => {
    try {
      compileRuleSet([true, { and: [{ sudo: [1] }] }]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonLogicCompileError);
      expect((e as JsonLogicCompileError).problems[0]?.path).toEqual([1, 'and', 0, 'sudo']);
    }
  });
});
