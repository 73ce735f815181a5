/**
 * What the rule set will do, decided once at compile time: each rule's
 * conjuncts (in its own order, and cheapest first when that is allowed),
 * which conjunct positions may drop a rule unevaluated and under which guards,
 * the index dimensions, the conjuncts whose falsity drops other rules, and
 * which nodes are used more than once (so are memoised).
 *
 * The rule for dropping: a rule may be dropped at conjunct i (because that
 * conjunct is false, by the index or by evaluation) only if conjuncts 0..i-1
 * cannot throw; "cannot throw" may depend on guards (safety.ts), which then
 * join the gate checked once per document. A rule none of whose conjuncts can
 * throw is SAFE: under the gate, it may be evaluated in any order (cheapest
 * first) and skipped at any conjunct.
 */
import type { Dag } from './dag.ts';
import { extractConstraint } from './constraints.ts';
import { addConstraint, type DimensionSpec } from './dimensions.ts';
import { merge, Safety, type Guards } from './safety.ts';

export interface Plan {
  /** Per rule: its conjuncts' node ids, in the rule's order. */
  conjuncts: number[][];
  /** Per rule: the order to evaluate them in when the gate holds (safe rules: cheapest first). */
  gatedOrder: number[][];
  /** Per rule: 1 when no conjunct can throw under the gate. */
  safe: Uint8Array;
  /** The index, before its bitsets are built. */
  dimensions: DimensionSpec[];
  /** Var nodes that must hold a primitive (1) or a primitive or an array (2) for any pruning. */
  gate: Guards;
  /** Conjunct node → the rules (two or more) it may drop when false. */
  pruning: Map<number, number[]>;
  /** Per node: how many times it is used (by rules and by parents that are evaluated). */
  references: Int32Array;
}

export function planRuleSet(dag: Dag, roots: readonly number[]): Plan {
  const conjs = roots.map((root) => conjuncts(dag, root));
  const safety = new Safety(dag);
  const cost = new Costs(dag);
  const safe = new Uint8Array(roots.length);
  const specs = new Map<string, DimensionSpec>();
  const droppableIn = new Map<number, Set<number>>();
  const gate: Guards[] = [];

  conjs.forEach((ids, r) => {
    let prefix: Guards | null = new Map();
    let used: Guards = new Map();
    for (let i = 0; i < ids.length && prefix !== null; i++) {
      const id = ids[i] as number;
      const c = extractConstraint(dag, id);
      if (c !== null) addConstraint(specs, r, c);
      const rules = droppableIn.get(id) ?? new Set<number>();
      rules.add(r);
      droppableIn.set(id, rules);
      used = prefix;
      prefix = merge([prefix, safety.guards(id)]);
    }
    // Safe: all its guards join the gate. Otherwise those of the prefix before its last droppable position.
    if (prefix !== null) {
      safe[r] = 1;
      used = prefix;
    }
    gate.push(used);
  });

  const pruning = new Map<number, number[]>();
  for (const [id, rules] of droppableIn) if (rules.size >= 2) pruning.set(id, [...rules]);

  return {
    conjuncts: conjs,
    gatedOrder: conjs.map((ids, r) => (safe[r] === 1 ? [...ids].sort((a, b) => cost.of(a) - cost.of(b)) : ids)),
    safe,
    dimensions: [...specs.values()],
    gate: merge(gate) ?? new Map(),
    pruning,
    references: countReferences(dag, conjs),
  };
}

/** A rule's conjuncts: the operands of its top-level `and`s (nested ones flattened), or the rule itself. */
function conjuncts(dag: Dag, root: number): number[] {
  const out: number[] = [];
  const visit = (id: number): void => {
    const n = dag.node(id);
    // An `and` with no operand is undefined (false), not "all of nothing".
    if (n.k === 'and' && n.args.length > 0) n.args.forEach(visit);
    else out.push(id);
  };
  visit(root);
  return out;
}

/**
 * A rough cost of evaluating a node, to run a safe rule's cheap conjuncts first:
 * a comparison of a var with a constant is 1, a string match a few, semver and
 * date parsing more, an iterator a lot.
 */
class Costs {
  private readonly memo = new Map<number, number>();
  constructor(private readonly dag: Dag) {}

  of(id: number): number {
    let c = this.memo.get(id);
    if (c === undefined) {
      c = this.compute(id);
      this.memo.set(id, c);
    }
    return c;
  }

  private compute(id: number): number {
    const n = this.dag.node(id);
    switch (n.k) {
      case 'const':
      case 'doc':
      case 'path':
      case 'var':
        return 0;
      case 'opaque':
        return 50;
      case 'op': {
        const own = n.op.startsWith('semver') || n.op === 'days_since' ? 8 : n.op === 'glob' || n.op === 'starts_with' || n.op === 'ends_with' ? 3 : 1;
        return own + n.args.reduce((sum, a) => sum + this.of(a), 0);
      }
      default:
        return 1 + n.args.reduce((sum, a) => sum + this.of(a), 0);
    }
  }
}

/** How many times each node is used: once per rule conjunct, once per parent that is itself evaluated. */
function countReferences(dag: Dag, conjs: readonly number[][]): Int32Array {
  const refs = new Int32Array(dag.nodes.length);
  const reached = new Uint8Array(dag.nodes.length);
  const stack: number[] = [];
  for (const ids of conjs) {
    for (const id of ids) {
      refs[id] = (refs[id] as number) + 1;
      stack.push(id);
    }
  }
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (reached[id] === 1) continue;
    reached[id] = 1;
    const n = dag.node(id);
    const children = n.k === 'and' || n.k === 'or' || n.k === 'if' || n.k === 'array' || n.k === 'op' ? n.args : n.k === 'var' ? [n.path] : n.k === 'path' ? [n.parent] : [];
    for (const c of children) {
      refs[c] = (refs[c] as number) + 1;
      stack.push(c);
    }
  }
  return refs;
}
