/**
 * The rule index: per tested var and kind of test, one candidate bitset per
 * class of values. For a document, each dimension reads its var once, finds
 * the class of the value (a Map lookup, a binary search, or truthiness) and
 * ANDs that class's bitset into the candidates: rules whose indexed conjunct
 * cannot hold for this value are dropped without being evaluated.
 *
 * A dimension only answers when its answer is exact for the value at hand;
 * otherwise it leaves the candidates alone (the rules are then evaluated):
 *   eq     the value is a string, number, boolean or null, and, if the rules
 *          compare it loosely (`==`) with constants of another type, null
 *          (for same-type primitives `==` is `===`, which a Map decides);
 *   range  the value is a string, number, boolean or null (the language
 *          compares those with a number as ToNumber does);
 *   truth  always.
 */
import { truthy } from '../jsonlogic/coerce.ts';
import type { Dag } from './dag.ts';
import { eqConstants, evalPred, thresholds, type Constraint, type DimKind, type Pred } from './constraints.ts';
import { readPath, type Frame } from './frame.ts';

export class Dimension {
  constructor(
    readonly kind: DimKind,
    /** Path node and default of the var. */
    private readonly p: number,
    private readonly nf: unknown,
    /** classes × the words it touches: the candidates for each class. */
    private readonly table: Int32Array,
    /** The bitset words holding the rules it constrains (the others it leaves alone), and those rules. */
    private readonly wordAt: Int32Array,
    private readonly mask: Int32Array,
    /** eq: constant → class (the last class is "any other value"). */
    private readonly classes: Map<unknown, number>,
    /** eq: '' (no loose comparison), a typeof, or 'mixed'. */
    private readonly looseType: string,
    /** range: sorted distinct thresholds. */
    private readonly cuts: Float64Array,
    /** How many rules it can drop (for the description). */
    readonly constrained: number,
  ) {}

  /** Class of the current document's value, or -1 when this dimension cannot answer exactly. */
  classOf(fr: Frame): number {
    const raw = readPath(fr, this.p);
    const v = raw === undefined ? this.nf : raw;
    switch (this.kind) {
      case 'truth':
        return truthy(v) ? 1 : 0;
      case 'eq': {
        if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return -1;
        if (this.looseType !== '' && v !== null && typeof v !== this.looseType) return -1;
        const c = this.classes.get(v);
        return c === undefined ? this.classes.size : c;
      }
      default: {
        let x: number;
        if (typeof v === 'number') x = v;
        else if (v === null) x = 0;
        else if (typeof v === 'boolean') x = v ? 1 : 0;
        else if (typeof v === 'string') x = Number(v);
        else return -1;
        const cuts = this.cuts;
        if (Number.isNaN(x)) return 2 * cuts.length + 1;
        let lo = 0;
        let hi = cuts.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((cuts[mid] as number) < x) lo = mid + 1;
          else hi = mid;
        }
        return lo < cuts.length && cuts[lo] === x ? 2 * lo + 1 : 2 * lo;
      }
    }
  }

  /**
   * candidates &= the class's bitset (nothing when the dimension cannot
   * answer, or when no rule it constrains is still a candidate: then its var
   * is not even read).
   */
  apply(fr: Frame, cand: Int32Array): void {
    const at = this.wordAt;
    const n = at.length;
    let live = 0;
    for (let i = 0; i < n; i++) live |= (cand[at[i] as number] as number) & (this.mask[i] as number);
    if (live === 0) return;
    const cls = this.classOf(fr);
    if (cls < 0) return;
    const t = this.table;
    const base = cls * n;
    for (let i = 0; i < n; i++) {
      const w = at[i] as number;
      cand[w] = (cand[w] as number) & (t[base + i] as number);
    }
  }
}

/** The constraints gathered for one (kind, var): rule index → its predicates (all must hold). */
export interface DimensionSpec {
  kind: DimKind;
  v: number;
  rules: Map<number, Pred[]>;
  looseTypes: Set<string>;
}

