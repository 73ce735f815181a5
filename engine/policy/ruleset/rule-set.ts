/**
 * A compiled rule set: decides a document under all its rules at once, with
 * the answer (and the errors) of evaluating each rule's compiled closure in
 * order, but doing far less work:
 *
 * 1. Shared sub-expressions: the rules are one DAG of unique nodes (dag.ts);
 *    a node used in several places is evaluated at most once per document,
 *    every var path read once (closures.ts, frame.ts).
 * 2. Indexing: rules are conjunctions; their equality, membership, threshold
 *    and truthiness conjuncts on a var are indexed by the var's value
 *    (dimensions.ts), so a document starts with only the rules that can
 *    match it as candidates.
 * 3. Pruning as it goes: when a conjunct shared by several rules is false,
 *    every later rule that has it is dropped at once.
 *
 * A rule is only dropped without evaluation when evaluating it could not
 * have thrown: the conjuncts before the one that rules it out must be unable
 * to throw (safety.ts, plan.ts), under guards checked once per document. When
 * a guard fails (a var that should hold a primitive holds an object) the
 * document is evaluated without index or pruning, still memoised: same answer.
 */
import { truthy } from '../jsonlogic/coerce.ts';
import { structuralProblems, MAX_RULE_DEPTH } from '../jsonlogic/check.ts';
import { JsonLogicCompileError } from '../jsonlogic/errors.ts';
import { Dag } from './dag.ts';
import { buildClosures, type Ev } from './closures.ts';
import { allBits, buildDimension, type Dimension } from './dimensions.ts';
import { Frame, readPath } from './frame.ts';
import { planRuleSet } from './plan.ts';
import { meets, type Requirement } from './safety.ts';

export type EvaluationMode = 'first-match' | 'highest-priority';

export interface RuleSetOptions {
  /** first-match (default): the first rule whose `when` is truthy decides. highest-priority: the lowest rank decides, ties to the earlier rule. */
  mode?: EvaluationMode;
  /** highest-priority only: each rule's rank, lower is more urgent (P1 → 0). */
  ranks?: readonly number[];
}

/** A rule whose evaluation threw: recorded, and treated as not matching. */
export interface RuleFailure {
  index: number;
  error: unknown;
}

/** What the compiler made of the rule set (for the benchmark and for curiosity). */
export interface RuleSetShape {
  rules: number;
  /** Unique sub-expressions (var paths included). */
  nodes: number;
  /** Nodes memoised because they are used more than once. */
  shared: number;
  /** Distinct var paths (prefixes included). */
  paths: number;
  /** Index dimensions, and how many rules each can drop. */
  dimensions: { kind: string; rules: number }[];
  /** Conjuncts whose falsity drops other rules as evaluation goes. */
  pruningConjuncts: number;
  /** Var reads checked per document before the index may be used. */
  guards: number;
}

export interface RuleSet {
  readonly size: number;
  readonly mode: EvaluationMode;
  /**
   * The index of the deciding rule, or -1 when none matches. Rules that throw
   * on the way are appended to `failures` in rule order (when given).
   */
  decide(doc: unknown, failures?: RuleFailure[]): number;
  shape(): RuleSetShape;
}

interface GuardCheck {
  p: number;
  nf: unknown;
  req: Requirement;
}

/**
 * Compiles `rules` (each a JSON Logic `when`). Throws JsonLogicCompileError
 * (problems located from the rule's root, with the rule's index first) for an
 * unknown operator or a rule nested too deeply, as `compile` does.
 */
export function compileRuleSet(rules: readonly unknown[], options: RuleSetOptions = {}): RuleSet {
  const problems = rules.flatMap((r, i) => structuralProblems(r, MAX_RULE_DEPTH).map((p) => ({ ...p, path: [i, ...p.path] })));
  if (problems.length > 0) throw new JsonLogicCompileError(problems);
  const mode = options.mode ?? 'first-match';
  const ranks = Int32Array.from(rules.map((_, i) => options.ranks?.[i] ?? 0));
  if (mode === 'highest-priority' && options.ranks?.length !== rules.length) throw new Error('highest-priority needs a rank for every rule');
  return new CompiledRuleSet(rules, mode, ranks);
}

class CompiledRuleSet implements RuleSet {
  readonly size: number;
  private readonly fr: Frame;
  private readonly words: number;
  private readonly all: Int32Array;
  private readonly cand: Int32Array;
  /** Per rule: its conjuncts' closures in the rule's order (used when the gate does not hold). */
  private readonly conj: Ev[][];
  /** The same when the gate holds (safe rules cheapest first), and for each the rules its falsity drops (or null). */
  private readonly conjGated: Ev[][];
  private readonly kills: (SparseBits | null)[][];
  /** Per rule: can it not throw at all once the guards hold (highest-priority skips those that cannot win). */
  private readonly safeRule: Uint8Array;
  private readonly dims: Dimension[];
  private readonly guardChecks: GuardCheck[];
  private readonly info: Omit<RuleSetShape, 'dimensions'>;

