/**
 * Random rule sets and documents for the rule-set differential tests (seeded).
 *
 * Rule sets are built the way policies are: a small pool of atoms per rule
 * set (so the same atom recurs in many rules, exactly or through equal
 * structure), combined with and/or/! and nesting. Atoms cover the shapes the
 * index and the memo handle specially (==, ===, !=, !==, in over arrays and
 * strings, thresholds, between, truthiness, var defaults) and ones they do not
 * (arithmetic, if, cat, substr, missing, iterators, custom operators), plus
 * atoms that throw at run time on some documents or on all of them.
 *
 * Documents draw their values from the same constants as the rules (so
 * equality tests hit), with loose-equality traps ("1" vs 1, " 3 ", "", null,
 * booleans), missing vars, arrays, and objects that refuse conversion
 * (own non-callable `toString`, own `indexOf`, no prototype).
 */
import { mulberry32 } from '../../../../tools/prng.ts';

/** A deterministic pseudo-random generator (tools/prng.ts). */
export const prng = mulberry32;

const VARS = ['a', 'b', 'c', 'n', 's', 'flag', 'tags', 'obj.x', 'obj.y', 'obj.arr', 'deep.a.b', 'missing', 'obj.missing', 'evil', 'date', 'version', 'name'];
const STRINGS = ['a', 'b', 'ab', 'abc', '', '1', '0', '10', ' 3 ', 'x.y', 'true', 'null', 'critical', 'high', 'medium', 'low', 'prod-web', 'lib-ssl'];
const NUMBERS = [0, 1, 2, 3, -1, 0.5, 1.5, 7, 9, 10, 100, -0];
const DATES = ['2024-01-15', '2024-05-01T10:00:00Z', '2023-12-31T23:59:59+02:00', 'not a date', '2024-06-01'];
const VERSIONS = ['1.2.3', 'v2.0.0', '1.10.0-rc1', '0.0.1', 'banana', '3.4'];
const GLOBS = ['prod-*', 'lib*ssl*', '*', 'a?c', '{a,b}*', '[ab]*'];

export interface Evil {
  /** Values whose conversion throws, for data. */
  readonly values: readonly unknown[];
}

export class Gen {
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

  constant(): unknown {
    switch (this.int(7)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
      case 3:
        return this.pick(NUMBERS);
      default:
        return this.pick(STRINGS);
    }
  }

  /** A value that refuses conversion (or searching), as attacker-shaped data might. */
  evil(): unknown {
    switch (this.int(5)) {
      case 0:
        return { toString: 1, a: 1 };
      case 1:
        return { indexOf: 1 };
      case 2:
        return Object.assign(Object.create(null) as object, { a: 1 });
      case 3:
        return [1, { toString: 'x', b: 2 }];
      default:
        return { valueOf: 'no', c: 3 };
    }
  }

  value(depth = 1): unknown {
    const r = this.int(20);
    if (r < 12 || depth <= 0) return this.constant();
    if (r < 15) return Array.from({ length: this.int(4) }, () => (this.chance(0.8) ? this.constant() : this.value(depth - 1)));
    if (r < 17) return { x: this.constant(), y: this.value(depth - 1) };
    if (r < 18) return this.pick(DATES);
    return this.evil();
  }

  document(): Record<string, unknown> {
    const d: Record<string, unknown> = {};
    for (const k of ['a', 'b', 'c', 'n', 's', 'flag']) if (this.chance(0.85)) d[k] = this.value();
    if (this.chance(0.8)) d.tags = Array.from({ length: this.int(4) }, () => this.pick(STRINGS));
    if (this.chance(0.8)) d.obj = { x: this.value(), y: this.constant(), arr: Array.from({ length: this.int(3) }, () => this.constant()) };
    else if (this.chance(0.3)) d.obj = this.constant();
    if (this.chance(0.6)) d.deep = { a: this.chance(0.8) ? { b: this.value() } : this.constant() };
    if (this.chance(0.15)) d.evil = this.evil();
    if (this.chance(0.7)) d.date = this.pick(DATES);
    if (this.chance(0.7)) d.version = this.pick(VERSIONS);
    if (this.chance(0.7)) d.name = this.pick(STRINGS);
    if (this.chance(0.8)) d.now = this.chance(0.9) ? '2024-06-01T00:00:00Z' : this.pick([...DATES, 5, null]);
    return d;
  }

  varRef(): unknown {
    const path = this.pick(VARS);
    if (this.chance(0.15)) return { var: [path, this.constant()] };
    return this.chance(0.5) ? { var: path } : { var: [path] };
  }

