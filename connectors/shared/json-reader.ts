/**
 * Reading untrusted, already-parsed JSON with located errors.
 *
 * Every accessor takes the path of the object it reads from, so a failure names the
 * exact offending value (`$.Results[2].Vulnerabilities[0].VulnerabilityID`) and the
 * connector never needs to format paths itself.
 *
 * Why `own()` everywhere: scanner reports are attacker-influenced (package names,
 * advisory text, map keys). `obj[key]` with a key such as `__proto__` or `constructor`
 * would read Object.prototype rather than the document, so all lookups go through
 * Object.hasOwn. JSON.parse stores a `"__proto__"` key as an ordinary own property,
 * and that is how it is read here: as data.
 *
 * Go writes unset slices as `null` and unset strings as `""` (Trivy, Grype and
 * OSV-Scanner are all Go programs), so for optional fields both mean "absent".
 */
import { ReportError } from '../../engine/errors.ts';
import { toJsonPath, type PathSegment } from '../../engine/model/json-path.ts';

export type JsonPath = readonly PathSegment[];
export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own property, never an inherited one. */
export function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function fail(path: JsonPath, message: string): never {
  throw new ReportError(toJsonPath(path), message);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const isAbsent = (value: unknown): boolean => value === undefined || value === null;

export function asObject(value: unknown, path: JsonPath): JsonObject {
  if (!isJsonObject(value)) fail(path, `must be an object (got ${typeName(value)})`);
  return value;
}

/** A required, non-empty string. */
export function reqString(obj: JsonObject, key: string, path: JsonPath): string {
  const value = own(obj, key);
  if (isAbsent(value) || value === '') fail([...path, key], 'is required');
  if (typeof value !== 'string') fail([...path, key], `must be a string (got ${typeName(value)})`);
  return value;
}

/** An optional string; absent, null and "" all give undefined. */
export function optString(obj: JsonObject, key: string, path: JsonPath): string | undefined {
  const value = own(obj, key);
  if (isAbsent(value) || value === '') return undefined;
  if (typeof value !== 'string') fail([...path, key], `must be a string (got ${typeName(value)})`);
  return value;
}

/** An optional finite number. */
export function optNumber(obj: JsonObject, key: string, path: JsonPath): number | undefined {
  const value = own(obj, key);
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail([...path, key], `must be a number (got ${typeName(value)})`);
  }
  return value;
}

/** An optional positive integer line number; 0 (Go's zero value) gives undefined. */
export function optLine(obj: JsonObject, key: string, path: JsonPath): number | undefined {
  const value = optNumber(obj, key, path);
  if (value === undefined || value === 0) return undefined;
  if (!Number.isInteger(value) || value < 0) fail([...path, key], 'must be a non-negative integer');
  return value;
}

export function optObject(obj: JsonObject, key: string, path: JsonPath): JsonObject | undefined {
  const value = own(obj, key);
  if (isAbsent(value)) return undefined;
  return asObject(value, [...path, key]);
}

export function reqObject(obj: JsonObject, key: string, path: JsonPath): JsonObject {
  const value = own(obj, key);
  if (isAbsent(value)) fail([...path, key], 'is required');
  return asObject(value, [...path, key]);
}

/** An optional array; absent and null give []. */
export function optArray(obj: JsonObject, key: string, path: JsonPath): readonly unknown[] {
  const value = own(obj, key);
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) fail([...path, key], `must be an array (got ${typeName(value)})`);
  return value;
}

export function reqArray(obj: JsonObject, key: string, path: JsonPath): readonly unknown[] {
  const value = own(obj, key);
  if (isAbsent(value)) fail([...path, key], 'is required');
  if (!Array.isArray(value)) fail([...path, key], `must be an array (got ${typeName(value)})`);
  return value;
}

/** An optional array of strings; empty strings are dropped (Go zero values). */
export function optStringArray(obj: JsonObject, key: string, path: JsonPath): string[] {
  const out: string[] = [];
  optArray(obj, key, path).forEach((item, i) => {
    if (typeof item !== 'string') fail([...path, key, i], `must be a string (got ${typeName(item)})`);
    if (item !== '') out.push(item);
  });
  return out;
}

/** Each element of an optional array, checked to be an object, with its path. */
export function objectsIn(obj: JsonObject, key: string, path: JsonPath): Array<{ value: JsonObject; path: JsonPath }> {
  return optArray(obj, key, path).map((item, i) => {
    const itemPath = [...path, key, i];
    return { value: asObject(item, itemPath), path: itemPath };
  });
}

/**
 * Free-form sections (OSV `database_specific`, `ecosystem_specific`) have no schema:
 * read a string from them when it is one, never fail on them.
 */
export function looseString(obj: JsonObject | undefined, key: string): string | undefined {
  if (obj === undefined) return undefined;
  const value = own(obj, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function looseObject(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  if (obj === undefined) return undefined;
  const value = own(obj, key);
  return isJsonObject(value) ? value : undefined;
}

export function looseStrings(obj: JsonObject | undefined, key: string): string[] {
  if (obj === undefined) return [];
  const value = own(obj, key);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}
