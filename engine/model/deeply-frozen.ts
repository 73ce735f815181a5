/**
 * Whether a value can never print differently later: frozen all the way down, plain
 * objects and arrays only, no getters and no `toJSON`. Decisions share such parts by
 * the thousand (engine/prioritise/decide.ts freezes them), and the writers that print
 * them (decisions.ndjson, the ledger's canonical JSON) remember each one's text by
 * identity; this is what makes remembering exact. Depth-bounded.
 */
export function deeplyFrozen(v: object, depth = 0): boolean {
  if (depth > 8 || !Object.isFrozen(v) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Object.getPrototypeOf(v) !== Object.prototype && !Array.isArray(v)) return false; // a class instance may have getters
  for (const key of Object.keys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d === undefined || d.get !== undefined) return false;
    const x: unknown = d.value;
    if (typeof x === 'object' && x !== null && !deeplyFrozen(x, depth + 1)) return false;
  }
  return true;
}
