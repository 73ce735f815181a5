/**
 * GitHub's description is OpenAPI 3.0, whose schema dialect is "JSON Schema, almost":
 * `nullable: true` instead of a `null` type, `$ref`s into `#/components/schemas/...`,
 * documentation keywords (`example`, `x-github`, ...) that ajv would either reject
 * or silently misread, and `oneOf`s whose alternatives overlap. This module rewrites one component (or one inline schema) into
 * plain JSON Schema draft-07 that ajv compiles, and reports which components it refers
 * to, so the caller can register only the part of the 13 MB spec that is actually used.
 */

/** The $id prefix under which each converted component schema is registered with ajv. */
export const COMPONENT_BASE = 'https://test-github.invalid/components/schemas/';

const LOCAL_REF = '#/components/schemas/';

/** Keywords that only document a schema: dropped so ajv never sees them. */
const DOC_KEYWORDS = new Set([
  'example',
  'examples',
  'description',
  'title',
  'externalDocs',
  'xml',
  'discriminator',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

/** Keywords whose value is a map from names to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Keywords whose value is a subschema (or, for `items`, possibly a list of them). */
const SCHEMA_SINGLE = new Set(['additionalProperties', 'items', 'not', 'additionalItems', 'contains', 'propertyNames']);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

export interface Converted {
  schema: unknown;
  /** Names of the components this schema refers to (directly, not transitively). */
  refs: Set<string>;
  /** Every `format` used, so unknown ones can be registered as "anything goes". */
  formats: Set<string>;
}

/** Convert one OpenAPI 3.0 schema into draft-07 JSON Schema for ajv. */
export function convertSchema(schema: unknown): Converted {
  const refs = new Set<string>();
  const formats = new Set<string>();
  const out = convertNode(schema, refs, formats);
  return { schema: out, refs, formats };
}

function convertNode(node: unknown, refs: Set<string>, formats: Set<string>): unknown {
  if (typeof node === 'boolean') return node;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith('x-') || DOC_KEYWORDS.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith(LOCAL_REF)) throw new Error(`unsupported $ref ${value}`);
      const name = value.slice(LOCAL_REF.length);
      refs.add(name);
      out.$ref = COMPONENT_BASE + name;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      const map: Record<string, unknown> = {};
      for (const [prop, sub] of Object.entries(value as Record<string, unknown>)) map[prop] = convertNode(sub, refs, formats);
      out[key] = map;
    } else if (SCHEMA_SINGLE.has(key)) {
      out[key] = Array.isArray(value) ? value.map((v) => convertNode(v, refs, formats)) : convertNode(value, refs, formats);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      // GitHub's description uses `oneOf` for alternatives that overlap (a 409 body is
      // `basic-error` or `repository-rule-violation-error`, and `{message}` is both), so
      // "exactly one" would reject GitHub's own answers: it is read as "at least one".
      out[key === 'oneOf' ? 'anyOf' : key] = value.map((v) => convertNode(v, refs, formats));
    } else {
      if (key === 'format' && typeof value === 'string') formats.add(value);
      out[key] = value;
    }
  }
  return src.nullable === true ? makeNullable(out) : out;
}

/**
 * OpenAPI's `nullable: true` means "or null". With a plain `type` this becomes a type
 * union (and `null` joins any `enum`); when the schema is a `$ref` or a combinator,
 * null has to be offered as a separate alternative, because a `null` would otherwise
 * be checked against the referenced object schema and fail.
 */
function makeNullable(schema: Record<string, unknown>): Record<string, unknown> {
  const combinator = '$ref' in schema || 'allOf' in schema || 'anyOf' in schema || 'oneOf' in schema;
  if (combinator) return { anyOf: [{ type: 'null' }, schema] };
  const out = { ...schema };
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
