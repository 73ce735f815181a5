/**
 * Writing large outputs without building them as one string. A million decisions
 * are gigabytes of JSON: more than V8's longest string, and several times the
 * memory of the decisions themselves. Text is produced in pieces, encoded straight
 * into a reused buffer of a megabyte, and written when the buffer is full.
 *
 * Not by joining the pieces of each megabyte into a string: a string that large
 * lives in V8's large-object space, which only a full collection frees, so writing
 * 2 GB that way piled up hundreds of megabytes of dead text before the collector
 * ran (docs/scale.md).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { stringifyWithSharedParts } from './shared-json.ts';

const BATCH = 1 << 20;
/** UTF-8 bytes per UTF-16 code unit, at most. */
const MAX_BYTES_PER_UNIT = 3;

/**
 * One output file being written: pieces are encoded into a buffer, the buffer
 * written when full. Each piece is encoded alone, so a piece must not end in half a
 * surrogate pair (none does: pieces are whole JSON texts and whole lines).
 */
class BufferedFile {
  private readonly buf = Buffer.allocUnsafe(BATCH);
  private used = 0;

  constructor(private readonly fh: FileHandle) {}

  /** Whether the piece surely fits in what is left of the buffer. */
  fits(piece: string): boolean {
    return this.used + piece.length * MAX_BYTES_PER_UNIT <= BATCH;
  }

  /** Add a piece that fits. */
  put(piece: string): void {
    this.used += this.buf.write(piece, this.used);
  }

  async flush(): Promise<void> {
    // The whole range: FileHandle.write may write less than asked.
    let done = 0;
    while (done < this.used) done += (await this.fh.write(this.buf, done, this.used - done)).bytesWritten;
    this.used = 0;
  }

  /** A piece longer than the buffer can surely hold, written as it is (after what is buffered). */
  async writeWhole(piece: string): Promise<void> {
    await this.flush();
    await this.fh.write(piece);
  }
}

/** Write the pieces to `path` in order (replacing the file). */
export async function writeChunks(path: string, pieces: Iterable<string>): Promise<void> {
  await writeChunksTogether([path], routeAll(pieces));
}

function* routeAll(pieces: Iterable<string>): Generator<RoutedPiece> {
  for (const p of pieces) yield [0, p];
}

/** A piece of text for the `file`-th of several files written together. */
export type RoutedPiece = readonly [file: number, piece: string];

/**
 * Write several files from one pass over pieces, each routed to its file (replacing
 * them). For outputs that share expensive parts — plan.json and plan.md both print
 * every issue body, which is rendered when read — so each part is made once and
 * neither file's text is ever held whole.
 */
export async function writeChunksTogether(paths: readonly string[], pieces: Iterable<RoutedPiece>): Promise<void> {
  const handles: FileHandle[] = [];
  try {
    for (const p of paths) handles.push(await open(p, 'w'));
    const files = handles.map((h) => new BufferedFile(h));
    for (const [i, p] of pieces) {
      const f = files[i]!;
      if (!f.fits(p)) await f.flush();
      if (f.fits(p)) f.put(p);
      else await f.writeWhole(p);
    }
    for (const f of files) await f.flush();
  } finally {
    for (const h of handles) await h.close();
  }
}

/** One JSON line per item, each ending in a newline: NDJSON. Parts items share are printed once (shared-json.ts). */
export function* ndjsonLines(items: Iterable<unknown>): Generator<string> {
  for (const item of items) yield stringifyWithSharedParts(item) + '\n';
}

/**
 * Exactly `JSON.stringify(object, null, 2)`, in pieces: the arrays under the
 * top-level keys in `streamed` are produced element by element. Such a key may also
 * hold any iterable, printed as the array of its items, each read once, in turn.
 * Each value is printed at its depth by JSON.stringify itself (atDepth1, atDepth2).
 */
export function* prettyJsonChunks(object: Record<string, unknown>, streamed: ReadonlySet<string>): Generator<string> {
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(object)) {
    const items = streamed.has(key) && isIterableObject(value) ? value : undefined;
    const text = items === undefined ? atDepth1(value) : undefined;
    if (items === undefined && text === undefined) continue; // undefined and functions are left out, as JSON.stringify does
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (text !== undefined) {
      yield text;
      continue;
    }
    let n = 0;
    for (const item of items!) yield `${n++ === 0 ? '[' : ','}\n    ${atDepth2(item)}`;
    yield n === 0 ? '[]' : '\n  ]';
  }
  yield first ? '}' : '\n}';
}

/*
 * A value printed as it appears nested in pretty-printed JSON: JSON.stringify of a one-key wrapper,
 * with the wrapper cut off, is the value indented for its depth — made by the native printer in one
 * pass, where re-indenting the value's own text with a RegExp read each (long) text once more.
 */
const DEPTH1_HEAD = '{\n  "x": '.length;
const DEPTH1_TAIL = '\n}'.length;
const DEPTH2_HEAD = '{\n  "x": [\n    '.length;
const DEPTH2_TAIL = '\n  ]\n}'.length;

/** `value` as the value of a top-level key; undefined for what JSON leaves out (undefined, functions). */
function atDepth1(value: unknown): string | undefined {
  const t = JSON.stringify({ x: value }, null, 2);
  return t === '{}' ? undefined : t.slice(DEPTH1_HEAD, t.length - DEPTH1_TAIL);
}

/** `item` as an element of a top-level array (`null` for what JSON leaves out). */
function atDepth2(item: unknown): string {
  const t = JSON.stringify({ x: [item] }, null, 2);
  return t.slice(DEPTH2_HEAD, t.length - DEPTH2_TAIL);
}

const isIterableObject = (v: unknown): v is Iterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
