/**
 * The contract: GitHub's official OpenAPI description (@octokit/openapi), used to
 * decide which operation a request is, and to check that every request ctem sends and
 * every response this server returns has the shape GitHub documents.
 *
 * The spec is 13 MB of JSON (~250 ms to read and parse), so it is loaded once per
 * process, on first use, and only the operations that are actually exercised get ajv
 * validators; compiled validators are cached per operation/part/status.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { applyDeviations } from './deviations.ts';
import { COMPONENT_BASE, convertSchema } from './schema-dialect.ts';

// ajv-formats is published as CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** Path template as in the spec: `/repos/{owner}/{repo}/issues/{issue_number}`. */
  path: string;
  /** GitHub's documentation page for the operation: used as `documentation_url` in errors. */
  docsUrl: string;
  raw: Json;
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/** One contract failure, in a form a test can print and a person can act on. */
export interface ContractProblem {
  part: 'path' | 'query' | 'body' | 'status' | 'response';
  /** JSON pointer into the checked value ('' for the whole value). */
  jsonPath: string;
  message: string;
}

interface Segment {
  literal?: string;
  param?: string;
}

interface PathEntry {
  template: string;
  segments: Segment[];
  /** A trailing `{path}` or `{ref}` may span several segments (`contents/a/b.md`, `heads/feat/x`). */
  greedy: boolean;
  literals: number;
  methods: Partial<Record<HttpMethod, Operation>>;
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
const GREEDY_PARAMS = new Set(['path', 'ref']);

/**
 * Statuses GitHub may answer on any operation even where the description does not
 * list them (authentication, rate limits, outages, a missing object). They are still
 * checked: their body must be GitHub's error shape.
 */
const UNIVERSAL_ERROR_STATUSES = new Set([401, 403, 404, 429, 500, 502, 503]);

export interface ContractTimings {
  /** Reading and parsing the spec file. */
  loadMs: number;
  /** Building the route index. */
  indexMs: number;
  /** Cumulative ajv compile time. */
  compileMs: number;
  compiledValidators: number;
  registeredComponents: number;
}

export class Contract {
  readonly timings: ContractTimings;
  private readonly doc: Json;
  private readonly entries: PathEntry[] = [];
  private readonly byId = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly strictAjv: Ajv;
  private readonly coercingAjv: Ajv;
  private readonly registered = new Map<Ajv, Set<string>>();
  private readonly knownFormats = new Set<string>();

  constructor(specPath: string) {
    const t0 = performance.now();
    this.doc = JSON.parse(readFileSync(specPath, 'utf8')) as Json;
    const t1 = performance.now();
    this.buildIndex();
    const t2 = performance.now();
    this.timings = { loadMs: t1 - t0, indexMs: t2 - t1, compileMs: 0, compiledValidators: 0, registeredComponents: 0 };
    // Responses and bodies are JSON already typed; query and path values arrive as
    // strings and must be coerced ("30" → 30) before being checked, as GitHub does.
    this.strictAjv = this.newAjv(false);
    this.coercingAjv = this.newAjv(true);
  }

  operation(operationId: string): Operation | undefined {
    return this.byId.get(operationId);
  }

  /**
   * Find the operation for a request. `pathname` is the raw (still percent-encoded)
   * path; parameters are decoded after matching so an encoded `/` stays in one segment.
   * Literal segments beat parameters: `/issues/comments/5` is update-comment, not get-issue.
   */
  match(method: string, pathname: string): RouteMatch | { pathKnown: boolean } {
    const m = method.toLowerCase() as HttpMethod;
    const raw = pathname.replace(/\/+$/, '').split('/').slice(1);
    let best: { entry: PathEntry; params: Record<string, string>; score: number } | undefined;
    let pathKnown = false;
    for (const entry of this.entries) {
      const params = matchSegments(entry, raw);
      if (!params) continue;
      pathKnown = true;
      if (!entry.methods[m]) continue;
      const score = entry.literals * 2 + (entry.greedy ? 0 : 1);
      if (!best || score > best.score) best = { entry, params, score };
    }
    if (!best) return { pathKnown };
    return { operation: best.entry.methods[m] as Operation, params: best.params };
  }

