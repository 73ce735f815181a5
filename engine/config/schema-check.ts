/**
 * Validate a parsed file against its JSON Schema and turn ajv's errors into
 * located, human problems: "unknown key 'owner_team' (did you mean 'owner'?)".
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Problem } from '../errors.ts';
import { parseJsonPointer } from '../model/json-path.ts';
import { FILE_SCHEMAS, type FileKind } from './schema/index.ts';
import { suggest } from './suggest.ts';
import type { Locator } from './yaml-document.ts';

// ajv-formats is published as CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface SchemaChecker {
  check(kind: FileKind, value: unknown, file: string, locate: Locator): Problem[];
}

export function createSchemaChecker(): SchemaChecker {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const compiled = new Map<FileKind, ValidateFunction>();
  const validatorFor = (kind: FileKind): ValidateFunction => {
    let v = compiled.get(kind);
    if (!v) {
      v = ajv.compile(FILE_SCHEMAS[kind]);
      compiled.set(kind, v);
    }
    return v;
  };
  return {
    check(kind, value, file, locate) {
      const validate = validatorFor(kind);
      if (validate(value)) return [];
      return toProblems(validate.errors ?? [], file, locate);
    },
  };
}

function toProblems(errors: ErrorObject[], file: string, locate: Locator): Problem[] {
  const problems: Problem[] = [];
  // A union failing yields one error per branch plus an `anyOf`; keep only the summary.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const described = errors
    .filter((e) => e.keyword === 'anyOf' || ![...anyOfPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(p + '/')))
    .map((e) => {
      const path = parseJsonPointer(e.instancePath);
      return { e, path, ...describe(e, path) };
    });
  // `wehn:` for `when:` is one mistake: "unknown key 'wehn' (did you mean 'when'?)" says
  // it all, so the "missing required key 'when'" it causes in the same mapping is dropped.
  const misspelt = new Set(described.filter((d) => d.guess !== undefined).map((d) => `${d.e.instancePath}\0${d.guess}`));
  for (const { e, path, message, key, hint } of described) {
    if (e.keyword === 'required' && misspelt.has(`${e.instancePath}\0${String((e.params as { missingProperty?: unknown }).missingProperty)}`)) continue;
    const at = key !== undefined ? locate([...path, key], { key: true }) : locate(path);
    const id = `${at.line}:${at.column}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ code: 'schema', severity: 'error', message, file, line: at.line, column: at.column, hint });
  }
  return problems;
}

function where(path: string[]): string {
  return path.length === 0 ? 'the document' : `'${path.join('.')}'`;
}

function describe(e: ErrorObject, path: string[]): { message: string; key?: string; hint?: string; guess?: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter(
        (k) => k !== '$schema',
      );
      const guess = suggest(key, allowed);
      return {
        message: `unknown key '${key}' in ${where(path)}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        key,
        hint: allowed.length ? `allowed keys: ${allowed.join(', ')}` : undefined,
        guess,
      };
    }
    case 'required':
      return { message: `missing required key '${String(p.missingProperty)}' in ${where(path)}` };
    case 'type':
      return { message: `${where(path)} must be ${String(p.type)}` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return { message: `${where(path)} must be one of: ${allowed.join(', ')}` };
    }
    case 'const':
      return { message: `${where(path)} must be ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return {
        message: `${where(path)} has an invalid format`,
        hint: (e.parentSchema as { description?: string } | undefined)?.description ?? `expected to match ${String(p.pattern)}`,
      };
    case 'minProperties':
      return { message: `${where(path)} must not be empty` };
    case 'minItems':
      return { message: `${where(path)} must have at least ${String(p.limit)} item(s)` };
    case 'minLength':
      return { message: `${where(path)} must be at least ${String(p.limit)} characters long` };
    case 'format':
      return { message: `${where(path)} must be a valid ${String(p.format)}` };
    default:
      return { message: `${where(path)} ${e.message ?? 'is invalid'}` };
  }
}
