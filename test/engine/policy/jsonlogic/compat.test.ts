/**
 * The json-logic/compat-tables community suites (Apache-2.0, read from the
 * shared corpus, not copied). Informative only as to their expected results:
 * json-logic-js itself fails some. What is asserted is AGREEMENT with
 * json-logic-js: same value, or both throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { corpusDir } from '../../../support/corpus.ts';
import { ourOutcome, referenceOutcome, sameOutcome, show } from './helpers.ts';

/**
 * Operators of the newer JSON Logic proposals that json-logic-js 2.0.5 does
 * not have (it throws "Unrecognized operation", at the point it reaches them;
 * we refuse them at compile time). Cases using them are skipped, by this list
 * only: an operator outside both json-logic-js and this list fails the test.
 */
const NOT_IN_JSON_LOGIC_JS: Record<string, string> = {
  val: 'newer accessor proposal (val), not in json-logic-js',
  '??': 'coalesce proposal, not in json-logic-js',
  exists: 'exists proposal, not in json-logic-js',
  throw: 'error-handling proposal, not in json-logic-js',
  try: 'error-handling proposal, not in json-logic-js',
  preserve: 'preserve proposal, not in json-logic-js (only in .extra files)',
};
const JSON_LOGIC_JS_OPERATORS = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=',
  'max', 'min', '+', '-', '*', '/', '%', 'cat', 'substr', 'in', 'merge', 'map', 'filter', 'reduce', 'all', 'none', 'some', 'log',
]);

interface Case {
  description: string;
  rule: unknown;
  data?: unknown;
}

function operatorsIn(rule: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(rule)) rule.forEach((r) => operatorsIn(r, out));
  else if (rule !== null && typeof rule === 'object') {
    const keys = Object.keys(rule);
    if (keys.length === 1) out.add(keys[0] as string);
    for (const v of Object.values(rule)) operatorsIn(v, out);
  }
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.extra.json'))
    .sort();
}

const corpus = corpusDir();
const suiteDir = corpus === undefined ? undefined : join(corpus, 'jsonlogic', 'compat-tables-suites');

describe.skipIf(suiteDir === undefined)('compat-tables suites agree with json-logic-js', () => {
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => void vi.restoreAllMocks());

  const all = (suiteDir === undefined ? [] : files(suiteDir)).map((f) => ({
    name: relative(suiteDir as string, f),
    cases: (JSON.parse(readFileSync(f, 'utf8')) as unknown[]).filter((c): c is Case => typeof c === 'object' && c !== null),
  }));

  it('finds the suites', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  for (const { name, cases } of all) {
    it(name, () => {
      const mismatches: string[] = [];
      let compared = 0;
      let skipped = 0;
      for (const c of cases) {
        const ops = [...operatorsIn(c.rule)];
        const foreign = ops.filter((op) => !JSON_LOGIC_JS_OPERATORS.has(op));
        if (foreign.length > 0) {
          // Every skip must be explained by the list above.
          expect(foreign.filter((op) => NOT_IN_JSON_LOGIC_JS[op] === undefined), `${name}: ${c.description}`).toEqual([]);
          skipped++;
          continue;
        }
        const ours = ourOutcome(c.rule, c.data);
        const theirs = referenceOutcome(c.rule, c.data);
        if (!sameOutcome(ours, theirs)) mismatches.push(`${c.description}: ours ${show(ours)}, json-logic-js ${show(theirs)}`);
        compared++;
      }
      expect(mismatches).toEqual([]);
      expect(compared + skipped).toBe(cases.length);
    });
  }
});
