/**
 * A whole rule set as one DAG of unique sub-expressions (hash-consing): each
 * node is interned under a structural key made of its kind, operator and the
 * ids of its children, so `{"var": "kev.listed"}` or
 * `{"in": [{"var": "finding.severity"}, ["critical", "high"]]}` written in 40
 * rules is one node, evaluated at most once per document.
 *
 * `var` paths become a trie of path nodes (`finding` → `finding.package` →
 * `finding.package.name`), so every prefix is also read once per document.
 *
 * Only sub-expressions evaluated against the document itself are split into
 * nodes. Iterator operations (map, filter, reduce, all, none, some), whose body
 * runs once per element with the element as data, are kept whole ("opaque")
 * and run by the per-rule closure compiler; they are still shared and
 * memoised as a unit.
 *
 * Constant sub-expressions are folded exactly as compile.ts folds them (an
 * operation that throws is left to throw at run time, when reached).
 */
import { truthy } from '../jsonlogic/coerce.ts';
import { compile, type CompiledRule } from '../jsonlogic/compile.ts';
import { copyLiteral, deepFreeze, isPlainContainer } from '../jsonlogic/node.ts';
import { operatorSpec, type EagerImpl, type OperatorSpec } from '../jsonlogic/operators.ts';
import { isWholeDataPath, splitPath } from '../jsonlogic/path.ts';
import { argumentsOf, isLogic, operatorOf } from '../jsonlogic/shape.ts';

export type DagNode =
  /** A value known at compile time (frozen). */
  | { readonly k: 'const'; readonly value: unknown }
  /** The document itself (`{"var": ""}`). */
  | { readonly k: 'doc' }
  /** One step of a path from `parent` (a path node or the document): the raw own property, undefined when absent. */
  | { readonly k: 'path'; readonly parent: number; readonly key: string }
  /** `{"var": [constant path, constant default]}`: the path's raw value, or the default when it is undefined. */
  | { readonly k: 'var'; readonly path: number; readonly nf: unknown }
  /** and / or / if (also `?:`): lazily evaluated children. */
  | { readonly k: 'and' | 'or' | 'if'; readonly args: readonly number[] }
  /** A literal array with at least one computed element: a fresh array per evaluation. */
  | { readonly k: 'array'; readonly args: readonly number[] }
  /** An eager operation over evaluated children, with json-logic-js's semantics (operators.ts). */
  | { readonly k: 'op'; readonly op: string; readonly spec: OperatorSpec; readonly args: readonly number[] }
  /** Evaluated whole by the closure compiler (iterators). */
  | { readonly k: 'opaque'; readonly fn: CompiledRule };

const ITERATORS = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/** The interned nodes of a rule set; children always have smaller ids than their parents. */
export class Dag {
  readonly nodes: DagNode[] = [];
  private readonly ids = new Map<string, number>();
  private readonly identities = new Map<unknown, number>();
  /** The document node's id. */
  readonly doc: number;

  constructor() {
    this.doc = this.intern('d', { k: 'doc' });
  }

  node(id: number): DagNode {
    return this.nodes[id] as DagNode;
  }

  isConst(id: number): boolean {
    return this.node(id).k === 'const';
  }

  constValue(id: number): unknown {
    const n = this.node(id);
    return n.k === 'const' ? n.value : undefined;
  }

  /** Adds a rule (already checked structurally) and returns its root node's id. */
  add(rule: unknown): number {
    if (Array.isArray(rule)) return this.array(rule);
    if (!isLogic(rule)) return this.constant(copyLiteral(rule));
    const op = operatorOf(rule);
    const { args } = argumentsOf(rule, op);
    const spec = operatorSpec(op) as OperatorSpec;
    if (spec.kind === 'lazy') {
      if (ITERATORS.has(op)) return this.opaque(rule);
      const children = args.map((a) => this.add(a));
      return this.lazy(op === '?:' ? 'if' : (op as 'and' | 'or' | 'if'), children);
    }
    return this.eager(op, spec, args.map((a) => this.add(a)));
  }

  constant(value: unknown): number {
    return this.intern(`c${literalKey(value, this.identities)}`, { k: 'const', value });
  }

  private array(rule: readonly unknown[]): number {
    const children = rule.map((r) => this.add(r));
    if (children.every((c) => this.isConst(c))) return this.constant(Object.freeze(children.map((c) => this.constValue(c))));
    return this.intern(`a(${children.join(',')})`, { k: 'array', args: children });
  }

