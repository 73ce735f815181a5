/**
 * The variables a JSON Logic rule reads, found statically: every `{"var": "a.b"}`
 * with a constant path outside iterator bodies. A decision records each with the
 * value it had, so an auditor sees exactly what the rule looked at.
 */

const ITERATORS = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

export function ruleVariables(rule: unknown): string[] {
  const out = new Set<string>();
  walk(rule, out);
  return [...out].sort();
}

function walk(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const keys = Object.keys(node);
  if (keys.length !== 1) return;
  const op = keys[0]!;
  const args = (node as Record<string, unknown>)[op];
  if (op === 'var') {
    const path = Array.isArray(args) ? args[0] : args;
    if (typeof path === 'string' && path !== '') out.add(path);
    else if (typeof path === 'number') out.add(String(path));
    return;
  }
  if (op === 'missing' || op === 'missing_some') return;
  if (ITERATORS.has(op) && Array.isArray(args)) {
    // Only the collection is read from the document; the body sees each element.
    walk(args[0], out);
    return;
  }
  walk(args, out);
}
