/**
 * `o[k] = v`, except that a key named `__proto__` becomes an own property, as in an
 * object literal or `JSON.parse`, and never sets the prototype. For copies made key by
 * key (findings, their hand-over from worker threads, ledger records), where the keys
 * may come from parsed, attacker-influenced input.
 */
export function setOwnField(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
