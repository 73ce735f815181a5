/**
 * The test GitHub: a stateful HTTP server on loopback that answers the REST calls
 * ctem makes, checks every request and response against GitHub's OpenAPI description,
 * and can be told to fail in the ways the real GitHub fails.
 *
 * Per request: route (from the spec) → faults (before) → authentication → primary rate
 * limit → request contract → permission → handler → conditional GET (ETag/304) →
 * response contract → faults (after) → send. Contract failures are recorded in
 * `violations`, which tests assert to be empty.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Auth, type TokenSpec } from './auth.ts';
import { systemClock, type Clock } from './clock.ts';
import { GitHubError } from './errors.ts';
import { Faults, faultName, faultResponse, type FaultRule } from './faults.ts';
import { ROUTES } from './handlers/index.ts';
import type { Ctx, Query, Reply, Route } from './handlers/context.ts';
import { rateLimitRoute } from './handlers/meta.ts';
import { RequestLog } from './log.ts';
import { getContract, type Contract, type ContractProblem, type Operation } from './openapi.ts';
import { RateLimiter, rateHeaders, type RateLimits } from './rate-limit.ts';
import { Renderer } from './render.ts';
import { State } from './state.ts';

export interface TestGitHubOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Tokens accepted, with their permissions. Default: `test-token` with every permission. */
  tokens?: Record<string, TokenSpec>;
  /** Login of the user tokens act as unless they name another (default `ctem-bot`). */
  defaultUser?: string;
  /** Clock for dates, rate-limit windows and search lag (default: system time). */
  clock?: Clock;
  rateLimits?: Partial<RateLimits>;
  faults?: { seed?: number; rules?: FaultRule[] };
  /** Milliseconds before a new or changed issue shows up in search (default 0). */
  searchLagMs?: number;
  /**
   * When the server's own response breaks the contract: `record` it (default) and
   * send it anyway, or also replace it with a 500 naming the problem.
   */
  onResponseViolation?: 'record' | 'respond-500';
}

export interface Violation {
  operationId?: string;
  method: string;
  path: string;
  part: 'route' | ContractProblem['part'];
  /** JSON pointer into the checked value ('' for the whole value). */
  jsonPath: string;
  message: string;
}

export interface TestGitHub {
  /** Base URL for Octokit's `baseUrl`: `http://127.0.0.1:PORT`. */
  url: string;
  state: State;
  log: RequestLog;
  violations: Violation[];
  faults: Faults;
  auth: Auth;
  rateLimiter: RateLimiter;
  contract: Contract;
  /** The violations, one per line, for an assertion message. */
  formatViolations(): string;
  close(): Promise<void>;
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
  contentType?: string;
  notModified?: boolean;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_REQUEST_BYTES = 25 * 1024 * 1024;

export async function createTestGitHub(opts: TestGitHubOptions = {}): Promise<TestGitHub> {
  const contract = getContract();
  const clock = opts.clock ?? systemClock;
  const state = new State({ clock, defaultUser: opts.defaultUser, searchLagMs: opts.searchLagMs });
  const auth = new Auth(opts.tokens, () => state.defaultLogin());
  const limiter = new RateLimiter(clock, opts.rateLimits);
  const faults = new Faults(opts.faults);
  const log = new RequestLog();
  const violations: Violation[] = [];
  const routes: Record<string, Route> = { ...ROUTES, 'rate-limit/get': rateLimitRoute(limiter) };
  let render: Renderer | undefined;
  // Built once the port is known: every URL in a response points back at this server.
  const renderer = (): Renderer => (render ??= new Renderer(state, base()));
  let requestCounter = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the server itself: answer 500 and make the test fail.
      violations.push({ method: req.method ?? '?', path: req.url ?? '?', part: 'response', jsonPath: '', message: `server crashed: ${String((err as Error)?.stack ?? err)}` });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: 'test GitHub crashed', status: '500' }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', base());
    const query = queryObject(url.searchParams);
    const write = WRITE_METHODS.has(method);
    const conditional = req.headers['if-none-match'] !== undefined;
    const requestId = `${(++requestCounter).toString(16).toUpperCase().padStart(4, '0')}:1E57:6171:${process.pid.toString(16).toUpperCase()}:${Date.now().toString(16).toUpperCase()}`;
    const rawBody = await readBody(req);
    const violationsBefore = violations.length;