export function addConstraint(specs: Map<string, DimensionSpec>, rule: number, c: Constraint): void {
  const key = `${c.kind}:${c.v}`;
  let s = specs.get(key);
  if (s === undefined) {
    s = { kind: c.kind, v: c.v, rules: new Map(), looseTypes: new Set() };
    specs.set(key, s);
  }
  const preds = s.rules.get(rule) ?? [];
  preds.push(c.pred);
  s.rules.set(rule, preds);
  for (const t of c.looseTypes) s.looseTypes.add(t);
}

export function buildDimension(dag: Dag, spec: DimensionSpec, ruleCount: number, words: number): Dimension {
  const varNode = dag.node(spec.v);
  if (varNode.k !== 'var') throw new Error('a dimension is over a var node');
  const all = allBits(ruleCount, words);
  let classCount: number;
  let leafAt: (cls: number) => (p: Pred) => boolean;
  const classes = new Map<unknown, number>();
  let cuts = new Float64Array(0);

  switch (spec.kind) {
    case 'truth':
      classCount = 2;
      leafAt = (cls) => () => cls === 1;
      break;
    case 'eq': {
      const ks: unknown[] = [];
      for (const preds of spec.rules.values()) for (const p of preds) eqConstants(p, ks);
      for (const k of ks) if (!classes.has(k)) classes.set(k, classes.size);
      classCount = classes.size + 1;
      leafAt = (cls) => (p) => (p.t === 'eq' ? classes.get(p.k) === cls : p.t === 'in' ? p.ks.some((k) => classes.get(k) === cls) : false);
      break;
    }
    default: {
      const ts: number[] = [];
      for (const preds of spec.rules.values()) for (const p of preds) thresholds(p, ts);
      // -0 and 0 compare equal: one cut.
      cuts = Float64Array.from([...new Set(ts.map((t) => (t === 0 ? 0 : t)))].sort((a, b) => a - b));
      const at = (k: number): number => 2 * cuts.indexOf(k === 0 ? 0 : k) + 1;
      const nanClass = 2 * cuts.length + 1;
      classCount = nanClass + 1;
      leafAt = (cls) => (p) => {
        if (p.t !== 'cmp' || cls === nanClass) return false;
        const k = at(p.k);
        switch (p.op) {
          case '<':
            return cls < k;
          case '<=':
            return cls <= k;
          case '>':
            return cls > k;
          default:
            return cls >= k;
        }
      };
    }
  }

  // Only the words holding constrained rules: a dimension over a dozen rules touches one or two.
  const wordAt = Int32Array.from([...new Set([...spec.rules.keys()].map((r) => r >>> 5))].sort((a, b) => a - b));
  const table = new Int32Array(classCount * wordAt.length);
  const mask = new Int32Array(wordAt.length);
  for (const rule of spec.rules.keys()) {
    const i = wordAt.indexOf(rule >>> 5);
    mask[i] = (mask[i] as number) | (1 << (rule & 31));
  }
  for (let cls = 0; cls < classCount; cls++) {
    const leaf = leafAt(cls);
    const base = cls * wordAt.length;
    wordAt.forEach((w, i) => (table[base + i] = all[w] as number));
    for (const [rule, preds] of spec.rules) {
      if (preds.every((p) => evalPred(p, leaf))) continue;
      const i = base + wordAt.indexOf(rule >>> 5);
      table[i] = (table[i] as number) & ~(1 << (rule & 31));
    }
  }
  const looseType = spec.looseTypes.size === 0 ? '' : spec.looseTypes.size === 1 ? ([...spec.looseTypes][0] as string) : 'mixed';
  return new Dimension(spec.kind, varNode.path, varNode.nf, table, wordAt, mask, classes, looseType, cuts, spec.rules.size);
}

/** A bitset with the first `n` bits set. */
export function allBits(n: number, words: number): Int32Array {
  const b = new Int32Array(words);
  for (let i = 0; i < n; i++) b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
  return b;
}
