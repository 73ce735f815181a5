/**
 * A source's `options` checked against its connector's own small JSON Schema, and
 * the source's shape checked against what the connector reads (a file needs `path`;
 * a GitHub listing takes none). Pure; problems are located in ctem.yaml. The same
 * check serves the command line (`ctem discover --options/--map/--repo/--org`).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Problem } from '../errors.ts';
import { parseJsonPointer } from '../model/json-path.ts';
import type { Located } from './load.ts';
import type { CtemConfig } from './schema/ctem.ts';
import { suggest } from './suggest.ts';

/** What the checker needs to know of a finding connector. */
export interface ConnectorShape {
  name: string;
  /** `github`: reads GitHub's API (no `path`); anything else reads files. */
  format: string;
  optionsSchema?: Readonly<Record<string, unknown>>;
}

export interface OptionProblem {
  /** Path within the options object. */
  path: (string | number)[];
  message: string;
  hint?: string;
  /** True when the problem is the key at `path` itself (an unknown option). */
  key?: boolean;
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Readonly<Record<string, unknown>>): ValidateFunction {
  let v = compiled.get(schema);
  if (v === undefined) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

interface SchemaLike {
  const?: unknown;
  enum?: unknown[];
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  type?: string;
  required?: string[];
  description?: string;
  properties?: Record<string, unknown>;
}

/** The literal values a union of literals allows (TypeBox writes them as anyOf of const). */
function literals(schema: SchemaLike | undefined): { values: unknown[]; list: boolean } {
  const out = { values: [] as unknown[], list: false };
  const walk = (s: SchemaLike | undefined) => {
    if (s === undefined) return;
    if (s.const !== undefined) out.values.push(s.const);
    if (Array.isArray(s.enum)) out.values.push(...s.enum);
    if (s.type === 'array') out.list = true;
    for (const b of s.anyOf ?? []) walk(b);
  };
  walk(schema);
  return out;
}

const show = (v: unknown): string => (typeof v === 'string' ? v.replace(/\t/g, '\\t') : JSON.stringify(v));

function describe(e: ErrorObject, connector: string): OptionProblem {
  const path = parseJsonPointer(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as SchemaLike | undefined;
  const name = path.length === 0 ? 'options' : `option '${path.join('.')}'`;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys(parent?.properties ?? {});
      const guess = suggest(key, allowed);
      return {
        path: [...path, key],
        key: true,
        message: `unknown ${path.length === 0 ? 'option' : `key in ${name}:`} '${key}' for connector '${connector}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
        hint: allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `connector '${connector}' takes no options`,
      };
    }
    case 'required':
      return { path, message: `missing ${path.length === 0 ? 'option' : `key in ${name}:`} '${String(p.missingProperty)}' for connector '${connector}'` };
    case 'oneOf': {
      const keys = (parent?.oneOf ?? []).flatMap((b) => b.required ?? []);
      return { path, message: `${name} for connector '${connector}' must give exactly one of: ${keys.join(', ')}` };
    }
    case 'anyOf': {
      const { values, list } = literals(parent);
      if (values.length > 0) return { path, message: `${name} must be one of: ${values.map(show).join(', ')}${list ? ' (or a list of them)' : ''}` };
      return { path, message: `${name} is not valid` };
    }
    case 'type':
      return { path, message: `${name} must be ${String(p.type)}` };
    case 'pattern':
      return { path, message: `${name} has an invalid format`, hint: parent?.description };
    case 'const':
      return { path, message: `${name} must be ${show(p.allowedValue)}` };
    default:
      return { path, message: `${name} ${e.message ?? 'is invalid'}` };
  }
}

/** Problems with `options` for `connector`; [] when they are valid. */
export function optionProblems(c: ConnectorShape, options: unknown): OptionProblem[] {
  if (c.optionsSchema === undefined) {
    return options === undefined ? [] : [{ path: [], message: `connector '${c.name}' takes no options` }];
  }
  const validate = validatorFor(c.optionsSchema);
  if (validate(options ?? {})) return [];
  const errors = validate.errors ?? [];
  // A failed union reports every branch, then a summary (anyOf): keep only the summary.
  // Nested unions report inner before outer: the last anyOf at a path is the outermost.
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const outermost = new Set([...new Map(anyOfs.map((e) => [e.instancePath, e])).values()]);
  const unions = [...outermost].map((e) => e.instancePath);
  const kept = errors.filter((e) => (e.keyword === 'anyOf' ? outermost.has(e) : !unions.some((u) => e.instancePath === u || e.instancePath.startsWith(`${u}/`))));
  // oneOf on the root reports each branch's `required` too; the oneOf line says it all.
  const oneOf = kept.some((e) => e.keyword === 'oneOf' && e.instancePath === '');
  const out = kept.filter((e) => !(oneOf && e.keyword === 'required' && e.instancePath === '')).map((e) => describe(e, c.name));
  const seen = new Set<string>();
  return out.filter((p) => {
    const id = `${p.path.join('/')}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** ctem.yaml `sources`: each source's shape and options against its connector. Located problems. */
export function checkSourceOptions(ctem: Located<CtemConfig>, connectors: ReadonlyMap<string, ConnectorShape>): Problem[] {
  const problems: Problem[] = [];
  const err = (path: (string | number)[], message: string, hint?: string, key = false) => {
    const at = ctem.locate(path, { key });
    problems.push({ code: 'source-options', severity: 'error', message, file: ctem.file, line: at.line, column: at.column, hint });
  };
  ctem.value.sources.forEach((s, i) => {
    const here = ['sources', i];
    const label = `source '${s.name ?? `sources[${i}]`}'`;
    if (s.connector === 'auto') {
      if (s.path === undefined) err(here, `${label}: connector 'auto' detects the format of a file: add \`path\``);
      if (s.options !== undefined) err([...here, 'options'], `${label}: options need a named connector ('auto' cannot know which apply)`, undefined, true);
      return;
    }
    const c = connectors.get(s.connector);
    if (c === undefined) return; // an unknown connector is reported by checkReferences
    if (c.format === 'github' && s.path !== undefined) {
      err([...here, 'path'], `${label}: connector '${c.name}' reads GitHub's API, not a file: remove \`path\``, 'say what to read with options.repo (owner/name) or options.org', true);
    }
    if (c.format !== 'github' && s.path === undefined) err(here, `${label}: connector '${c.name}' reads a file: add \`path\``);
    for (const p of optionProblems(c, s.options)) {
      const base = s.options === undefined ? here : [...here, 'options'];
      err(s.options === undefined ? here : [...base, ...p.path], `${label}: ${p.message}`, p.hint, p.key === true && s.options !== undefined);
    }
  });
  return problems;
}