    const match = contract.match(method, url.pathname);
    const op = 'operation' in match ? match.operation : undefined;

    const decision = faults.decide({ method, path: url.pathname, operationId: op?.operationId, write });
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const fault = decision.action;

    const finish = (status: number, notModified = false): void => {
      log.add({
        time: clock.now().toISOString(),
        method,
        path: url.pathname,
        query,
        status,
        operationId: op?.operationId,
        write,
        conditional,
        notModified,
        fault: fault ? faultName(fault) : undefined,
        violations: violations.length - violationsBefore,
        ms: performance.now() - started,
      });
    };

    const injectFault = (rule: FaultRule): void => {
      if (rule.kind === 'drop') {
        req.socket.destroy();
        finish(0);
        return;
      }
      const f = faultResponse(rule, requestId);
      res.writeHead(f.status, { ...f.headers, 'content-type': f.contentType, 'x-github-request-id': requestId });
      res.end(f.body);
      finish(f.status);
    };

    if (fault && fault.phase !== 'after') return injectFault(fault);

    const outcome = await processRequest({ method, url, query, rawBody, conditional, ifNoneMatch: req.headers['if-none-match'], authorization: req.headers.authorization, accept: req.headers.accept ?? '', op, params: 'params' in match ? match.params : {}, pathKnown: 'pathKnown' in match && match.pathKnown });

    if (fault) return injectFault(fault);

