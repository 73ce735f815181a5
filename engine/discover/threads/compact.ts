/**
 * A compact form of plain JSON-like values for handing findings from a worker thread
 * to the main thread. Measured on the generated estate: handing 250,000 findings over
 * as objects (postMessage's structured clone) cost the receiving thread 4.4 s and as
 * JSON text 2.9 s; here each distinct string and each distinct set of keys crosses
 * once, and the values are numbers in one transferable buffer, so the receiving
 * thread only builds the objects (docs/scale.md).
 *
 * Exactly the value it was given: key order, `undefined` properties, -0 and NaN
 * survive; a key named `__proto__` comes back as an own property, never as a
 * prototype. Anything that is not plain data (a function, a symbol, a bigint, a Date,
 * a Map) is a programming error and throws: findings are plain data.
 */
import { setOwnField } from '../../model/own-field.ts';

export interface CompactBatch {
  /** How many top-level values the batch holds. */
  count: number;
  /** Every distinct string, once. */
  strings: string[];
  /** Every distinct list of object keys, once. */
  shapes: string[][];
  /** The values, as tags followed by their operands (string, shape and length indices, numbers). */
  codes: Float64Array;
}

const enum Tag {
  Undefined,
  Null,
  False,
  True,
  Number,
  String,
  Array,
  Object,
}

const SHAPES_SCANNED = 32;

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class CompactWriter {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly shapes: string[][] = [];
  private readonly shapeIds = new Map<string, number>();
  private codes = new Float64Array(1024);
  private length = 0;
  private count = 0;

  add(value: unknown): void {
    this.value(value);
    this.count++;
  }

  /** The batch so far; the writer must not be used after. */
  finish(): CompactBatch {
    return { count: this.count, strings: this.strings, shapes: this.shapes, codes: this.codes.slice(0, this.length) };
  }

  private push(n: number): void {
    if (this.length === this.codes.length) {
      const grown = new Float64Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length++] = n;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'undefined':
        return this.push(Tag.Undefined);
      case 'boolean':
        return this.push(v ? Tag.True : Tag.False);
      case 'number':
        this.push(Tag.Number);
        return this.push(v);
      case 'string':
        this.push(Tag.String);
        return this.push(this.stringId(v));
      case 'object':
        if (v === null) return this.push(Tag.Null);
        if (Array.isArray(v)) return this.array(v);
        if (isPlainObject(v)) return this.object(v as Record<string, unknown>);
        break;
    }
    throw new TypeError(`compact values carry plain data only, not ${describe(v)}`);
  }

  private array(xs: readonly unknown[]): void {
    this.push(Tag.Array);
    this.push(xs.length);
    // An index loop, not for-of: a hole reads as undefined, as JSON-like data would have it.
    for (let i = 0; i < xs.length; i++) this.value(xs[i]);
  }

  private object(o: Record<string, unknown>): void {
    const keys = Object.keys(o);
    const shape = this.shapeId(keys);
    this.push(Tag.Object);
    this.push(shape);
    for (let i = 0; i < keys.length; i++) this.value(o[keys[i]!]);
  }

  /**
   * Findings come in a handful of shapes: the few seen first are found by comparing keys
   * (property names are interned, so each comparison is one pointer), the rest by their text.
   */
  private shapeId(keys: string[]): number {
    const shapes = this.shapes;
    const scan = Math.min(shapes.length, SHAPES_SCANNED);
    for (let s = 0; s < scan; s++) if (sameKeys(shapes[s]!, keys)) return s;
    if (shapes.length < SHAPES_SCANNED) {
      shapes.push(keys);
      return shapes.length - 1;
    }
    // JSON text, not a join: keys may hold any character, and ['', '\0'] and ['\0', ''] must not meet.
    const key = JSON.stringify(keys);
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = shapes.length;
      shapes.push(keys);
      this.shapeIds.set(key, id);
    }
    return id;
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (typeof v !== 'object' || v === null) return `a ${typeof v}`;
  return `a ${(v as object).constructor?.name ?? 'non-plain object'}`;
}

/** Each value of the batch, in order, as a fresh plain value. */
export function* readCompact(batch: CompactBatch): Generator<unknown> {
  const reader = new Reader(batch);
  for (let i = 0; i < batch.count; i++) yield reader.value();
}

class Reader {
  private at = 0;
  private readonly codes: Float64Array;
  private readonly strings: string[];
  private readonly shapes: string[][];

  constructor(batch: CompactBatch) {
    this.codes = batch.codes;
    this.strings = batch.strings;
    this.shapes = batch.shapes;
  }

  private next(): number {
    if (this.at >= this.codes.length) throw new RangeError('compact batch ends early');
    return this.codes[this.at++]!;
  }

  value(): unknown {
    const tag = this.next();
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Number:
        return this.next();
      case Tag.String:
        return this.string();
      case Tag.Array: {
        const n = this.next();
        const xs = new Array<unknown>(n);
        for (let i = 0; i < n; i++) xs[i] = this.value();
        return xs;
      }
      case Tag.Object: {
        const keys = this.shapes[this.next()];
        if (keys === undefined) throw new RangeError('compact batch names a shape it does not hold');
        const o: Record<string, unknown> = {};
        for (const k of keys) setOwnField(o, k, this.value());
        return o;
      }
    }
    throw new RangeError(`compact batch holds an unknown tag ${tag}`);
  }

  private string(): string {
    const s = this.strings[this.next()];
    if (s === undefined) throw new RangeError('compact batch names a string it does not hold');
    return s;
  }
}
