/**
 * Issue bodies rendered when they are read, not when the issue is planned.
 *
 * A large plan (200,000 issues) holding every rendered body keeps about a gigabyte
 * of text alive — Handlebars builds each body as a rope of a hundred pieces — only
 * for the writer to copy it out once (docs/scale.md). So `body` is an accessor that
 * renders on every read: the plan is still plain data to every reader
 * (`JSON.stringify`, `Object.keys`, `{ ...issue }`, `toEqual` all see an ordinary
 * enumerable string property, in the same place among the keys), but nothing holds
 * the text. Rendering is pure, so every read gives the same string; a reader that
 * needs it twice keeps it in a local.
 *
 * One getter function shared by every object, and its inputs in non-enumerable
 * symbol-keyed properties: with a closure per object, each object would get a hidden
 * class of its own in V8.
 */

const RENDER = Symbol('ctem.body.render');
const FROM = Symbol('ctem.body.from');

interface Lazy {
  [RENDER]: (from: never) => string;
  [FROM]: unknown;
}

function renderedBody(this: Lazy): string {
  return this[RENDER](this[FROM] as never);
}

/**
 * Define `target.body` as `render(from)`, evaluated on each read. Call it where the
 * plain property would have been assigned: keys keep their order.
 */
export function defineLazyBody<T extends object, F>(target: T, render: (from: F) => string, from: F): T & { body: string } {
  Object.defineProperty(target, 'body', { get: renderedBody, enumerable: true, configurable: true });
  Object.defineProperty(target, RENDER, { value: render });
  Object.defineProperty(target, FROM, { value: from });
  return target as T & { body: string };
}

const bodyOf = (o: { body: string }): string => o.body;

/** `target.body` reads `source.body` (itself possibly lazy) each time. */
export function defineBodyFrom<T extends object>(target: T, source: { body: string }): T & { body: string } {
  return defineLazyBody(target, bodyOf, source);
}