  /** Check path parameters, query parameters and the JSON body against the operation. */
  validateRequest(op: Operation, req: { params: Record<string, string>; query: Record<string, string | string[]>; body: unknown }): ContractProblem[] {
    const problems: ContractProblem[] = [];
    for (const where of ['path', 'query'] as const) {
      const validate = this.validator(`${op.operationId} ${where}`, this.coercingAjv, () => this.parametersSchema(op, where));
      // Coercion mutates its input: validate a copy so the handler still sees raw strings.
      const value = { ...(where === 'path' ? req.params : req.query) };
      if (validate && !validate(value)) problems.push(...toProblems(where, validate.errors));
    }
    const bodySchema = this.requestBodySchema(op);
    if (bodySchema.present) {
      if (req.body === undefined) {
        if (bodySchema.required) problems.push({ part: 'body', jsonPath: '', message: 'request body is required' });
      } else {
        const validate = this.validator(`${op.operationId} body`, this.strictAjv, () => bodySchema.schema);
        if (validate && !validate(req.body)) problems.push(...toProblems('body', validate.errors));
      }
    } else if (req.body !== undefined && op.method !== 'get' && op.method !== 'delete') {
      problems.push({ part: 'body', jsonPath: '', message: 'operation takes no request body' });
    }
    return problems;
  }

  /**
   * Check a response: the status must be one the operation declares (or one GitHub
   * may send on any operation), and the body must match that status's schema.
   */
  validateResponse(op: Operation, status: number, body: unknown, opts: { conditional?: boolean } = {}): ContractProblem[] {
    const responses = (op.raw.responses ?? {}) as Json;
    const declared = responses[String(status)] !== undefined;
    if (status === 304) {
      if (!opts.conditional) return [{ part: 'status', jsonPath: '', message: '304 sent to a request without If-None-Match' }];
      return body === undefined ? [] : [{ part: 'response', jsonPath: '', message: '304 must have an empty body' }];
    }
    if (!declared && !UNIVERSAL_ERROR_STATUSES.has(status)) {
      return [{ part: 'status', jsonPath: '', message: `status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})` }];
    }
    const schema = declared ? this.responseSchema(op, status) : undefined;
    if (schema === undefined) {
      // An error the description lists without a body (git/delete-ref's 422, secret
      // scanning's 404) still gets GitHub's error object; a success without one is empty.
      if (status >= 400) {
        const validate = this.validator('basic-error', this.strictAjv, () => ({ $ref: '#/components/schemas/basic-error' }));
        return validate && !validate(body) ? toProblems('response', validate.errors) : [];
      }
      return body === undefined ? [] : [{ part: 'response', jsonPath: '', message: `status ${status} is declared without a body, but one was sent` }];
    }
    if (body === undefined) return [{ part: 'response', jsonPath: '', message: `status ${status} requires a JSON body` }];
    const validate = this.validator(`${op.operationId} ${status}`, this.strictAjv, () => schema);
    return validate && !validate(body) ? toProblems('response', validate.errors) : [];
  }

  /** Follow a `#/components/...` reference (parameters, responses, request bodies). */
  private deref(node: unknown): Json {
    let cur = node as Json;
    for (let i = 0; i < 10 && typeof cur?.$ref === 'string'; i++) {
      let target: unknown = this.doc;
      for (const part of (cur.$ref as string).slice(2).split('/')) target = (target as Json)[part];
      cur = target as Json;
    }
    return cur;
  }

  private parametersSchema(op: Operation, where: 'path' | 'query'): unknown {
    const pathItem = (this.doc.paths as Json)[op.path] as Json;
    const all = [...((pathItem.parameters as unknown[]) ?? []), ...((op.raw.parameters as unknown[]) ?? [])].map((p) => this.deref(p));
    const properties: Json = {};
    const required: string[] = [];
    for (const p of all) {
      if (p.in !== where) continue;
      properties[p.name as string] = p.schema ?? {};
      if (p.required === true) required.push(p.name as string);
    }
    if (Object.keys(properties).length === 0) return undefined;
    // Unknown query parameters are ignored by GitHub, so they are allowed here too.
    return { type: 'object', properties, required };
  }

  private requestBodySchema(op: Operation): { present: boolean; required: boolean; schema?: unknown } {
    if (!op.raw.requestBody) return { present: false, required: false };
    const rb = this.deref(op.raw.requestBody);
    const content = (rb.content ?? {}) as Json;
    const json = (content['application/json'] ?? Object.values(content)[0]) as Json | undefined;
    return { present: true, required: rb.required === true, schema: json?.schema ?? {} };
  }

  private responseSchema(op: Operation, status: number): unknown {
    const r = this.deref(((op.raw.responses ?? {}) as Json)[String(status)]);
    const content = r.content as Json | undefined;
    if (!content) return undefined;
    const json = (content['application/json'] ?? Object.values(content)[0]) as Json | undefined;
    return json?.schema;
  }

