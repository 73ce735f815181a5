/**
 * Randomised differential test: thousands of random rules over every standard
 * operator, on random JSON data, must give json-logic-js's outcome (same
 * value, or both throw). Seeded, so a failure reproduces; the seed and case
 * index are in the message.
 *
 * The generator stays inside the documented departures' complement: no
 * prototype property names as paths or data strings (we read own properties
 * only), no `indexOf` keys in data, and `missing`/`missing_some` keys are
 * constants (json-logic-js evaluates computed keys as rules).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ourOutcome, referenceOutcome, sameOutcome, show } from './helpers.ts';
import { mulberry32 } from '../../../../tools/prng.ts';

const prng = mulberry32;

class Gen {
  constructor(private readonly rnd: () => number) {}

  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }

  static readonly STRINGS = ['', 'a', 'b', 'abc', '0', '1', '2', '10', '-1', '1.5', ' 3 ', 'a,b', 'x.y', 'true', 'null', 'A', 'ab', 'bc', '1e3', 'NaN'];
  static readonly NUMBERS = [0, 1, 2, 3, -1, -2, 0.5, 1.5, 10, 100, -0, 1e21, 2.5, 7];
  static readonly KEYS = ['a', 'b', 'c', 'n', 's', 'arr', 'obj', 'x', 'y', '0', '1', 'empty'];
  static readonly PATHS = ['a', 'b', 'c', 'n', 's', 'arr', 'obj', 'obj.a', 'obj.b', 'obj.arr.0', 'arr.0', 'arr.1', 'arr.5', 'arr.length', 's.length', 's.0', 'x.y', 'x.y.z', '', 'zz', 'a.b', 0, 1, '1', 'empty'];

  primitive(): unknown {
    switch (this.int(6)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
      case 3:
        return this.pick(Gen.NUMBERS);
      default:
        return this.pick(Gen.STRINGS);
    }
  }

  value(depth: number): unknown {
    const r = this.int(10);
    if (depth <= 0 || r < 6) return this.primitive();
    if (r < 8) return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
    const o: Record<string, unknown> = {};
    const n = this.int(4);
    for (let i = 0; i < n; i++) o[this.pick(Gen.KEYS)] = this.value(depth - 1);
    return o;
  }

  data(): unknown {
    if (this.chance(0.05)) return this.value(2);
    const d: Record<string, unknown> = {};
    for (const k of Gen.KEYS) if (this.chance(0.7)) d[k] = this.value(2);
    if (this.chance(0.8)) d.arr = Array.from({ length: this.int(5) }, () => (this.chance(0.7) ? this.pick(Gen.NUMBERS) : this.value(1)));
    if (this.chance(0.6)) d.obj = { a: this.value(1), b: this.primitive(), arr: [this.primitive(), this.primitive()] };
    return d;
  }

  /** A rule; `scope` is what iterator bodies see, to generate meaningful vars. */
  rule(depth: number, scope: 'root' | 'element' | 'reduce' = 'root'): unknown {
    if (depth <= 0 || this.chance(0.2)) return this.leaf(scope);
    const d = depth - 1;
    const r = () => this.rule(d, scope);
    const args = (min: number, max: number) => Array.from({ length: min + this.int(max - min + 1) }, r);
    const op = this.pick(OPS);
    switch (op) {
      case 'var':
        return this.chance(0.8) ? this.leaf(scope) : { var: [r(), r()] };
      case 'missing':
        return this.chance(0.5) ? { missing: Array.from({ length: 1 + this.int(3) }, () => this.pick(Gen.PATHS)) } : { missing: [Array.from({ length: this.int(3) }, () => this.pick(Gen.PATHS))] };
      case 'missing_some':
        return { missing_some: [this.chance(0.8) ? this.int(3) : r(), Array.from({ length: this.int(4) }, () => this.pick(Gen.PATHS))] };
      case 'if':
      case '?:':
        return { [op]: args(0, 5) };
      case 'and':
      case 'or':
        return { [op]: args(0, 4) };
      case '!':
      case '!!':
        return this.chance(0.7) ? { [op]: r() } : { [op]: args(0, 2) };
      case '<':
      case '<=':
        return { [op]: args(1, 3) };
      case 'max':
      case 'min':
      case '+':
      case '*':
      case 'cat':
      case 'merge':
        return this.chance(0.1) ? { [op]: r() } : { [op]: args(0, 4) };
      case '-':
        return { [op]: args(0, 3) };
      case 'substr':
        return { [op]: args(1, 3) };
      case 'map':
      case 'filter':
      case 'all':
      case 'none':
      case 'some':
        return { [op]: [this.iterable(d, scope), this.rule(d, 'element')] };
      case 'reduce':
        return this.chance(0.8)
          ? { reduce: [this.iterable(d, scope), this.rule(d, 'reduce'), r()] }
          : { reduce: [this.iterable(d, scope), this.rule(d, 'reduce')] };
      case 'log':
        return { log: r() };
      case 'literal-array':
        return args(0, 3);
      default:
        return { [op]: args(this.chance(0.9) ? 2 : 1, this.chance(0.9) ? 2 : 3) };
    }
  }

  iterable(depth: number, scope: 'root' | 'element' | 'reduce'): unknown {
    switch (this.int(4)) {
      case 0:
        return { var: scope === 'root' ? this.pick(['arr', 'obj.arr', 'a', 's']) : this.pick(['', 'current', 'accumulator']) };
      case 1:
        return Array.from({ length: this.int(4) }, () => this.primitive());
      case 2:
        return { merge: [{ var: 'arr' }, Array.from({ length: this.int(3) }, () => this.primitive())] };
      default:
        return this.rule(depth, scope);
    }
  }

  leaf(scope: 'root' | 'element' | 'reduce'): unknown {
    if (this.chance(0.5)) return this.primitive();
    if (scope === 'element') return this.chance(0.6) ? { var: '' } : { var: this.pick(Gen.PATHS) };
    if (scope === 'reduce') return { var: this.pick(['current', 'accumulator', 'current.a', '']) };
    const path = this.pick(Gen.PATHS);
    if (this.chance(0.2)) return { var: [path, this.primitive()] };
    return this.chance(0.5) ? { var: path } : { var: [path] };
  }
}

