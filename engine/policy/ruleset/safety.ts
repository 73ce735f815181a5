/**
 * Which sub-expressions cannot throw, and on what condition.
 *
 * Skipping a rule without evaluating it is only exact if evaluating it could
 * not have thrown: a rule that throws is reported, not silently "not
 * matched". Most policy atoms never throw (`===`, `in` over a constant array,
 * `!`, `glob`, the semver operators…), and the coercing ones (`==` with a
 * constant, `<`, `in` over a string) throw only when a value they convert is
 * an object that refuses conversion. So each node gets either "unsafe" or a
 * set of GUARDS: var reads that must hold a primitive (or, for `in`'s
 * haystack, a primitive or an array) for the node to be unable to throw. The
 * rule-set evaluator checks the guards once per document and prunes only
 * when all of them hold.
 */
import { isObjectLike } from '../jsonlogic/coerce.ts';
import type { Dag } from './dag.ts';

/** 1: the value must be a primitive (string, number, boolean, null); 2: a primitive or an array. */
export type Requirement = 1 | 2;
/** var node id → requirement. */
export type Guards = ReadonlyMap<number, Requirement>;

const NONE: Guards = new Map();

/** Operators that never throw when their arguments did not (they test types before converting). */
const TOTAL = new Set(['===', '!==', '!', '!!', 'glob', 'semver_lt', 'semver_lte', 'semver_gt', 'semver_gte', 'semver_satisfies', 'starts_with', 'ends_with', 'lower', 'upper', 'days_since', 'log']);
/** Operators whose result is always a primitive. */
const PRIMITIVE_RESULT = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'in', 'glob', 'semver_lt', 'semver_lte', 'semver_gt', 'semver_gte', 'semver_satisfies', 'starts_with', 'ends_with', 'lower', 'upper', 'days_since']);

export class Safety {
  private readonly memo = new Map<number, Guards | null>();

  constructor(private readonly dag: Dag) {}

  /** The guards under which node `id` cannot throw; null when it may throw whatever the document. */
  guards(id: number): Guards | null {
    let g = this.memo.get(id);
    if (g === undefined) {
      g = this.compute(id);
      this.memo.set(id, g);
    }
    return g;
  }

  /** Is the value a var read whose primitiveness can be checked? */
  static isPrimitiveValue(v: unknown): boolean {
    return v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  }

  private compute(id: number): Guards | null {
    const n = this.dag.node(id);
    switch (n.k) {
      case 'const':
      case 'doc':
      case 'path':
      case 'var':
        return NONE;
      case 'and':
      case 'or':
      case 'if':
      case 'array':
        return this.all(n.args);
      case 'opaque':
        return null;
      case 'op': {
        const args = n.args;
        if (TOTAL.has(n.op)) return this.all(args);
        switch (n.op) {
          case '==':
          case '!=': {
            // Loose equality converts an object when the other side is a primitive other than null/undefined.
            if (args.length !== 2) return null;
            return merge(args.map((a) => this.primitiveOperand(a)));
          }
          case '<':
          case '<=':
          case '>':
          case '>=':
            if (args.length < 2 || args.length > 3) return null;
            return merge(args.map((a) => this.primitiveOperand(a)));
          case 'in': {
            if (args.length !== 2) return null;
            const [needle, hay] = args as [number, number];
            if (this.dag.isConst(hay) && Array.isArray(this.dag.constValue(hay))) return this.guards(needle);
            // A string haystack converts the needle; an object haystack with its own `indexOf` throws.
            const h = this.dag.isConst(hay) ? (typeof this.dag.constValue(hay) === 'string' ? NONE : null) : this.dag.node(hay).k === 'var' ? new Map([[hay, 2 as Requirement]]) : null;
            return merge([this.primitiveOperand(needle), h]);
          }
          default:
            return null;
        }
      }
    }
  }

  /**
   * Guards under which node `id` is safe AND yields a primitive (so that a
   * coercing operator never has to convert an object): a primitive constant,
   * a var read (guarded), or an operation that always yields a primitive.
   */
  private primitiveOperand(id: number): Guards | null {
    const n = this.dag.node(id);
    if (n.k === 'const') return isObjectLike(n.value) ? null : NONE;
    if (n.k === 'var') return new Map([[id, 1 as Requirement]]);
    if (n.k === 'op' && PRIMITIVE_RESULT.has(n.op)) return this.guards(id);
    return null;
  }

  private all(ids: readonly number[]): Guards | null {
    return merge(ids.map((a) => this.guards(a)));
  }
}

/** The union of guard sets (the stricter requirement wins); null if any is null. */
export function merge(sets: readonly (Guards | null)[]): Guards | null {
  let out: Map<number, Requirement> | undefined;
  for (const s of sets) {
    if (s === null) return null;
    if (s.size === 0) continue;
    out ??= new Map();
    for (const [k, r] of s) out.set(k, Math.min(out.get(k) ?? 2, r) as Requirement);
  }
  return out ?? NONE;
}

/** Does a value meet a requirement? */
export function meets(v: unknown, req: Requirement): boolean {
  return Safety.isPrimitiveValue(v) || (req === 2 && Array.isArray(v));
}