    const headers: Record<string, string> = { 'x-github-request-id': requestId, 'x-github-api-version-selected': '2022-11-28', ...outcome.headers };
    if (outcome.body !== undefined) headers['content-type'] = outcome.contentType ?? 'application/json; charset=utf-8';
    res.writeHead(outcome.status, headers);
    res.end(outcome.body);
    finish(outcome.status, outcome.notModified);
  }

  function record(op: Operation | undefined, method: string, path: string, problems: ContractProblem[]): void {
    for (const p of problems) violations.push({ operationId: op?.operationId, method, path, ...p });
  }

  async function processRequest(r: {
    method: string;
    url: URL;
    query: Query;
    rawBody: Buffer;
    conditional: boolean;
    ifNoneMatch: string | undefined;
    authorization: string | undefined;
    accept: string;
    op: Operation | undefined;
    params: Record<string, string>;
    pathKnown: boolean;
  }): Promise<Outcome> {
    const path = r.url.pathname;
    const errorOutcome = (e: GitHubError, docs: string, extra: Record<string, string> = {}): Outcome => ({
      status: e.status,
      headers: { ...extra, ...e.headers },
      body: JSON.stringify(e.body(docs)),
    });

    if (!r.op) {
      violations.push({ method: r.method, path, part: 'route', jsonPath: '', message: r.pathKnown ? `GitHub has no ${r.method} operation on this path` : 'no such route in GitHub\'s REST API' });
      return errorOutcome(new GitHubError(404, 'Not Found'), 'https://docs.github.com/rest');
    }
    const op = r.op;
    const route = routes[op.operationId];
    if (!route) {
      violations.push({ operationId: op.operationId, method: r.method, path, part: 'route', jsonPath: '', message: `route not implemented by the test GitHub: ${op.operationId} (${op.method.toUpperCase()} ${op.path})` });
      return errorOutcome(new GitHubError(404, 'Not Found'), op.docsUrl);
    }

    // Authentication and the primary rate limit come before anything else; their
    // errors are still checked against the contract (GitHub's error shape).
    const gate = (e: GitHubError, docs: string, extra: Record<string, string> = {}): Outcome => {
      const body = e.body(docs);
      record(op, r.method, path, contract.validateResponse(op, e.status, body));
      return { status: e.status, headers: { ...extra, ...e.headers }, body: JSON.stringify(body) };
    };
    let principal;
    try {
      principal = auth.authenticate(r.authorization);
    } catch (e) {
      if (e instanceof GitHubError) return gate(e, 'https://docs.github.com/rest');
      throw e;
    }

    const resource = route.resource ?? 'core';
    const charged = op.operationId !== 'rate-limit/get';
    const before = limiter.status(principal.token, resource);
    if (charged && before.remaining === 0) {
      const who = state.ensureUser(principal.login);
      return gate(new GitHubError(403, `API rate limit exceeded for user ID ${who.id}.`), 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit', rateHeaders(before));
    }

    let reply: Reply;
    let skipResponseCheck = false;
    try {
      let body: unknown;
      if (r.rawBody.length > 0) {
        try {
          body = JSON.parse(r.rawBody.toString('utf8'));
        } catch {
          record(op, r.method, path, [{ part: 'body', jsonPath: '', message: 'request body is not valid JSON' }]);
          skipResponseCheck = true;
          throw new GitHubError(400, 'Problems parsing JSON');
        }
      }
      const problems = contract.validateRequest(op, { params: r.params, query: r.query, body });
      if (problems.length > 0) {
        // The client broke the contract: record it, and answer as GitHub would (422).
        record(op, r.method, path, problems);
        skipResponseCheck = true;
        throw new GitHubError(422, `Invalid request.\n\n${problems.map((p) => `${p.part} ${p.jsonPath || '/'}: ${p.message}`).join('\n')}`);
      }
      auth.authorize(principal, route.permission);
      const ctx: Ctx = { state, render: renderer(), auth, principal, params: r.params, query: r.query, body, url: r.url, accept: r.accept };
      reply = await route.handle(ctx);
    } catch (e) {
      if (!(e instanceof GitHubError)) throw e;
      reply = { status: e.status, body: e.body(op.docsUrl), headers: e.headers };
    }

    const text = reply.raw ? reply.raw.data : reply.body === undefined ? undefined : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };

    // Conditional GET: a matching ETag is answered 304 with no body and is not charged.
    if (r.method === 'GET' && reply.status === 200 && text !== undefined) {
      const etag = `W/"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
      headers.etag = etag;
      headers['cache-control'] = 'private, max-age=60, s-maxage=60';
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
      if (r.ifNoneMatch !== undefined && etagMatches(r.ifNoneMatch, etag)) {
        record(op, r.method, path, contract.validateResponse(op, 304, undefined, { conditional: true }));
        const { link: _link, ...rest } = headers;
        return { status: 304, headers: { ...rest, ...rateHeaders(limiter.status(principal.token, resource)) }, notModified: true };
      }
    }

    if (charged) limiter.charge(principal.token, resource);
    Object.assign(headers, rateHeaders(limiter.status(principal.token, resource)));

    if (reply.raw) return { status: reply.status, headers, body: reply.raw.data, contentType: reply.raw.contentType };
    if (!skipResponseCheck) {
      const problems = contract.validateResponse(op, reply.status, reply.body, { conditional: r.conditional });
      record(op, r.method, path, problems);
      if (problems.length > 0 && opts.onResponseViolation === 'respond-500') {
        const message = `test GitHub response broke the contract: ${problems.map((p) => `${p.jsonPath || '/'}: ${p.message}`).join('; ')}`;
        return { status: 500, headers, body: JSON.stringify({ message, documentation_url: op.docsUrl, status: '500' }) };
      }
    }
    return { status: reply.status, headers, body: text };
  }

  function base(): string {
    const addr = server.address() as AddressInfo | null;
    return `http://127.0.0.1:${addr?.port ?? 0}`;
  }

  // Only ever loopback: this server is for tests and demos, never for a network.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  renderer();

  return {
    url: base(),
    state,
    log,
    violations,
    faults,
    auth,
    rateLimiter: limiter,
    contract,
    formatViolations: () => violations.map((v) => `${v.method} ${v.path} [${v.operationId ?? '-'}] ${v.part} ${v.jsonPath || '/'}: ${v.message}`).join('\n'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function queryObject(params: URLSearchParams): Query {
  const out: Query = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
}

/** If-None-Match may list several tags, or `*`; weak and strong forms compare equal. */
function etagMatches(header: string, etag: string): boolean {
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