  /** Compile (once) and cache the validator for `key`; null when there is nothing to check. */
  private validator(key: string, ajv: Ajv, schemaOf: () => unknown): ValidateFunction | null {
    const cacheKey = `${ajv === this.coercingAjv ? 'c' : 's'}:${key}`;
    const cached = this.validators.get(cacheKey);
    if (cached !== undefined) return cached;
    const raw = schemaOf();
    let fn: ValidateFunction | null = null;
    if (raw !== undefined) {
      const t0 = performance.now();
      const { schema, refs, formats } = convertSchema(raw);
      this.registerFormats(formats);
      for (const name of refs) this.registerComponent(ajv, name);
      fn = ajv.compile(schema as object);
      this.timings.compileMs += performance.now() - t0;
      this.timings.compiledValidators++;
    }
    this.validators.set(cacheKey, fn);
    return fn;
  }

  /** Register a component (and, transitively, what it refers to) with one ajv instance. */
  private registerComponent(ajv: Ajv, name: string): void {
    let done = this.registered.get(ajv);
    if (!done) this.registered.set(ajv, (done = new Set()));
    const pending = [name];
    while (pending.length > 0) {
      const next = pending.pop() as string;
      if (done.has(next)) continue;
      done.add(next);
      const source = ((this.doc.components as Json).schemas as Json)[next];
      if (source === undefined) throw new Error(`spec has no component schema ${next}`);
      const { schema, refs, formats } = convertSchema(applyDeviations(next, source));
      this.registerFormats(formats);
      ajv.addSchema({ ...(schema as Json), $id: COMPONENT_BASE + next });
      this.timings.registeredComponents++;
      for (const r of refs) if (!done.has(r)) pending.push(r);
    }
  }

  /** Formats ajv-formats does not know (`repo.nwo`, `timestamp`) are documentation only. */
  private registerFormats(formats: Set<string>): void {
    for (const f of formats) {
      if (this.knownFormats.has(f)) continue;
      this.knownFormats.add(f);
      for (const ajv of [this.strictAjv, this.coercingAjv]) if (!ajv.formats[f]) ajv.addFormat(f, true);
    }
  }

  private newAjv(coerce: boolean): Ajv {
    const ajv = new Ajv({ strict: false, allErrors: false, inlineRefs: false, coerceTypes: coerce, validateSchema: false, logger: false });
    addFormats(ajv);
    for (const f of Object.keys(ajv.formats)) this.knownFormats.add(f);
    return ajv;
  }

  private buildIndex(): void {
    for (const [template, item] of Object.entries(this.doc.paths as Json)) {
      const segments: Segment[] = template
        .split('/')
        .slice(1)
        .map((s) => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s }));
      const last = segments[segments.length - 1];
      const entry: PathEntry = {
        template,
        segments,
        greedy: last?.param !== undefined && GREEDY_PARAMS.has(last.param),
        literals: segments.filter((s) => s.literal !== undefined).length,
        methods: {},
      };
      for (const method of METHODS) {
        const raw = (item as Json)[method] as Json | undefined;
        if (!raw) continue;
        const op: Operation = {
          operationId: raw.operationId as string,
          method,
          path: template,
          docsUrl: ((raw.externalDocs as Json | undefined)?.url as string | undefined) ?? 'https://docs.github.com/rest',
          raw,
        };
        entry.methods[method] = op;
        this.byId.set(op.operationId, op);
      }
      this.entries.push(entry);
    }
  }
}

function matchSegments(entry: PathEntry, raw: string[]): Record<string, string> | undefined {
  const segs = entry.segments;
  if (entry.greedy ? raw.length < segs.length : raw.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as Segment;
    const value = raw[i] as string;
    if (seg.literal !== undefined) {
      if (seg.literal !== value) return undefined;
      continue;
    }
    const isLast = i === segs.length - 1;
    const text = isLast && entry.greedy ? raw.slice(i).join('/') : value;
    if (text === '') return undefined;
    try {
      params[seg.param as string] = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  return params;
}

function toProblems(part: ContractProblem['part'], errors: ErrorObject[] | null | undefined): ContractProblem[] {
  const seen = new Set<string>();
  const out: ContractProblem[] = [];
  for (const e of errors ?? []) {
    const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as Json).additionalProperty)}'` : e.keyword === 'enum' ? ` ${JSON.stringify((e.params as Json).allowedValues)}` : '';
    const message = `${e.message ?? e.keyword}${extra}`;
    const key = `${e.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ part, jsonPath: e.instancePath, message });
    if (out.length >= 10) break;
  }
  return out;
}

let shared: Contract | undefined;

/** Path of GitHub's (non-dereferenced) description inside @octokit/openapi. */
export function specPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

/** The process-wide contract, loaded on first use (every server in a test file shares it). */
export function getContract(): Contract {
  shared ??= new Contract(specPath());
  return shared;
}
