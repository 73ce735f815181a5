/**
 * Per-document memory of a rule set's evaluation: which nodes have been
 * evaluated for the current document, and their values (or the error they
 * threw). Preallocated once per rule set; a new document only bumps a
 * generation counter, so nothing is cleared or allocated per document.
 *
 * A slot is current when `stamp[id] === gen` (value in `vals[id]`) or
 * `stamp[id] === -gen` (it threw `vals[id]`). Memoising is sound because
 * every node is a pure function of the document: the same node on the same
 * document gives the same value, or throws the same error, every time.
 */
import { ownProp } from '../jsonlogic/path.ts';
import { toEpochMs } from '../jsonlogic/custom.ts';

const MAX_GEN = 0x3fffffff;

export class Frame {
  doc: unknown = undefined;
  gen = 0;
  readonly stamp: Int32Array;
  readonly vals: unknown[];
  /** For path nodes: the parent node (-1: the document) and the key. */
  readonly parent: Int32Array;
  readonly key: string[];
  private nowGen = 0;
  private nowMs: number | undefined = undefined;
  /** The last `now` text parsed: every document of a run carries the same one. */
  private nowText: unknown = undefined;

  constructor(size: number) {
    this.stamp = new Int32Array(size);
    // Packed (not holey) arrays: no hole checks on the hot path.
    this.vals = Array.from({ length: size }, () => undefined);
    this.parent = new Int32Array(size).fill(-1);
    this.key = Array.from({ length: size }, () => '');
  }

  begin(doc: unknown): void {
    this.doc = doc;
    if (++this.gen > MAX_GEN) {
      this.stamp.fill(0);
      this.gen = 1;
      this.nowGen = 0;
    }
  }

  /**
   * The instant `days_since` measures to: the document's own top-level `now`
   * (as compile.ts reads it for each evaluation), parsed once per document.
   */
  now(): number | undefined {
    if (this.nowGen !== this.gen) {
      const d = this.doc;
      const text = d !== null && typeof d === 'object' ? ownProp(d, 'now') : undefined;
      // toEpochMs is a pure function of a string; other values (a Date, a number) are converted afresh.
      if (typeof text !== 'string' || text !== this.nowText) {
        this.nowMs = d !== null && typeof d === 'object' ? toEpochMs(text) : undefined;
        this.nowText = typeof text === 'string' ? text : undefined;
      }
      this.nowGen = this.gen;
    }
    return this.nowMs;
  }
}

/**
 * The raw value at a path node (undefined when a link is missing, or null or
 * undefined before the last step), each prefix read once per document.
 * Module-level, so that V8 inlines it into the comparisons that call it.
 */
export function readPath(fr: Frame, id: number): unknown {
  const stamp = fr.stamp;
  const gen = fr.gen;
  if (stamp[id] === gen) return fr.vals[id];
  const p = fr.parent[id] as number;
  const base = p < 0 ? fr.doc : stamp[p] === gen ? fr.vals[p] : readPath(fr, p);
  let v: unknown;
  if (base !== null && base !== undefined) {
    // Own properties only (path.ts): never a prototype's, whatever the key.
    const key = fr.key[id] as string;
    v = Object.hasOwn(base as object, key) ? (base as Record<string, unknown>)[key] : undefined;
  }
  stamp[id] = gen;
  fr.vals[id] = v;
  return v;
}
