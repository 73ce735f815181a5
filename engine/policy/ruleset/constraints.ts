/**
 * What a conjunct says about ONE variable, so that rules can be indexed by it:
 *
 *   `{"==": [{"var": "scope.id"}, "payments"]}`, `===`, `!=`, `!==`,
 *   `{"in": [{"var": "finding.severity"}, ["critical", "high"]]}`   → an "eq" dimension of the var
 *   `{"var": "kev.listed"}`, `{"!": {"var": "finding.suppressed"}}` → a "truth" dimension
 *   `{">=": [{"var": "epss.score"}, 0.1]}`, `<`, `<=`, `>`, between  → a "range" dimension
 *
 * and `!`, `!!`, `and`, `or` of such tests on the same var and dimension.
 * Anything else yields null (the rule is still evaluated normally).
 *
 * A predicate is evaluated at build time on each CLASS of values the var can
 * hold (each constant the rules mention plus "any other value" for eq; each
 * threshold and each interval between thresholds, plus NaN, for range;
 * truthy or falsy for truth), which turns the dimension into one candidate
 * bitset per class.
 */
import type { Dag } from './dag.ts';

export type Pred =
  | { readonly t: 'eq'; readonly k: unknown }
  | { readonly t: 'in'; readonly ks: readonly unknown[] }
  | { readonly t: 'truthy' }
  | { readonly t: 'cmp'; readonly op: '<' | '<=' | '>' | '>='; readonly k: number }
  | { readonly t: 'not'; readonly p: Pred }
  | { readonly t: 'and' | 'or'; readonly ps: readonly Pred[] };

export type DimKind = 'eq' | 'truth' | 'range';

export interface Constraint {
  readonly kind: DimKind;
  /** The var node tested. */
  readonly v: number;
  readonly pred: Pred;
  /** Types of the constants compared with `==`/`!=` (loose), for the exactness check at run time. */
  readonly looseTypes: readonly string[];
}

const FLIP = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/** A primitive that can be compared as a Map key with the language's `===` (NaN and undefined excluded). */
function indexable(k: unknown): boolean {
  return (typeof k === 'string' || typeof k === 'boolean' || k === null || (typeof k === 'number' && !Number.isNaN(k)));
}

export function extractConstraint(dag: Dag, id: number): Constraint | null {
  const n = dag.node(id);
  if (n.k === 'var') return { kind: 'truth', v: id, pred: { t: 'truthy' }, looseTypes: [] };
  if (n.k === 'and' || n.k === 'or') {
    if (n.args.length === 0) return null;
    const parts = n.args.map((a) => extractConstraint(dag, a));
    const first = parts[0];
    if (first === null || first === undefined) return null;
    for (const p of parts) if (p === null || p.kind !== first.kind || p.v !== first.v) return null;
    const ps = parts as Constraint[];
    return { kind: first.kind, v: first.v, pred: { t: n.k, ps: ps.map((p) => p.pred) }, looseTypes: ps.flatMap((p) => p.looseTypes) };
  }
  if (n.k !== 'op') return null;
  const args = n.args;
  switch (n.op) {
    case '!':
    case '!!': {
      if (args.length !== 1) return null;
      const c = extractConstraint(dag, args[0] as number);
      if (c === null) return null;
      return n.op === '!!' ? c : { ...c, pred: { t: 'not', p: c.pred } };
    }
    case '==':
    case '===':
    case '!=':
    case '!==': {
      if (args.length !== 2) return null;
      const [a, b] = args as [number, number];
      const varSide = dag.node(a).k === 'var' ? a : dag.node(b).k === 'var' ? b : undefined;
      const constSide = varSide === a ? b : a;
      if (varSide === undefined || !dag.isConst(constSide)) return null;
      const k = dag.constValue(constSide);
      if (!indexable(k)) return null;
      const loose = n.op === '==' || n.op === '!=';
      const eq: Pred = { t: 'eq', k };
      return {
        kind: 'eq',
        v: varSide,
        pred: n.op === '!=' || n.op === '!==' ? { t: 'not', p: eq } : eq,
        looseTypes: loose && k !== null ? [typeof k] : [],
      };
    }
    case 'in': {
      if (args.length !== 2) return null;
      const [a, b] = args as [number, number];
      if (dag.node(a).k !== 'var' || !dag.isConst(b)) return null;
      const h = dag.constValue(b);
      if (!Array.isArray(h)) return null;
      // Strict membership: elements that are not plain primitives can never equal a data value.
      return { kind: 'eq', v: a, pred: { t: 'in', ks: h.filter(indexable) }, looseTypes: [] };
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const op = n.op;
      const third = args[2];
      const two = args.length === 2 || (args.length === 3 && third !== undefined && dag.isConst(third) && dag.constValue(third) === undefined);
      const num = (x: number): boolean => dag.isConst(x) && typeof dag.constValue(x) === 'number' && !Number.isNaN(dag.constValue(x));
      const [a, b] = args as [number, number];
      if (two) {
        if (dag.node(a).k === 'var' && num(b)) return range(a, { t: 'cmp', op, k: dag.constValue(b) as number });
        if (num(a) && dag.node(b).k === 'var') return range(b, { t: 'cmp', op: FLIP[op], k: dag.constValue(a) as number });
        return null;
      }
      // between: lo OP x OP hi
      if ((op === '<' || op === '<=') && args.length === 3 && third !== undefined && num(a) && num(third) && dag.node(b).k === 'var') {
        return range(b, {
          t: 'and',
          ps: [
            { t: 'cmp', op: FLIP[op], k: dag.constValue(a) as number },
            { t: 'cmp', op, k: dag.constValue(third) as number },
          ],
        });
      }
      return null;
    }
    default:
      return null;
  }
}

function range(v: number, pred: Pred): Constraint {
  return { kind: 'range', v, pred, looseTypes: [] };
}

/** Every constant an eq predicate mentions. */
export function eqConstants(p: Pred, out: unknown[]): void {
  switch (p.t) {
    case 'eq':
      out.push(p.k);
      return;
    case 'in':
      out.push(...p.ks);
      return;
    case 'not':
      eqConstants(p.p, out);
      return;
    case 'and':
    case 'or':
      for (const q of p.ps) eqConstants(q, out);
      return;
    default:
      return;
  }
}

/** Every threshold a range predicate mentions. */
export function thresholds(p: Pred, out: number[]): void {
  switch (p.t) {
    case 'cmp':
      out.push(p.k);
      return;
    case 'not':
      thresholds(p.p, out);
      return;
    case 'and':
    case 'or':
      for (const q of p.ps) thresholds(q, out);
      return;
    default:
      return;
  }
}

/**
 * The predicate's value for a class of values. `test` answers the leaves:
 * for eq, whether the class is that constant; for range, the comparison on
 * the class's region; for truth, whether the class is truthy.
 */
export function evalPred(p: Pred, leaf: (p: Pred) => boolean): boolean {
  switch (p.t) {
    case 'not':
      return !evalPred(p.p, leaf);
    case 'and':
      return p.ps.every((q) => evalPred(q, leaf));
    case 'or':
      return p.ps.some((q) => evalPred(q, leaf));
    default:
      return leaf(p);
  }
}
