/**
 * Turns the DAG into closures over a {@link Frame}: one per node, taking no
 * argument (the document is in the frame). A node used in more than one place
 * (by several parents or several rules) is wrapped so that it is evaluated at
 * most once per document; a node used once is evaluated at most once anyway.
 *
 * Every closure computes exactly what the json-logic operator table
 * (operators.ts) computes, evaluating arguments left to right before the
 * operation, and the lazy operators in json-logic-js's order, so the first
 * error a rule meets is the one the per-rule compiled closure meets. The
 * specialised shapes are the ones fast.ts specialises, with the `var` read
 * inline from the frame.
 */
import { ge, gt, le, looseEq, lt, toStr, truthy } from '../jsonlogic/coerce.ts';
import { daysSince, globMatcher } from '../jsonlogic/custom.ts';
import { inOp, type ConstArg, type EagerImpl, type Runtime } from '../jsonlogic/operators.ts';
import type { Dag, DagNode } from './dag.ts';
import { readPath, type Frame } from './frame.ts';

export type Ev = () => unknown;

const EMPTY: readonly unknown[] = Object.freeze([]);

export function buildClosures(dag: Dag, fr: Frame, memoised: (id: number) => boolean): Ev[] {
  const ev: Ev[] = [];
  for (let id = 0; id < dag.nodes.length; id++) {
    const n = dag.node(id);
    if (n.k === 'path') {
      fr.parent[id] = n.parent === dag.doc ? -1 : n.parent;
      fr.key[id] = n.key;
    }
    const f = closure(dag, id, n, ev, fr);
    ev.push(memoised(id) ? memo(fr, id, f) : f);
  }
  return ev;
}

function memo(fr: Frame, id: number, f: Ev): Ev {
  const stamp = fr.stamp;
  const vals = fr.vals;
  return () => {
    const s = stamp[id];
    if (s === fr.gen) return vals[id];
    if (s === -fr.gen) throw vals[id];
    let v: unknown;
    try {
      v = f();
    } catch (err) {
      stamp[id] = -fr.gen;
      vals[id] = err;
      throw err;
    }
    stamp[id] = fr.gen;
    vals[id] = v;
    return v;
  };
}

function closure(dag: Dag, id: number, n: DagNode, ev: readonly Ev[], fr: Frame): Ev {
  switch (n.k) {
    case 'const': {
      const value = n.value;
      return () => value;
    }
    case 'doc':
      return () => fr.doc;
    case 'path':
      // Read through readPath by var nodes (which apply the default); never a rule's value itself.
      return () => readPath(fr, id);
    case 'var': {
      const p = n.path;
      const nf = n.nf;
      return () => {
        const r = readPath(fr, p);
        return r === undefined ? nf : r;
      };
    }
    case 'and':
    case 'or': {
      const fs = n.args.map((a) => ev[a] as Ev);
      const isAnd = n.k === 'and';
      return () => {
        let current: unknown;
        for (let i = 0; i < fs.length; i++) {
          current = (fs[i] as Ev)();
          if (truthy(current) !== isAnd) return current;
        }
        return current;
      };
    }
    case 'if': {
      const fs = n.args.map((a) => ev[a] as Ev);
      return () => {
        let i = 0;
        for (; i < fs.length - 1; i += 2) if (truthy((fs[i] as Ev)())) return (fs[i + 1] as Ev)();
        return i === fs.length - 1 ? (fs[i] as Ev)() : null;
      };
    }
    case 'array': {
      const fs = n.args.map((a) => ev[a] as Ev);
      return () => {
        const out = new Array<unknown>(fs.length);
        for (let i = 0; i < fs.length; i++) out[i] = (fs[i] as Ev)();
        return out;
      };
    }
    case 'opaque': {
      const fn = n.fn;
      return () => fn(fr.doc);
    }
    case 'op':
      return specialised(dag, n, ev, fr) ?? general(dag, n, ev, fr);
  }
}

type OpNode = Extract<DagNode, { k: 'op' }>;

/** json-logic-js's evaluation: every argument, left to right, then the operation. */
function general(dag: Dag, n: OpNode, ev: readonly Ev[], fr: Frame): Ev {
  const spec = n.spec;
  const impl = spec.impl as EagerImpl;
  const prepared = spec.prepare?.(n.args.map((a): ConstArg | undefined => (dag.isConst(a) ? { value: dag.constValue(a) } : undefined))) ?? impl;
  const rt: Runtime = { now: undefined };
  const usesNow = spec.usesNow ?? false;
  const fs = n.args.map((a) => ev[a] as Ev);
  const call = (values: readonly unknown[]): unknown => {
    if (usesNow) rt.now = fr.now();
    return prepared(values, fr.doc, rt);
  };
  if (fs.length === 0) return () => call(EMPTY);
  if (fs.length === 1) {
    const [f0] = fs as [Ev];
    return () => call([f0()]);
  }
  if (fs.length === 2) {
    const [f0, f1] = fs as [Ev, Ev];
    return () => {
      const a = f0();
      return call([a, f1()]);
    };
  }
  return () => {
    const values = new Array<unknown>(fs.length);
    for (let i = 0; i < fs.length; i++) values[i] = (fs[i] as Ev)();
    return call(values);
  };
}

/** `x == c` for a primitive constant c: same type is `===`, otherwise the full algorithm. */
function eqConst(v: unknown, c: unknown): boolean {
  return v === c || (typeof v !== typeof c && looseEq(v, c));
}

