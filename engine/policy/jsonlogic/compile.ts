/**
 * Compiles a JSON Logic rule into a closure once; evaluating it per finding
 * then walks no JSON, looks up no operator and splits no path.
 *
 * Closures only: no `eval`, `new Function` or generated source (the lint bans
 * them, and a compiler that writes code from attacker-influenced rules is one
 * escaping bug away from running it). Results equal json-logic-js 2.0.5's,
 * with the departures listed in README.md (own-property `var`, no console
 * output from `log`, data never evaluated as a rule or called, unknown
 * operators refused at compile time rather than when reached).
 *
 * Constant sub-expressions are folded at compile time. Folding never changes
 * a result: an operation that would throw is left to throw at run time, when
 * (and only if) it is reached, as in json-logic-js.
 */
import { truthy } from './coerce.ts';
import { JsonLogicCompileError } from './errors.ts';
import { MAX_RULE_DEPTH, structuralProblems } from './check.ts';
import { copyLiteral, deepFreeze, dynamic, konst, type Fn, type Node } from './node.ts';
import { operatorSpec, type ConstArg, type EagerImpl, type OperatorSpec, type Runtime } from './operators.ts';
import { argumentsOf, isLogic, operatorOf } from './shape.ts';
import { betweenNode, comparisonNode, globNode, inGeneral, inNode, notNode, varNode } from './fast.ts';
import { globMatcher, toEpochMs } from './custom.ts';
import { ownProp } from './path.ts';

/** A compiled rule: data in, json-logic-js's answer out. */
export type CompiledRule = (data: unknown) => unknown;

export interface CompileOptions {
  /**
   * The instant `days_since` measures from (ISO string, epoch ms or Date).
   * When omitted, each evaluation reads the data's own top-level `now` field
   * (an ISO string, as the engine passes it); without either, `days_since` is
   * null. The clock is never read: a rule's answer depends on its data only.
   */
  now?: string | number | Date;
  /** Deepest nesting accepted; defaults to {@link MAX_RULE_DEPTH}. */
  maxDepth?: number;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/**
 * Compiles `rule`. Throws {@link JsonLogicCompileError} (with located
 * problems) for an unknown operator or a rule nested too deeply; everything
 * else json-logic-js accepts compiles.
 */
export function compile(rule: unknown, options: CompileOptions = {}): CompiledRule {
  const problems = structuralProblems(rule, options.maxDepth ?? MAX_RULE_DEPTH);
  if (problems.length > 0) throw new JsonLogicCompileError(problems);

  const fixedNow = options.now === undefined ? undefined : toEpochMs(options.now);
  if (options.now !== undefined && fixedNow === undefined) {
    throw new JsonLogicCompileError([{ code: 'bad-argument', message: 'CompileOptions.now is not a valid ISO date, epoch milliseconds or Date', path: [] }]);
  }
  const rt: Runtime = { now: fixedNow };
  const root = new Compiler(rt).node(rule);

  if (root.constant) {
    const value = root.value;
    return () => value;
  }
  const fn = root.fn;
  if (!root.usesNow || options.now !== undefined) return fn;
  // The instant is per evaluation: taken from this document's `now`.
  return (data) => {
    rt.now = data !== null && typeof data === 'object' ? toEpochMs(ownProp(data, 'now')) : undefined;
    return fn(data);
  };
}

class Compiler {
  constructor(private readonly rt: Runtime) {}

  node(rule: unknown): Node {
    if (Array.isArray(rule)) return this.array(rule);
    if (!isLogic(rule)) return konst(copyLiteral(rule));
    const op = operatorOf(rule);
    const { args } = argumentsOf(rule, op);
    const spec = operatorSpec(op) as OperatorSpec; // structuralProblems has vouched for it
    if (spec.kind === 'lazy') return this.lazy(op, args);
    return this.eager(op, spec, args);
  }

  /** json-logic-js evaluates each element of an array (a fresh array per evaluation). */
  private array(rule: readonly unknown[]): Node {
    const nodes = rule.map((r) => this.node(r));
    if (nodes.every((n) => n.constant)) return konst(Object.freeze(nodes.map((n) => n.value)));
    const fns = nodes.map((n) => n.fn);
    return dynamic(
      (d) => {
        const out = new Array<unknown>(fns.length);
        for (let i = 0; i < fns.length; i++) out[i] = (fns[i] as Fn)(d);
        return out;
      },
      { usesNow: nodes.some((n) => n.usesNow) },
    );
  }