  private lazy(kind: 'and' | 'or' | 'if', children: number[]): number {
    if (children.every((c) => this.isConst(c))) return this.constant(foldLazy(kind, children.map((c) => this.constValue(c))));
    return this.intern(`${kind}(${children.join(',')})`, { k: kind, args: children });
  }

  private eager(op: string, spec: OperatorSpec, children: number[]): number {
    const allConst = children.every((c) => this.isConst(c));
    if (op === 'var') {
      // As compile.ts: `{"var": []}` and the whole-data paths are the document;
      // a constant path (and default) is a path read.
      if (children.length === 0) return this.doc;
      if (allConst && children.length <= 2) {
        const path = this.constValue(children[0] as number);
        if (isWholeDataPath(path)) return this.doc;
        const read = this.pathRead(path, children[1] === undefined ? undefined : this.constValue(children[1]));
        if (read !== undefined) return read;
      }
    }
    if (allConst && !spec.usesData && !spec.usesNow) {
      // compile.ts folds the same way: evaluated now, unless it throws.
      try {
        return this.constant(deepFreeze((spec.impl as EagerImpl)(children.map((c) => this.constValue(c)), undefined, { now: undefined })));
      } catch {
        // Left to throw when (and only if) it is reached.
      }
    }
    return this.intern(`o${JSON.stringify(op)}(${children.join(',')})`, { k: 'op', op, spec, args: children });
  }

  /** The var node for a constant path; undefined when the path cannot be made a string (then it throws at run time, as compiled). */
  private pathRead(path: unknown, dflt: unknown): number | undefined {
    let segments: string[];
    try {
      segments = splitPath(path);
    } catch {
      return undefined;
    }
    let at = this.doc;
    for (const key of segments) at = this.intern(`p${at}:${JSON.stringify(key)}`, { k: 'path', parent: at, key });
    const nf = dflt === undefined ? null : dflt;
    return this.intern(`v${at}:${literalKey(nf, this.identities)}`, { k: 'var', path: at, nf });
  }

  private opaque(rule: Record<string, unknown>): number {
    const fn = compile(rule);
    return this.intern(`q${literalKey(rule, this.identities)}`, { k: 'opaque', fn });
  }

  private intern(key: string, node: DagNode): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(node);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** and / or / if over constants, with json-logic-js's results. */
function foldLazy(kind: 'and' | 'or' | 'if', values: readonly unknown[]): unknown {
  if (kind === 'if') {
    let i = 0;
    for (; i < values.length - 1; i += 2) if (truthy(values[i])) return values[i + 1];
    return i === values.length - 1 ? values[i] : null;
  }
  let current: unknown;
  for (const v of values) {
    current = v;
    if (truthy(v) !== (kind === 'and')) return v;
  }
  return current;
}

/**
 * A key that is equal for two values only when json-logic-js cannot tell them
 * apart: primitives by type and value (-0 and 0 differ, NaN equals NaN),
 * arrays and plain data objects structurally (key order kept), anything else
 * (functions, class instances, objects with accessors or symbol keys) by
 * identity.
 */
export function literalKey(v: unknown, identities: Map<unknown, number>): string {
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${String(v)}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'u';
    case 'bigint':
      return `g${v.toString()}`;
    case 'object':
      if (v === null) return 'z';
      if (isPlainData(v)) {
        if (Array.isArray(v)) return `[${v.map((x) => literalKey(x, identities)).join(',')}]`;
        const proto = Object.getPrototypeOf(v) === null ? '0' : '';
        return `{${proto}${Object.keys(v)
          .map((k) => `${JSON.stringify(k)}:${literalKey((v as Record<string, unknown>)[k], identities)}`)
          .join(',')}}`;
      }
      break;
    default:
      break;
  }
  let n = identities.get(v);
  if (n === undefined) {
    n = identities.size;
    identities.set(v, n);
  }
  return `x${n}`;
}

/** A plain array or object whose own properties are all enumerable string-keyed data properties. */
function isPlainData(o: object): boolean {
  if (!isPlainContainer(o)) return false;
  const keys = Reflect.ownKeys(o);
  for (const k of keys) {
    if (typeof k === 'symbol') return false;
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (d === undefined || !('value' in d)) return false;
    if (!d.enumerable && !(Array.isArray(o) && k === 'length')) return false;
  }
  return true;
}
