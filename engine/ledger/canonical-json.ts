/**
 * The ledger's file format: JSON with keys sorted at every level, two-space
 * indentation (so nearly every field sits on its own line) and a final newline.
 * The same data always gives the same bytes, so `git diff` between two runs shows
 * only what really changed and unchanged exposures cost nothing. Pure.
 *
 * Byte for byte what `JSON.stringify(value with sorted keys, null, 2)` gives, written
 * directly: a run serialises every exposure, and copying each object to sort its
 * keys first was the run's largest cost.
 */

import { deeplyFrozen } from '../model/deeply-frozen.ts';

export function canonicalJson(value: unknown): string {
  return flat((write(value, '') ?? 'null') + '\n');
}

/**
 * The text as one flat string. Built by `+=`, a long text is a tree of its pieces, several
 * times its size: a run record of 57,000 actions (13.6 MB of text) held 77 MB of heap, and the
 * ledger holds its run record until the commit is written. Reading a character makes V8 copy the
 * text into one string and drop the tree (13 MB); it changes nothing else.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

function write(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
  }
  if (value === null) return 'null';
  const composite = value as object;
  if (!Object.isFrozen(composite)) return writeComposite(composite, indent);
  // Decisions share their frozen parts (owner, rule, validation facts, enrichment, lists) by the thousand:
  // each is printed once per indentation and its text remembered, as decisions.ndjson does (shared-json.ts).
  const known = texts.get(composite);
  if (known !== undefined && known.indent === indent) return known.text;
  const text = writeComposite(composite, indent);
  if (text !== undefined && deeplyFrozen(composite)) texts.set(composite, { indent, text });
  return text;
}

/** By identity: deeply frozen values only, which can never print differently later. */
const texts = new WeakMap<object, { indent: string; text: string }>();

function writeComposite(value: object, indent: string): string | undefined {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[\n';
    for (let i = 0; i < value.length; i++) out += `${i ? ',\n' : ''}${inner}${write(value[i], inner) ?? 'null'}`;
    return `${out}\n${indent}]`;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.toJSON === 'function') return write((object as { toJSON(): unknown }).toJSON(), indent);
  let out = '';
  for (const k of Object.keys(object).sort()) {
    const v = write(object[k], inner);
    if (v !== undefined) out += `${out ? ',\n' : ''}${inner}${keyText(k)}${v}`;
  }
  return out ? `{\n${out}\n${indent}}` : '{}';
}

/** `"key": `, remembered: records repeat a few dozen keys millions of times. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let t = keyTexts.get(key);
  if (t === undefined) {
    t = `${JSON.stringify(key)}: `;
    if (keyTexts.size < 10_000) keyTexts.set(key, t);
  }
  return t;
}
