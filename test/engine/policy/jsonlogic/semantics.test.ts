/**
 * json-logic-js's quirks, one by one: each rule must give exactly
 * json-logic-js's outcome (value with -0/NaN distinguished, or a throw), both
 * with constant arguments (folded at compile time) and with the same values
 * arriving as data (evaluated at run time).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compile, truthy } from '../../../../engine/policy/jsonlogic/index.ts';
import { ourOutcome, referenceOutcome, sameOutcome, show } from './helpers.ts';

const QUIRKS: [string, unknown[]][] = [
  ['==', [[1, '1'], [0, ''], [null, undefined], [null, 0], [[], ''], [[], false], [[1], 1], [[1, 2], '1,2'], [{}, '[object Object]'], ['1e3', 1000], [true, '1'], [NaN, NaN], [[null], ''], [[[1]], 1]]],
  ['!=', [[1, '1'], [null, false], [[], 0]]],
  ['===', [[1, 1], [-0, 0], [NaN, NaN], [[], []]]],
  ['<', [[1, 2], ['a', 'b'], ['10', '9'], ['10', 9], [null, 1], [undefined, 1], [[2], 3], [1, 2, 3], [1, 3, 2], [1, 2, null], ['a', 1]]],
  ['<=', [[1, 1], [1, 1, 1], [null, 0], [[], 0]]],
  ['>', [[2, 1], ['b', 'a'], [1], [{}, 1]]],
  ['>=', [[null, null], [undefined, undefined], ['', 0]]],
  ['+', [[], [1], ['1', '2'], ['1.5abc', 1], [true, 1], [null, 1], [[1, 2], 1], [-0], [-0, -0], ['-0'], [1e21, 1]]],
  ['*', [[], ['2'], [[3]], [-1, 0], [-1, 0, 5], ['2', '3'], [true, 2], [0, -1]]],
  ['-', [[], [2], ['2'], [5, 2], ['5', '2'], [[5], [2]], [null], [5, null]]],
  ['/', [[1, 0], [-1, 0], [0, 0], ['6', '3'], [1]]],
  ['%', [[5, 3], [-5, 3], [5, 0], ['5', '3']]],
  ['max', [[], [1, 2], ['3', 2], [[5], 1], [null, -1], [undefined, 1]]],
  ['min', [[], [1, 2], ['a', 1]]],
  ['cat', [[], ['a', 1, null, undefined, true], [[1, [2, 3]], 'x'], [{}], [-0]]],
  ['substr', [['jsonlogic', 4], ['jsonlogic', -5], ['jsonlogic', 1, 3], ['jsonlogic', 4, -2], ['jsonlogic', 4, '-2'], [12345, 1, 2], [null, 1], [['a', 'b'], 0, 2], ['abc', '1'], ['abc', 1, 0]]],
  ['in', [['a', 'abc'], ['d', 'abc'], [1, [1, 2]], ['1', [1, 2]], [null, 'null'], [undefined, 'xundefinedx'], ['a', ''], ['a', null], ['a', 5], [[1], [[1]]], [NaN, [NaN]], [1, '123']]],
  ['merge', [[], [1], [[1], [2, [3]]], [null, []]]],
  ['!', [[], [[]], [0], ['0'], ['']]],
  ['!!', [[[]], [[0]], ['0'], [{}]]],
  ['var', [[], [null], [''], ['a'], ['a', 'dflt'], ['missing', 'dflt'], ['n', 'dflt'], ['arr.1'], ['arr.9', 7], [1], [1.5], ['s.length'], ['s.0'], [true], [false], ['nested.0.x'], ['nil.x', 3], ['nil', 3], [['a']], ['a.']]],
  ['missing', [[], ['a', 'zz'], [['a', 'zz']], [['a', 'zz'], 'b'], ['empty', 'nil'], [['zz', 'dflt']], ['']]],
  ['missing_some', [[1, ['a', 'zz']], [2, ['a', 'zz']], [0, []], [1, 'zz'], [1, 'a'], ['1', ['zz']], [1, null], [1, 5]]],
  ['log', [[], ['x'], [1, 2]]],
  ['if', [[], [1], [true, 1], [false, 1], [false, 1, 2], [[], 1, 2], [0, 1, '', 2, 3], [0, 1, 'x', 2, 3], [null, 1, null, 2]]],
  ['?:', [[true, 1, 2], [0, 1, 2]]],
  ['and', [[], [1], [1, 0, 2], [1, [], 2], [1, 2], [true, 'x']]],
  ['or', [[], [0], [0, 1], [0, '', []], [null, false]]],
];

/** Data holding each argument, so the same operation runs with nothing to fold. */
const DATA = { a: 1, n: null, s: 'abc', arr: [1, 2], empty: '', nested: [{ x: 'y' }], nil: null };