  /** One atom: the shapes policies are made of, and some they are not. */
  atom(custom: boolean): unknown {
    const v = this.varRef();
    switch (this.int(custom ? 22 : 18)) {
      case 0:
      case 1:
        return { '==': this.chance(0.8) ? [v, this.constant()] : [this.constant(), v] };
      case 2:
        return { '===': [v, this.constant()] };
      case 3:
        return { [this.pick(['!=', '!=='])]: [v, this.constant()] };
      case 4:
      case 5:
        return { in: [v, Array.from({ length: 1 + this.int(4) }, () => this.constant())] };
      case 6:
        return { in: this.chance(0.5) ? [v, this.pick(STRINGS)] : [this.pick(STRINGS), v] };
      case 7:
      case 8:
        return { [this.pick(['<', '<=', '>', '>='])]: this.chance(0.8) ? [v, this.pick(NUMBERS)] : [this.pick(NUMBERS), v] };
      case 9:
        return { [this.pick(['<', '<='])]: [this.pick(NUMBERS), v, this.pick(NUMBERS)] };
      case 10:
        return v;
      case 11:
        return { '!': v };
      case 12:
        return { '==': [v, this.varRef()] };
      case 13:
        return { in: [v, this.varRef()] };
      case 14:
        return this.wild(2);
      case 15:
        // Throws on every document (json-logic-js: Array.prototype.reduce of nothing).
        return this.chance(0.5) ? { '*': [] } : { missing_some: [1, { var: 'missing' }] };
      case 16:
        return { '>': [{ '+': [v, this.pick(NUMBERS)] }, this.pick(NUMBERS)] };
      case 17:
        return { some: [{ var: this.pick(['tags', 'obj.arr', 'a']) }, { '==': [{ var: '' }, this.constant()] }] };
      case 18:
        return { glob: [v, this.pick(GLOBS)] };
      case 19:
        return { [this.pick(['semver_lt', 'semver_gte'])]: [{ var: 'version' }, this.pick(VERSIONS)] };
      case 20:
        return { '>=': [{ days_since: [{ var: 'date' }] }, this.pick([0, 30, 100, 200])] };
      default:
        return { starts_with: [v, this.pick(STRINGS)] };
    }
  }

  /** Any standard operation, small: arithmetic, strings, if, missing, iterators. */
  wild(depth: number): unknown {
    const r = (): unknown => (depth <= 0 || this.chance(0.4) ? (this.chance(0.5) ? this.constant() : this.varRef()) : this.wild(depth - 1));
    switch (this.int(10)) {
      case 0:
        return { '+': [r(), r()] };
      case 1:
        return { cat: [r(), r()] };
      case 2:
        return { if: [r(), r(), r()] };
      case 3:
        return { substr: [r(), this.pick([0, 1, -1])] };
      case 4:
        return { missing: [this.pick(VARS), this.pick(VARS)] };
      case 5:
        return { '?:': [r(), r(), r()] };
      case 6:
        return { map: [{ var: this.pick(['tags', 'obj.arr']) }, { cat: [{ var: '' }, 'x'] }] };
      case 7:
        return { '%': [r(), r()] };
      case 8:
        return { max: [r(), r()] };
      default:
        return { merge: [r(), [r()]] };
    }
  }

  /** A rule set over a shared pool of atoms. */
  ruleSet(custom: boolean): unknown[] {
    const pool = Array.from({ length: 3 + this.int(10) }, () => this.atom(custom));
    // Structural duplicates (equal JSON, different objects) as well as shared references.
    const take = (): unknown => (this.chance(0.3) ? structuredClone(this.pick(pool)) : this.pick(pool));
    const rule = (depth: number): unknown => {
      const k = this.int(12);
      if (depth <= 0 || k < 3) return this.chance(0.2) ? { '!': take() } : take();
      if (k < 8) return { and: Array.from({ length: 1 + this.int(4) }, () => rule(depth - 1)) };
      if (k < 10) return { or: Array.from({ length: 1 + this.int(3) }, () => rule(depth - 1)) };
      if (k < 11) return { '!': rule(depth - 1) };
      return this.pick([true, false, { and: [] }, { or: [] }, { if: [take(), rule(depth - 1), take()] }, 0, 'x', []]);
    };
    // Some rule sets span several 32-bit words of the candidate bitsets.
    return Array.from({ length: this.chance(0.15) ? 33 + this.int(70) : 1 + this.int(30) }, () => rule(2));
  }
}
