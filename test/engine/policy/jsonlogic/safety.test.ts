/**
 * Safety properties: prototype paths yield defaults, nothing is printed, no
 * function found in data is called, deep rules are refused, json-logic-js's
 * global operator table is untouched, compiled constants cannot be mutated
 * into changing later results.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic from 'json-logic-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRule, compile, JsonLogicCompileError, JsonLogicRuntimeError, MAX_RULE_DEPTH, operatorNames } from '../../../../engine/policy/jsonlogic/index.ts';
import { reference } from './helpers.ts';
import { repoRoot } from '../../../support/corpus.ts';

afterEach(() => void vi.restoreAllMocks());

describe('var reads own properties only', () => {
  const data = JSON.parse('{"finding": {"id": "F-1", "tags": ["a"]}, "s": "abc", "n": 5, "own": {"__proto__": {"x": 1}, "constructor": "mine"}}') as unknown;

  it.each([
    'constructor',
    'toString',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
    'finding.constructor',
    'finding.__proto__',
    'finding.tags.map',
    'finding.tags.constructor',
    'finding.id.constructor',
    'finding.id.toUpperCase',
    's.constructor',
    'n.toFixed',
    '__proto__.polluted',
    'constructor.prototype',
  ])('{"var": %j} yields the default, not a prototype member', (path) => {
    expect(compile({ var: path })(data)).toBeNull();
    expect(compile({ var: [path, 'dflt'] })(data)).toBe('dflt');
    expect(compile({ missing: [path] })(data)).toEqual([path]);
  });

  it('json-logic-js, by contrast, leaks them (the documented departure)', () => {
    expect(reference({ var: 'constructor' }, data)).toBe(Object);
    expect(typeof reference({ var: 'finding.id.toUpperCase' }, data)).toBe('function');
  });

  it('own keys with those names are ordinary data', () => {
    expect(compile({ var: 'own.constructor' })(data)).toBe('mine');
    expect(compile({ var: 'own.__proto__.x' })(data)).toBe(1);
  });

  it('own properties of arrays and strings still work like json-logic-js', () => {
    for (const path of ['finding.tags.0', 'finding.tags.length', 's.length', 's.1', 'finding.tags.1']) {
      expect(compile({ var: path })(data)).toEqual(reference({ var: path }, data));
    }
  });

  it('a polluted Object.prototype is not visible through var', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.ctemPolluted = 'yes';
    try {
      expect(compile({ var: 'finding.ctemPolluted' })(data)).toBeNull();
      expect(compile({ var: 'ctemPolluted' })({})).toBeNull();
      expect(reference({ var: 'ctemPolluted' }, {})).toBe('yes');
    } finally {
      delete proto.ctemPolluted;
    }
  });
});

describe('log', () => {
  it('is the identity and prints nothing', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    expect(compile({ log: { var: 'a' } })({ a: [1, 2] })).toEqual([1, 2]);
    expect(compile({ log: 'apple' })(null)).toBe('apple');
    expect(compile({ '==': [{ log: { var: 'a' } }, 1] })({ a: 1 })).toBe(true);
    expect(log).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });
});

describe('functions found in data are never called', () => {
  const trap = vi.fn(() => 'called');
  const evil = { toString: trap, valueOf: trap, [Symbol.toPrimitive]: trap, indexOf: trap };
  class Sneaky {
    toString() {
      return trap();
    }
  }

  it.each([
    [{ '==': [{ var: 'x' }, 'called'] }],
    [{ '<': [{ var: 'x' }, 'z'] }],
    [{ '+': [{ var: 'x' }, 1] }],
    [{ '*': [{ var: 'x' }, 1] }],
    [{ '-': [{ var: 'x' }, 1] }],
    [{ cat: [{ var: 'x' }] }],
    [{ substr: [{ var: 'x' }, 1] }],
    [{ in: ['a', { var: 'x' }] }],
    [{ in: [{ var: 'x' }, 'abc'] }],
    [{ var: { var: 'x' } }],
    [{ max: [{ var: 'x' }, 1] }],
  ])('%j refuses instead of calling', (rule) => {
    for (const x of [evil, new Sneaky(), trap, [evil]]) {
      trap.mockClear();
      let outcome: unknown;
      try {
        outcome = compile(rule)({ x });
      } catch (e) {
        outcome = e;
      }
      expect(trap).not.toHaveBeenCalled();
      expect(outcome === false || outcome instanceof Error).toBe(true);
      if (outcome instanceof Error) expect([JsonLogicRuntimeError, TypeError]).toContain(outcome.constructor);
    }
  });

  it('a function value is returned as data, never invoked', () => {
    trap.mockClear();
    expect(compile({ var: 'f' })({ f: trap })).toBe(trap);
    expect(compile({ '!!': { var: 'f' } })({ f: trap })).toBe(true);
    expect(trap).not.toHaveBeenCalled();
  });
});

describe('nesting depth', () => {
  const nest = (levels: number): unknown => {
    let rule: unknown = { var: 'x' };
    for (let i = 1; i < levels; i++) rule = { '!': rule };
    return rule;
  };

  it(`accepts ${MAX_RULE_DEPTH} levels and refuses ${MAX_RULE_DEPTH + 1} at compile time`, () => {
    expect(compile(nest(MAX_RULE_DEPTH))({ x: 1 })).toBe(MAX_RULE_DEPTH % 2 === 0 ? false : true);
    expect(() => compile(nest(MAX_RULE_DEPTH + 1))).toThrow(JsonLogicCompileError);
  });

  it('refuses absurdly deep rules, arrays and literal objects without overflowing the stack', () => {
    let arr: unknown = 1;
    let obj: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      arr = [arr];
      obj = { a: obj, b: 1 };
    }
    for (const rule of [nest(100_000), arr, obj]) {
      try {
        compile(rule);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(JsonLogicCompileError);
        expect((e as JsonLogicCompileError).problems[0]?.code).toBe('too-deep');
      }
    }
  });

  it('the limit is configurable downwards', () => {
    expect(() => compile(nest(10), { maxDepth: 5 })).toThrow(/more than 5 levels/);
  });
});

describe('unknown operators', () => {
  it('are refused at compile time with their path, even in a branch never taken', () => {
    try {
      compile({ if: [true, 1, { sudo: [] }] });
      expect.unreachable();
    } catch (e) {
      expect((e as JsonLogicCompileError).problems).toEqual([expect.objectContaining({ code: 'unknown-operator', path: ['if', 2, 'sudo'] })]);
    }
  });

  it.each(['constructor', '__proto__', 'hasOwnProperty', 'toString', 'method', 'var.length', 'regex_match'])('%j is not an operator', (op) => {
    expect(() => compile(JSON.parse(`{${JSON.stringify(op)}: [1]}`))).toThrow(JsonLogicCompileError);
  });
});

describe('no global state', () => {
  it('never touches json-logic-js (no add_operation, same operator behaviour)', () => {
    const add = vi.spyOn(jsonLogic, 'add_operation');
    const rm = vi.spyOn(jsonLogic, 'rm_operation');
    compile({ and: [{ glob: [{ var: 'a' }, 'x*'] }, { semver_lt: ['1.0.0', '2.0.0'] }, { days_since: ['2024-01-01'] }, { lower: 'A' }] });
    expect(add).not.toHaveBeenCalled();
    expect(rm).not.toHaveBeenCalled();
    expect(() => reference({ glob: ['a', 'a'] }, {})).toThrow(/Unrecognized operation glob/);
    expect(() => reference({ lower: 'A' }, {})).toThrow(/Unrecognized operation/);
  });

  it('compiled rules are independent: compiling or running one does not change another', () => {
    const a = compile({ days_since: { var: 'd' } });
    const b = compile({ days_since: { var: 'd' } }, { now: '2024-01-31T00:00:00Z' });
    expect(a({ d: '2024-01-01', now: '2024-01-11T00:00:00Z' })).toBe(10);
    expect(b({ d: '2024-01-01', now: '2024-01-11T00:00:00Z' })).toBe(30);
    expect(a({ d: '2024-01-01' })).toBeNull();
  });
});

describe('compiled rules are immutable', () => {
  it('mutating the rule after compiling changes nothing', () => {
    const rule = { in: [{ var: 'x' }, ['a', 'b']] } as { in: [unknown, string[]] };
    const f = compile(rule);
    rule.in[1].push('c');
    expect(f({ x: 'c' })).toBe(false);
  });

  it('constant results are frozen, so a caller cannot corrupt later evaluations', () => {
    const f = compile({ if: [{ var: 'x' }, [1, 2], { a: 1, b: [3] }] });
    const arr = f({ x: true }) as number[];
    expect(() => arr.push(3)).toThrow(TypeError);
    const obj = f({ x: false }) as { b: number[] };
    expect(() => obj.b.push(4)).toThrow(TypeError);
    expect(f({ x: true })).toEqual([1, 2]);
  });
});

describe('no code generation', () => {
  it('the compiler sources use no eval, Function constructor or string timers', () => {
    const dir = join(repoRoot, 'engine', 'policy', 'jsonlogic');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const f of sources) {
      const code = readFileSync(join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/\beval\s*\(|\bFunction\s*\(|new\s+Function\b|\.constructor\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/);
    }
  });
});

describe('garbage in', () => {
  it('compile throws only JsonLogicCompileError, checkRule never throws, evaluation throws only Errors', () => {
    let seed = 99;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const keys = [...operatorNames, 'sudo', '__proto__', 'constructor', 'toString', 'a', ''];
    const junk = (depth: number): unknown => {
      switch (depth <= 0 ? rnd(5) : rnd(9)) {
        case 0:
          return null;
        case 1:
          return rnd(2) === 0;
        case 2:
          return [0, -1, 1.5, 1e308, -0][rnd(5)];
        case 3:
          return ['', 'a', 'a.b', '*', '1.0.0', '2024-01-01', '__proto__', 'constructor'][rnd(8)];
        case 4:
          return undefined;
        case 5:
        case 6:
          return JSON.parse(JSON.stringify({ [keys[rnd(keys.length)] as string]: junk(depth - 1) }) ?? 'null') as unknown;
        case 7:
          return Array.from({ length: rnd(4) }, () => junk(depth - 1));
        default:
          return { [keys[rnd(keys.length)] as string]: Array.from({ length: rnd(4) }, () => junk(depth - 1)), ...(rnd(4) === 0 ? { toString: 1 } : {}) };
      }
    };
    let compiled = 0;
    for (let i = 0; i < 3000; i++) {
      const rule = junk(4);
      expect(() => checkRule(rule, { allowedVariables: ['a'] })).not.toThrow();
      let f: ((d: unknown) => unknown) | undefined;
      try {
        f = compile(rule);
        compiled++;
      } catch (e) {
        expect(e).toBeInstanceOf(JsonLogicCompileError);
      }
      for (const data of [null, { a: [1, 'x'], b: { c: 2 } }, [1, 2], 'str']) {
        try {
          f?.(data);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }
    }
    expect(compiled).toBeGreaterThan(500);
  });
});
