/**
 * The rule-set evaluator decides exactly as evaluating the compiled rules one
 * by one does: the same deciding rule, and the same rules reported as
 * throwing, with the same messages, in the same order. Thousands of seeded
 * random rule sets (shared and duplicated atoms, throwing rules, `in` on
 * strings, loose equality, missing vars, objects that refuse conversion) and
 * documents, in both evaluation modes; and, on the standard operators, as
 * json-logic-js does (same deciding rule, same rules throwing).
 *
 * A failure names the seed and the case, and prints the rules and the document.
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, truthy } from '../../../../engine/policy/jsonlogic/index.ts';
import { compileRuleSet, type EvaluationMode, type RuleFailure } from '../../../../engine/policy/ruleset/index.ts';
import { Gen, prng } from './generate.ts';

interface Decision {
  rule: number;
  errors: { index: number; message: string }[];
}

const message = (e: unknown): string => String((e as Error | undefined)?.message ?? e);

/** The engine's semantics, rule by rule (what evaluateRules did before the rule set). */
function oneByOne(evaluate: readonly ((d: unknown) => unknown)[], mode: EvaluationMode, ranks: readonly number[], doc: unknown): Decision {
  const errors: Decision['errors'] = [];
  let best = -1;
  for (let r = 0; r < evaluate.length; r++) {
    let hit: boolean;
    try {
      hit = truthy((evaluate[r] as (d: unknown) => unknown)(doc));
    } catch (e) {
      errors.push({ index: r, message: message(e) });
      continue;
    }
    if (!hit) continue;
    if (mode === 'first-match') return { rule: r, errors };
    if (best < 0 || (ranks[r] as number) < (ranks[best] as number)) best = r;
  }
  return { rule: best, errors };
}

function ruleSetDecision(decide: (doc: unknown, f: RuleFailure[]) => number, doc: unknown): Decision {
  const failures: RuleFailure[] = [];
  const rule = decide(doc, failures);
  return { rule, errors: failures.map((f) => ({ index: f.index, message: message(f.error) })) };
}

const SEEDS = [11, 12, 13, 2026];
const RULE_SETS_PER_SEED = 400;
const DOCUMENTS_PER_RULE_SET = 12;

describe('rule set against the compiled rules one by one', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${RULE_SETS_PER_SEED} rule sets × ${DOCUMENTS_PER_RULE_SET} documents decide alike, errors included`, () => {
      const g = new Gen(prng(seed));
      const mismatches: string[] = [];
      let decisions = 0;
      let withErrors = 0;
      let pruned = 0;
      let indexed = 0;
      for (let i = 0; i < RULE_SETS_PER_SEED; i++) {
        const rules = g.ruleSet(true);
        const mode: EvaluationMode = g.chance(0.7) ? 'first-match' : 'highest-priority';
        const ranks = rules.map(() => g.int(4));
        const set = compileRuleSet(rules, { mode, ranks });
        const shape = set.shape();
        if (shape.dimensions.length > 0) indexed++;
        if (shape.pruningConjuncts > 0) pruned++;
        const compiled = rules.map((r) => compile(r));
        for (let j = 0; j < DOCUMENTS_PER_RULE_SET; j++) {
          const doc = g.document();
          const expected = oneByOne(compiled, mode, ranks, doc);
          const actual = ruleSetDecision((d, f) => set.decide(d, f), doc);
          decisions++;
          if (expected.errors.length > 0) withErrors++;
          if (JSON.stringify(actual) !== JSON.stringify(expected) && mismatches.length < 5) {
            mismatches.push(`#${i}.${j} ${mode} ranks ${JSON.stringify(ranks)}\nrules ${JSON.stringify(rules)}\ndoc ${String(JSON.stringify(doc))}\nexpected ${JSON.stringify(expected)}\nactual   ${JSON.stringify(actual)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(decisions).toBe(RULE_SETS_PER_SEED * DOCUMENTS_PER_RULE_SET);
      // The generator really exercises errors, the index and pruning.
      expect(withErrors).toBeGreaterThan(decisions / 20);
      expect(indexed).toBeGreaterThan(RULE_SETS_PER_SEED / 2);
      expect(pruned).toBeGreaterThan(RULE_SETS_PER_SEED / 4);
    }, 120_000);
  }

  it('deciding the same document twice in a row gives the same answer (the memory of one document does not leak into the next)', () => {
    const g = new Gen(prng(99));
    for (let i = 0; i < 200; i++) {
      const rules = g.ruleSet(true);
      const set = compileRuleSet(rules);
      const docs = Array.from({ length: 4 }, () => g.document());
      const first = docs.map((d) => ruleSetDecision((x, f) => set.decide(x, f), d));
      const again = [...docs].reverse().map((d) => ruleSetDecision((x, f) => set.decide(x, f), d)).reverse();
      expect(again).toEqual(first);
    }
  });
});

describe('rule set against json-logic-js, standard operators', () => {
  const apply = jsonLogic.apply as unknown as (rule: unknown, data: unknown) => unknown;

  for (const seed of [21, 22]) {
    it(`seed ${seed}: the same deciding rule and the same rules throwing`, () => {
      const g = new Gen(prng(seed));
      const mismatches: string[] = [];
      for (let i = 0; i < 300; i++) {
        const rules = g.ruleSet(false);
        const mode: EvaluationMode = g.chance(0.7) ? 'first-match' : 'highest-priority';
        const ranks = rules.map(() => g.int(4));
        const set = compileRuleSet(rules, { mode, ranks });
        const reference = rules.map((r) => (d: unknown) => apply(r, d));
        for (let j = 0; j < 10; j++) {
          const doc = g.document();
          const expected = oneByOne(reference, mode, ranks, doc);
          const actual = ruleSetDecision((d, f) => set.decide(d, f), doc);
          const indices = (d: Decision) => ({ rule: d.rule, errors: d.errors.map((e) => e.index) });
          if (JSON.stringify(indices(actual)) !== JSON.stringify(indices(expected)) && mismatches.length < 5) {
            mismatches.push(`#${i}.${j} ${mode}\nrules ${JSON.stringify(rules)}\ndoc ${String(JSON.stringify(doc))}\njson-logic-js ${JSON.stringify(expected)}\nrule set      ${JSON.stringify(actual)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    }, 120_000);
  }
});
