/**
 * Writing large outputs without building them as one string. A million decisions
 * are gigabytes of JSON: more than V8's longest string, and several times the
 * memory of the decisions themselves. Text is produced in pieces and written in
 * batches of about a megabyte.
 */
import { open } from 'node:fs/promises';

const BATCH = 1 << 20;

/** Write the pieces to `path` in order (replacing the file). */
export async function writeChunks(path: string, pieces: Iterable<string>): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let buf: string[] = [];
    let size = 0;
    for (const p of pieces) {
      buf.push(p);
      size += p.length;
      if (size >= BATCH) {
        await fh.write(buf.join(''));
        buf = [];
        size = 0;
      }
    }
    if (buf.length) await fh.write(buf.join(''));
  } finally {
    await fh.close();
  }
}

/** One JSON line per item, each ending in a newline: NDJSON. */
export function* ndjsonLines(items: Iterable<unknown>): Generator<string> {
  for (const item of items) yield JSON.stringify(item) + '\n';
}

/**
 * Exactly `JSON.stringify(object, null, 2)`, in pieces: the arrays under the
 * top-level keys in `streamed` are produced element by element. (Pretty-printing
 * only indents; a nested value printed alone and indented by its depth is the same
 * text, since strings never contain a raw line break.)
 */
export function* prettyJsonChunks(object: Record<string, unknown>, streamed: ReadonlySet<string>): Generator<string> {
  const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(object)) {
    const text = streamed.has(key) && Array.isArray(value) ? undefined : JSON.stringify(value, null, 2);
    if (text === undefined && !(streamed.has(key) && Array.isArray(value))) continue; // undefined and functions are left out, as JSON.stringify does
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (text !== undefined) {
      yield indent(text, '  ');
      continue;
    }
    const items = value as unknown[];
    if (items.length === 0) {
      yield '[]';
      continue;
    }
    yield '[';
    for (let i = 0; i < items.length; i++) yield `${i === 0 ? '' : ','}\n    ${indent(JSON.stringify(items[i], null, 2) ?? 'null', '    ')}`;
    yield '\n  ]';
  }
  yield first ? '}' : '\n}';
}