  private eager(op: string, spec: OperatorSpec, args: readonly unknown[]): Node {
    const nodes = args.map((a) => this.node(a));
    const usesNow = (spec.usesNow ?? false) || nodes.some((n) => n.usesNow);
    const allConstant = nodes.every((n) => n.constant);
    const impl = spec.impl as EagerImpl;

    if (allConstant && !spec.usesData && !spec.usesNow) {
      const folded = this.fold(() => impl(nodes.map((n) => n.value), undefined, this.rt));
      if (folded !== undefined) return folded;
    }
    const fast = this.specialise(op, nodes);
    if (fast !== undefined) return usesNow && !fast.usesNow ? { ...fast, usesNow } : fast;

    const prepared = spec.prepare?.(nodes.map((n): ConstArg | undefined => (n.constant ? { value: n.value } : undefined))) ?? impl;
    const rt = this.rt;
    const fns = nodes.map((n) => n.fn);
    const opts = { boolean: spec.boolean ?? false, usesNow };
    // Arguments are all evaluated, left to right, before the operation, as in json-logic-js.
    if (fns.length === 0) return dynamic((d) => prepared(EMPTY, d, rt), opts);
    if (fns.length === 1) {
      const [f0] = fns as [Fn];
      return dynamic((d) => prepared([f0(d)], d, rt), opts);
    }
    if (fns.length === 2) {
      const [f0, f1] = fns as [Fn, Fn];
      return dynamic((d) => prepared([f0(d), f1(d)], d, rt), opts);
    }
    return dynamic((d) => {
      const values = new Array<unknown>(fns.length);
      for (let i = 0; i < fns.length; i++) values[i] = (fns[i] as Fn)(d);
      return prepared(values, d, rt);
    }, opts);
  }

  /** Fast closures for common shapes (fast.ts); undefined to use the general one. */
  private specialise(op: string, nodes: readonly Node[]): Node | undefined {
    const [a, b, c] = nodes;
    switch (op) {
      case 'var':
        // A dynamic default is still evaluated on every call in json-logic-js; keep that for it.
        if (a !== undefined && a.constant && (b === undefined || b.constant) && nodes.length <= 2) return varNode(a.value, b?.value);
        if (a === undefined) return dynamic((d) => d);
        return undefined;
      case '==':
      case '===':
      case '!=':
      case '!==':
      case '>':
      case '>=':
        return a !== undefined && b !== undefined && nodes.length === 2 ? comparisonNode(op, a, b) : undefined;
      case '<':
      case '<=':
        if (a === undefined || b === undefined || nodes.length > 3) return undefined;
        if (c === undefined || (c.constant && c.value === undefined)) return comparisonNode(op, a, b);
        return betweenNode(op, a, b, c);
      case 'in':
        if (a === undefined || b === undefined || nodes.length !== 2) return undefined;
        return inNode(a, b) ?? inGeneral(a, b);
      case '!':
      case '!!':
        return a !== undefined && nodes.length === 1 ? notNode(a, op === '!!') : undefined;
      case 'glob':
        // The usual shape: a value from data against a constant pattern, compiled once.
        if (a === undefined || b === undefined || !b.constant || nodes.length !== 2) return undefined;
        return globNode(a, typeof b.value === 'string' ? globMatcher(b.value) : null);
      case 'log':
        return a !== undefined && nodes.length === 1 ? a : undefined;
      default:
        return undefined;
    }
  }

  /** Evaluates at compile time; undefined (do not fold) when it throws. */
  private fold(evaluate: () => unknown): Node | undefined {
    try {
      return konst(deepFreeze(evaluate()));
    } catch {
      return undefined;
    }
  }

  private lazy(op: string, args: readonly unknown[]): Node {
    switch (op) {
      case 'if':
      case '?:':
        return this.ifNode(args);
      case 'and':
        return this.andOr(args, true);
      case 'or':
        return this.andOr(args, false);
      default:
        return this.iterator(op, args);
    }
  }

  /**
   * if/elseif/else: pairs of (condition, result), then an optional else;
   * null when nothing applies. Constant conditions are resolved now.
   */
  private ifNode(args: readonly unknown[]): Node {
    const conds: Node[] = [];
    const thens: Node[] = [];
    let otherwise: Node = konst(null);
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      const cond = this.node(args[i]);
      if (cond.constant && !truthy(cond.value)) continue; // never taken: its result need not be compiled
      const then = this.node(args[i + 1]);
      if (cond.constant) {
        otherwise = then; // always taken: later branches are unreachable
        i = args.length;
        break;
      }
      conds.push(cond);
      thens.push(then);
    }
    if (i === args.length - 1) otherwise = this.node(args[i]);
    if (conds.length === 0) return otherwise;
    const usesNow = otherwise.usesNow || conds.some((n) => n.usesNow) || thens.some((n) => n.usesNow);
    const e = otherwise.fn;
    if (conds.length === 1) {
      const c = (conds[0] as Node).fn;
      const t = (thens[0] as Node).fn;
      if ((conds[0] as Node).boolean) return dynamic((d) => (c(d) ? t(d) : e(d)), { usesNow });
      return dynamic((d) => (truthy(c(d)) ? t(d) : e(d)), { usesNow });
    }
    const cs = conds.map((n) => n.fn);
    const ts = thens.map((n) => n.fn);
    return dynamic(
      (d) => {
        for (let k = 0; k < cs.length; k++) if (truthy((cs[k] as Fn)(d))) return (ts[k] as Fn)(d);
        return e(d);
      },
      { usesNow },
    );
  }