const OPS = [
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=',
  'max', 'min', '+', '-', '*', '/', '%', 'cat', 'substr', 'in', 'merge', 'map', 'filter', 'reduce', 'all', 'none', 'some', 'log',
  'literal-array',
] as const;

const SEEDS = [1, 2, 3, 20240601];
const RULES_PER_SEED = 1500;
const DATA_PER_RULE = 3;

describe('differential against json-logic-js', () => {
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => void vi.restoreAllMocks());

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${RULES_PER_SEED} rules × ${DATA_PER_RULE} documents agree`, () => {
      const g = new Gen(prng(seed));
      const mismatches: string[] = [];
      let compared = 0;
      let threw = 0;
      const seenOps = new Set<string>();
      for (let i = 0; i < RULES_PER_SEED; i++) {
        const rule = g.rule(4);
        JSON.stringify(rule, (k, v: unknown) => {
          if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.keys(v).forEach((op) => seenOps.add(op));
          return v;
        });
        for (let j = 0; j < DATA_PER_RULE; j++) {
          const data = g.data();
          const ours = ourOutcome(rule, data);
          const theirs = referenceOutcome(rule, data);
          compared++;
          if (!theirs.ok) threw++;
          if (!sameOutcome(ours, theirs) && mismatches.length < 10) {
            mismatches.push(`#${i}.${j} ${JSON.stringify(rule)} on ${JSON.stringify(data)}: ours ${show(ours)}, json-logic-js ${show(theirs)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(compared).toBe(RULES_PER_SEED * DATA_PER_RULE);
      // The generator really exercises every operator, and mostly non-throwing rules.
      for (const op of OPS) if (op !== 'literal-array') expect(seenOps.has(op), op).toBe(true);
      expect(threw).toBeLessThan(compared / 4);
    });
  }
});