/** A var node's path and default, when `id` is one. */
function varOf(dag: Dag, id: number): { p: number; nf: unknown } | undefined {
  const n = dag.node(id);
  return n.k === 'var' ? { p: n.path, nf: n.nf } : undefined;
}

/** Fast closures for the shapes policies are made of; undefined to use the general one. */
function specialised(dag: Dag, n: OpNode, ev: readonly Ev[], fr: Frame): Ev | undefined {
  const [a, b, c] = n.args;
  switch (n.op) {
    case '==':
    case '===':
    case '!=':
    case '!==': {
      if (a === undefined || b === undefined || n.args.length !== 2) return undefined;
      const strict = n.op === '===' || n.op === '!==';
      const neg = n.op === '!=' || n.op === '!==';
      const constSide = dag.isConst(b) ? b : dag.isConst(a) ? a : undefined;
      if (constSide === undefined) {
        const l = ev[a] as Ev;
        const r = ev[b] as Ev;
        if (strict) return neg ? () => l() !== r() : () => l() === r();
        return neg
          ? () => {
              const x = l();
              return !looseEq(x, r());
            }
          : () => {
              const x = l();
              return looseEq(x, r());
            };
      }
      const k = dag.constValue(constSide);
      if (!strict && typeof k === 'object' && k !== null) return undefined;
      const other = constSide === b ? a : b;
      const v = varOf(dag, other);
      if (v !== undefined) {
        const { p, nf } = v;
        if (strict)
          return neg
            ? () => {
                const r = readPath(fr, p);
                return (r === undefined ? nf : r) !== k;
              }
            : () => {
                const r = readPath(fr, p);
                return (r === undefined ? nf : r) === k;
              };
        return neg
          ? () => {
              const r = readPath(fr, p);
              return !eqConst(r === undefined ? nf : r, k);
            }
          : () => {
              const r = readPath(fr, p);
              return eqConst(r === undefined ? nf : r, k);
            };
      }
      const o = ev[other] as Ev;
      if (strict) return neg ? () => o() !== k : () => o() === k;
      return neg ? () => !eqConst(o(), k) : () => eqConst(o(), k);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (a === undefined || b === undefined) return undefined;
      // The three-argument "between" forms take the general closure.
      if (c !== undefined) return dag.isConst(c) && dag.constValue(c) === undefined && n.args.length === 3 ? relational(dag, n.op, a, b, ev, fr) : undefined;
      return relational(dag, n.op, a, b, ev, fr);
    }
    case 'in': {
      if (a === undefined || b === undefined || n.args.length !== 2) return undefined;
      return inClosure(dag, a, b, ev, fr);
    }
    case '!':
    case '!!': {
      if (a === undefined || n.args.length !== 1) return undefined;
      const f = ev[a] as Ev;
      return n.op === '!' ? () => !truthy(f()) : () => truthy(f());
    }
    case 'glob': {
      if (a === undefined || b === undefined || n.args.length !== 2 || !dag.isConst(b)) return undefined;
      const pattern = dag.constValue(b);
      const m = typeof pattern === 'string' ? globMatcher(pattern) : null;
      const f = ev[a] as Ev;
      if (m === null) return () => (f(), false);
      return () => {
        const x = f();
        return typeof x === 'string' && m(x);
      };
    }
    case 'days_since': {
      if (a === undefined || n.args.length !== 1) return undefined;
      const f = ev[a] as Ev;
      return () => daysSince(f(), fr.now());
    }
    default:
      return undefined;
  }
}

function relational(dag: Dag, op: string, a: number, b: number, ev: readonly Ev[], fr: Frame): Ev {
  const cmp = op === '<' ? lt : op === '<=' ? le : op === '>' ? gt : ge;
  if (dag.isConst(b) && typeof dag.constValue(b) === 'number') {
    const k = dag.constValue(b) as number;
    const v = varOf(dag, a);
    if (v !== undefined) {
      const { p, nf } = v;
      const read = (): unknown => {
        const r = readPath(fr, p);
        return r === undefined ? nf : r;
      };
      switch (op) {
        case '<':
          return () => {
            const x = read();
            return typeof x === 'number' ? x < k : lt(x, k);
          };
        case '<=':
          return () => {
            const x = read();
            return typeof x === 'number' ? x <= k : le(x, k);
          };
        case '>':
          return () => {
            const x = read();
            return typeof x === 'number' ? x > k : gt(x, k);
          };
        default:
          return () => {
            const x = read();
            return typeof x === 'number' ? x >= k : ge(x, k);
          };
      }
    }
    const f = ev[a] as Ev;
    return () => cmp(f(), k);
  }
  const l = ev[a] as Ev;
  const r = ev[b] as Ev;
  return () => {
    const x = l();
    return cmp(x, r());
  };
}

function inClosure(dag: Dag, a: number, b: number, ev: readonly Ev[], fr: Frame): Ev {
  const fa = ev[a] as Ev;
  if (dag.isConst(b)) {
    const h = dag.constValue(b);
    if (typeof h === 'string' && h !== '') return () => h.indexOf(toStr(fa())) !== -1;
    if (Array.isArray(h)) {
      // indexOf compares with ===: NaN is never found (a Set would find it), so it is left out.
      const set = new Set(h.filter((x) => !Number.isNaN(x)));
      const v = varOf(dag, a);
      if (v !== undefined) {
        const { p, nf } = v;
        return () => {
          const r = readPath(fr, p);
          return set.has(r === undefined ? nf : r);
        };
      }
      return () => set.has(fa());
    }
  }
  const fb = ev[b] as Ev;
  return () => {
    const x = fa();
    return inOp(x, fb());
  };
}