describe('json-logic-js quirks', () => {
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => void vi.restoreAllMocks());

  for (const [op, argLists] of QUIRKS) {
    it(op, () => {
      const mismatches: string[] = [];
      for (const args of argLists as unknown[][]) {
        const constant = { [op]: args };
        const viaData = { [op]: args.map((_, i) => ({ var: `p${i}` })) };
        const data = { ...DATA, ...Object.fromEntries(args.map((a, i) => [`p${i}`, a])) };
        for (const rule of [constant, viaData]) {
          // An argument that is undefined cannot arrive via var (it becomes null): skip that variant.
          if (rule === viaData && args.includes(undefined)) continue;
          const ours = ourOutcome(rule, data);
          const theirs = referenceOutcome(rule, data);
          if (!sameOutcome(ours, theirs)) mismatches.push(`${JSON.stringify(rule)}: ours ${show(ours)}, json-logic-js ${show(theirs)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('iterators: non-arrays, empty arrays, reduce without initial, missing body', () => {
    const rules = [
      { all: [[], true] },
      { all: [{ var: 'n' }, true] },
      { none: [[], true] },
      { some: [[], true] },
      { map: [{ var: 's' }, 1] },
      { filter: [{ var: 'a' }, true] },
      { reduce: [{ var: 'n' }, 1] },
      { reduce: [{ var: 'n' }, 1, 5] },
      { reduce: [[1, 2, 3], { '+': [{ var: 'current' }, { var: 'accumulator' }] }] },
      { reduce: [[1, 2, 3], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] },
      { reduce: [[1, 2], { var: '' }] },
      { map: [[1, 2]] },
      { filter: { var: 'arr' } },
      { all: [[1, 0], { var: '' }] },
      { some: [[[], [1]], { var: '' }] },
      { map: [{ var: 'arr' }, { var: 'a' }] },
      { map: [[{ a: 1 }, { b: 2 }], { var: 'a' }] },
      { map: [{ merge: [{ var: 'arr' }, [3]] }, { '*': [{ var: '' }, 2] }] },
    ];
    const mismatches: string[] = [];
    for (const rule of rules) {
      const ours = ourOutcome(rule, DATA);
      const theirs = referenceOutcome(rule, DATA);
      if (!sameOutcome(ours, theirs)) mismatches.push(`${JSON.stringify(rule)}: ours ${show(ours)}, json-logic-js ${show(theirs)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('errors are thrown only where json-logic-js throws them: when reached', () => {
    // `{"*": []}` throws; folding must not turn that into a compile error for a branch never taken.
    expect(compile({ if: [{ var: 'x' }, { '*': [] }, 'safe'] })({ x: false })).toBe('safe');
    expect(() => compile({ if: [{ var: 'x' }, { '*': [] }, 'safe'] })({ x: true })).toThrow(TypeError);
  });

  it('a path that cannot become a string throws when reached, not at compile time', () => {
    const badPath = { var: [{ toString: 1, x: 2 }] };
    expect(() => compile({ if: [false, badPath, 1] })).not.toThrow();
    expect(compile({ if: [false, badPath, 1] })({})).toBe(1);
    expect(sameOutcome(ourOutcome(badPath, {}), referenceOutcome(badPath, {}))).toBe(true);
    expect(ourOutcome(badPath, {}).ok).toBe(false);
  });

  it('literal objects and arrays are returned as values', () => {
    expect(compile({ a: 1, b: 2 })({})).toEqual({ a: 1, b: 2 });
    expect(compile([1, { var: 'a' }, [2]])({ a: 'x' })).toEqual([1, 'x', [2]]);
    expect(compile({})(null)).toEqual({});
  });

  it('truthy is JSON Logic truthiness', () => {
    expect([[], 0, '', null, undefined, false, NaN].map(truthy)).toEqual([false, false, false, false, false, false, false]);
    expect([[0], '0', {}, 1, -1, 'false', true].map(truthy)).toEqual([true, true, true, true, true, true, true]);
  });
});