  constructor(
    rules: readonly unknown[],
    readonly mode: EvaluationMode,
    private readonly ranks: Int32Array,
  ) {
    const n = rules.length;
    this.size = n;
    this.words = (n + 31) >>> 5;
    this.all = allBits(n, this.words);
    this.cand = new Int32Array(this.words);

    const dag = new Dag();
    const plan = planRuleSet(dag, rules.map((r) => dag.add(r)));
    this.safeRule = plan.safe;
    // The dimensions that can drop most rules first: later ones then often have nothing left to drop.
    this.dims = plan.dimensions.map((s) => buildDimension(dag, s, n, this.words)).sort((a, b) => b.constrained - a.constrained);
    this.guardChecks = [...plan.gate].map(([v, req]) => {
      const node = dag.node(v);
      if (node.k !== 'var') throw new Error('a guard is on a var node');
      return { p: node.path, nf: node.nf, req };
    });

    // Memoise what is used more than once (paths are memoised by readPath itself).
    const refs = plan.references;
    const memoised = (id: number): boolean => {
      const k = dag.node(id).k;
      return (refs[id] as number) > 1 && k !== 'const' && k !== 'doc' && k !== 'var' && k !== 'path';
    };
    this.fr = new Frame(dag.nodes.length);
    const ev = buildClosures(dag, this.fr, memoised);
    this.conj = plan.conjuncts.map((ids) => ids.map((id) => ev[id] as Ev));
    this.conjGated = plan.gatedOrder.map((ids) => ids.map((id) => ev[id] as Ev));
    // A false conjunct is a fact about the document wherever it was seen: it drops every rule where it is droppable.
    const pruning = new Map([...plan.pruning].map(([id, rs]) => [id, sparseBits(rs)]));
    this.kills = plan.gatedOrder.map((ids) => ids.map((id) => pruning.get(id) ?? null));

    let shared = 0;
    let paths = 0;
    dag.nodes.forEach((node, id) => {
      if (node.k === 'path') paths++;
      else if (memoised(id)) shared++;
    });
    this.info = { rules: n, nodes: dag.nodes.length, shared, paths, pruningConjuncts: pruning.size, guards: this.guardChecks.length };
  }

  shape(): RuleSetShape {
    return { ...this.info, dimensions: this.dims.map((d) => ({ kind: d.kind, rules: d.constrained })) };
  }

  decide(doc: unknown, failures?: RuleFailure[]): number {
    const fr = this.fr;
    fr.begin(doc);
    const cand = this.cand;
    cand.set(this.all);
    const gate = this.gateHolds();
    if (gate) for (let i = 0; i < this.dims.length; i++) (this.dims[i] as Dimension).apply(fr, cand);

    const firstMatch = this.mode === 'first-match';
    const words = this.words;
    let best = -1;
    for (let w = 0; w < words; w++) {
      let bits = cand[w] as number;
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        const r = (w << 5) | b;
        if (!firstMatch && gate && best >= 0 && this.safeRule[r] === 1 && (this.ranks[r] as number) >= (this.ranks[best] as number)) {
          // Cannot throw and cannot beat the current best: nothing to learn from it.
        } else {
          let hit: boolean;
          try {
            hit = this.test(r, gate);
          } catch (err) {
            failures?.push({ index: r, error: err });
            hit = false;
          }
          if (hit) {
            if (firstMatch) return r;
            if (best < 0 || (this.ranks[r] as number) < (this.ranks[best] as number)) best = r;
          }
        }
        bits = b === 31 ? 0 : (cand[w] as number) & (-1 << (b + 1));
      }
    }
    return best;
  }

  /** Does rule r hold? Its conjuncts in order; a false one that other rules share drops them too. */
  private test(r: number, gate: boolean): boolean {
    if (!gate) {
      const cs = this.conj[r] as Ev[];
      for (let i = 0; i < cs.length; i++) if (!truthy((cs[i] as Ev)())) return false;
      return true;
    }
    const cs = this.conjGated[r] as Ev[];
    for (let i = 0; i < cs.length; i++) {
      const v = (cs[i] as Ev)();
      if (v === true) continue;
      if (v === false || !truthy(v)) {
        const kill = (this.kills[r] as (SparseBits | null)[])[i];
        if (kill !== null && kill !== undefined) {
          const cand = this.cand;
          const at = kill.at;
          for (let k = 0; k < at.length; k++) {
            const w = at[k] as number;
            cand[w] = (cand[w] as number) & ~(kill.bits[k] as number);
          }
        }
        return false;
      }
    }
    return true;
  }

  private gateHolds(): boolean {
    const fr = this.fr;
    const gs = this.guardChecks;
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i] as GuardCheck;
      const raw = readPath(fr, g.p);
      if (!meets(raw === undefined ? g.nf : raw, g.req)) return false;
    }
    return true;
  }
}

/** A bitset stored as its non-zero words only: `bits[k]` is word `at[k]`. */
interface SparseBits {
  at: Int32Array;
  bits: Int32Array;
}

function sparseBits(indices: readonly number[]): SparseBits {
  const words = new Map<number, number>();
  for (const i of indices) words.set(i >>> 5, (words.get(i >>> 5) ?? 0) | (1 << (i & 31)));
  const at = [...words.keys()].sort((a, b) => a - b);
  return { at: Int32Array.from(at), bits: Int32Array.from(at.map((w) => words.get(w) as number)) };
}
