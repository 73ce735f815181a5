/**
 * `JSON.stringify(object)` for objects whose parts are shared by many of them: a
 * million decisions point at a few thousand enrichment views, validation facts,
 * owners and rules (engine/prioritise/decide.ts), and printing each decision printed
 * those parts again — about a third of decisions.ndjson's bytes, and of its time.
 *
 * Here each top-level value that is deeply frozen is printed once and its text
 * remembered by identity; everything else is printed by `JSON.stringify` as usual.
 * Deeply frozen is what makes remembering exact: such a value can never print
 * differently later. The text is exactly `JSON.stringify(object)`
 * (test/engine/app/shared-json.test.ts compares them on real and random objects).
 */

import { deeplyFrozen } from '../model/deeply-frozen.ts';

const texts = new WeakMap<object, string>();
const keyTexts = new Map<string, string>();

/** Exactly `JSON.stringify(value)` (for anything but an object, it is that call). */
export function stringifyWithSharedParts(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object)) {
    const text = valueText(object[key]);
    if (text === undefined) continue; // undefined, functions and symbols are left out, as JSON.stringify does
    out += `${out.length === 1 ? '' : ','}${keyText(key)}:${text}`;
  }
  return out + '}';
}

function valueText(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || !Object.isFrozen(v)) return JSON.stringify(v);
  let text = texts.get(v);
  if (text === undefined) {
    text = JSON.stringify(v);
    if (deeplyFrozen(v)) texts.set(v, text);
  }
  return text;
}

function keyText(key: string): string {
  let t = keyTexts.get(key);
  if (t === undefined) {
    t = JSON.stringify(key);
    if (keyTexts.size < 10_000) keyTexts.set(key, t);
  }
  return t;
}
