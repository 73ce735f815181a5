/**
 * Reading untrusted JSON without ever touching the prototype chain.
 *
 * A SARIF log is scanner output, i.e. attacker-influenced data: a property bag can hold
 * `__proto__` or `constructor` keys, and an id used as a lookup key can be `toString`.
 * Every read in this connector goes through `field()`, which only sees own properties,
 * so `obj[key]` can never return something the document did not contain.
 */

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An own property of an object, or undefined. `null` reads as absent: real tools write
 * `null` for "not set" (gosec's `artifactChanges`, Trivy's `repoDigests`), and SARIF gives
 * null no meaning of its own for the optional properties read through this helper.
 */
export function field(obj: unknown, key: string): unknown {
  if (!isObject(obj) || !Object.hasOwn(obj, key)) return undefined;
  const value = obj[key];
  return value === null ? undefined : value;
}

export function stringField(obj: unknown, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === 'string' ? value : undefined;
}

/** A string that carries information: empty strings read as absent. */
export function textField(obj: unknown, key: string): string | undefined {
  const value = stringField(obj, key);
  return value === undefined || value === '' ? undefined : value;
}

export function objectField(obj: unknown, key: string): JsonObject | undefined {
  const value = field(obj, key);
  return isObject(value) ? value : undefined;
}

export function arrayField(obj: unknown, key: string): readonly unknown[] | undefined {
  const value = field(obj, key);
  return Array.isArray(value) ? value : undefined;
}

/**
 * A SARIF index property. SARIF uses -1 as the default meaning "no index" (osv-scanner
 * writes it explicitly), so only integers >= 0 are indexes.
 */
export function indexField(obj: unknown, key: string): number | undefined {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The strings of an array property, ignoring anything else in it. */
export function stringsField(obj: unknown, key: string): string[] {
  const value = arrayField(obj, key);
  return value === undefined ? [] : value.filter((v): v is string => typeof v === 'string');
}

/** The keys of an object in a locale-independent, deterministic order (UTF-16 code units). */
export function sortedKeys(obj: JsonObject): string[] {
  return Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A short type name for error messages: `array`, `null`, `number`... */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