  /**
   * and: the first falsy value, else the last; or: the first truthy, else the
   * last (undefined with no arguments). Constant operands that cannot decide
   * are dropped; one that decides ends the list.
   */
  private andOr(args: readonly unknown[], isAnd: boolean): Node {
    const kept: Node[] = [];
    for (let i = 0; i < args.length; i++) {
      const n = this.node(args[i]);
      const isLast = i === args.length - 1;
      if (n.constant && !isLast && truthy(n.value) === isAnd) continue; // passed over, never returned
      kept.push(n);
      if (n.constant) break; // decides: the rest is unreachable
    }
    if (kept.length === 0) return konst(undefined);
    if (kept.length === 1) return kept[0] as Node;
    const usesNow = kept.some((n) => n.usesNow);
    const fns = kept.map((n) => n.fn);
    if (kept.every((n) => n.boolean)) {
      // Unrolled for the common widths: no loop, no array reads.
      const B = { boolean: true, usesNow };
      if (fns.length === 2) {
        const [f0, f1] = fns as [Fn, Fn];
        return dynamic(isAnd ? (d) => (f0(d) as boolean) && (f1(d) as boolean) : (d) => (f0(d) as boolean) || (f1(d) as boolean), B);
      }
      if (fns.length === 3) {
        const [f0, f1, f2] = fns as [Fn, Fn, Fn];
        return dynamic(
          isAnd ? (d) => (f0(d) as boolean) && (f1(d) as boolean) && (f2(d) as boolean) : (d) => (f0(d) as boolean) || (f1(d) as boolean) || (f2(d) as boolean),
          B,
        );
      }
      if (fns.length === 4) {
        const [f0, f1, f2, f3] = fns as [Fn, Fn, Fn, Fn];
        return dynamic(
          isAnd
            ? (d) => (f0(d) as boolean) && (f1(d) as boolean) && (f2(d) as boolean) && (f3(d) as boolean)
            : (d) => (f0(d) as boolean) || (f1(d) as boolean) || (f2(d) as boolean) || (f3(d) as boolean),
          B,
        );
      }
      return dynamic(
        isAnd
          ? (d) => {
              for (let k = 0; k < fns.length; k++) if (!(fns[k] as Fn)(d)) return false;
              return true;
            }
          : (d) => {
              for (let k = 0; k < fns.length; k++) if ((fns[k] as Fn)(d)) return true;
              return false;
            },
        B,
      );
    }
    return dynamic(
      (d) => {
        let current: unknown;
        for (let k = 0; k < fns.length; k++) {
          current = (fns[k] as Fn)(d);
          if (truthy(current) !== isAnd) return current;
        }
        return current;
      },
      { usesNow },
    );
  }

  /**
   * map/filter/reduce/all/none/some: the first argument in the current data,
   * the second once per element with the element as data (for reduce,
   * `{current, accumulator}`). A non-array yields [], [], the initial value,
   * false, true, false respectively.
   */
  private iterator(op: string, args: readonly unknown[]): Node {
    const source = this.node(args[0]);
    const body = this.node(args[1]);
    const initial = op === 'reduce' && args[2] !== undefined ? this.node(args[2]) : konst(null);
    const usesNow = source.usesNow || body.usesNow || initial.usesNow;
    const node = dynamic(iteratorFn(op, source.fn, body.fn, initial.fn, body.boolean), { usesNow, boolean: op === 'all' || op === 'none' || op === 'some' });
    if (source.constant && initial.constant && !usesNow) return this.fold(() => node.fn(undefined)) ?? node;
    return node;
  }
}

function iteratorFn(op: string, src: Fn, body: Fn, init: Fn, boolBody: boolean): Fn {
  const test: Fn = boolBody ? body : (x) => truthy(body(x));
  switch (op) {
    case 'map':
      return (d) => {
        const arr = src(d);
        if (!Array.isArray(arr)) return [];
        const out = new Array<unknown>(arr.length);
        for (let i = 0; i < arr.length; i++) out[i] = body(arr[i]);
        return out;
      };
    case 'filter':
      return (d) => {
        const arr = src(d);
        if (!Array.isArray(arr)) return [];
        const out: unknown[] = [];
        for (let i = 0; i < arr.length; i++) if (test(arr[i])) out.push(arr[i]);
        return out;
      };
    case 'reduce':
      return (d) => {
        const arr = src(d);
        let acc = init(d);
        if (!Array.isArray(arr)) return acc;
        for (let i = 0; i < arr.length; i++) acc = body({ current: arr[i], accumulator: acc });
        return acc;
      };
    case 'all':
      return (d) => {
        const arr = src(d);
        if (!Array.isArray(arr) || arr.length === 0) return false; // all of nothing is false (json-logic-js)
        for (let i = 0; i < arr.length; i++) if (!test(arr[i])) return false;
        return true;
      };
    case 'none':
      return (d) => {
        const arr = src(d);
        if (!Array.isArray(arr) || arr.length === 0) return true;
        for (let i = 0; i < arr.length; i++) if (test(arr[i])) return false;
        return true;
      };
    case 'some':
      return (d) => {
        const arr = src(d);
        if (!Array.isArray(arr) || arr.length === 0) return false;
        for (let i = 0; i < arr.length; i++) if (test(arr[i])) return true;
        return false;
      };
    default:
      throw new Error(`not an iterator: ${op}`);
  }
}
