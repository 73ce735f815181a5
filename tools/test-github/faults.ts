/**
 * Fault injection: the failures a bot meets on the real GitHub, on demand and
 * reproducibly. Rules match requests (method, operationId, path) and fire on chosen
 * occurrences (`nth`), at random with a seeded PRNG (`probability`), or always, at
 * most `times` times. A fault acts `before` the handler (nothing changes) or `after`
 * it (the change is made, then the client is told something else) — the second is
 * the nasty case: a write that succeeded but whose answer was lost.
 */
import { mulberry32 } from '../prng.ts';

export type FaultKind =
  /** An error status: 500, 502, 503, 429, 422... with GitHub's body for it. */
  | 'status'
  /** 403 "You have exceeded a secondary rate limit" with `retry-after`. */
  | 'secondary-rate-limit'
  /** Destroy the socket without answering. */
  | 'drop'
  /** Wait `delayMs` before handling (combines with the other kinds). */
  | 'delay';

export interface FaultMatch {
  method?: string | string[];
  operationId?: string | string[];
  /** A RegExp tested against the request path, or a string the path must equal. */
  path?: string | RegExp;
  /** Only state-changing requests (POST, PUT, PATCH, DELETE). */
  writesOnly?: boolean;
}

export interface FaultRule {
  /** Shown in the request log; defaults to a description of the rule. */
  name?: string;
  kind: FaultKind;
  /** For `status`. */
  status?: number;
  /** Overrides the default message of a `status` fault. */
  message?: string;
  /** Seconds, for `secondary-rate-limit` and 429 (default 1). */
  retryAfter?: number;
  /** For `delay`. */
  delayMs?: number;
  /** `before` (default): the request has no effect. `after`: the handler runs first. */
  phase?: 'before' | 'after';
  match?: FaultMatch;
  /** Fire on these occurrences of a matching request (1-based). */
  nth?: number | number[];
  /** Fire on each matching request with this probability (seeded, deterministic). */
  probability?: number;
  /** Stop firing after this many times. */
  times?: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  operationId?: string;
  write: boolean;
}

export interface FiredFault {
  rule: FaultRule;
  name: string;
  method: string;
  path: string;
  operationId?: string;
}

export interface FaultDecision {
  delayMs: number;
  /** The fault that decides the answer (at most one), if any. */
  action?: FaultRule;
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
}

/** A deterministic pseudo-random generator (tools/prng.ts). */
export const prng = mulberry32;

export class Faults {
  readonly fired: FiredFault[] = [];
  private rules: RuleState[] = [];
  private random: () => number;

  constructor(opts: { seed?: number; rules?: FaultRule[] } = {}) {
    this.random = prng(opts.seed ?? 1);
    for (const r of opts.rules ?? []) this.add(r);
  }

  add(rule: FaultRule): FaultRule {
    if (rule.kind === 'status' && rule.status === undefined) throw new Error('a status fault needs a status');
    this.rules.push({ rule, seen: 0, fired: 0 });
    return rule;
  }

  remove(rule: FaultRule): void {
    this.rules = this.rules.filter((r) => r.rule !== rule);
  }

  /** Remove every rule (and restart the PRNG, so a new scenario is reproducible). */
  clear(seed?: number): void {
    this.rules = [];
    this.fired.length = 0;
    if (seed !== undefined) this.random = prng(seed);
  }

  /** Which faults fire for this request. Each matching rule's counters advance. */
  decide(req: FaultRequest): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const st of this.rules) {
      if (!matches(st.rule.match, req)) continue;
      st.seen++;
      if (!this.fires(st)) continue;
      if (st.rule.kind !== 'delay' && decision.action) continue;
      st.fired++;
      this.fired.push({ rule: st.rule, name: faultName(st.rule), method: req.method, path: req.path, operationId: req.operationId });
      if (st.rule.kind === 'delay') decision.delayMs += st.rule.delayMs ?? 0;
      else decision.action = st.rule;
    }
    return decision;
  }

  private fires(st: RuleState): boolean {
    const { rule } = st;
    if (rule.times !== undefined && st.fired >= rule.times) return false;
    if (rule.nth !== undefined) {
      const nth = Array.isArray(rule.nth) ? rule.nth : [rule.nth];
      if (!nth.includes(st.seen)) return false;
    }
    // The PRNG is consulted only for rules with a probability, so adding an
    // unrelated rule does not shift the random sequence of the others.
    if (rule.probability !== undefined) return this.random() < rule.probability;
    return true;
  }
}

export function faultName(rule: FaultRule): string {
  if (rule.name) return rule.name;
  const phase = rule.phase === 'after' ? '-after' : '';
  switch (rule.kind) {
    case 'status':
      return `status-${rule.status}${phase}`;
    case 'delay':
      return `delay-${rule.delayMs ?? 0}ms`;
    default:
      return `${rule.kind}${phase}`;
  }
}

function matches(m: FaultMatch | undefined, req: FaultRequest): boolean {
  if (!m) return true;
  const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);
  if (m.method && !list(m.method).some((x) => x.toUpperCase() === req.method)) return false;
  if (m.operationId && !list(m.operationId).includes(req.operationId ?? '')) return false;
  if (m.writesOnly && !req.write) return false;
  if (m.path !== undefined) {
    if (typeof m.path === 'string' ? m.path !== req.path : !m.path.test(req.path)) return false;
  }
  return true;
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ';

/** The answer GitHub gives for a fault: status, headers and body. */
export function faultResponse(rule: FaultRule, requestId: string): { status: number; headers: Record<string, string>; body: string; contentType: string } {
  const json = (status: number, body: object, headers: Record<string, string> = {}) => ({
    status,
    headers,
    body: JSON.stringify(body),
    contentType: 'application/json; charset=utf-8',
  });
  if (rule.kind === 'secondary-rate-limit' || (rule.kind === 'status' && rule.status === 429)) {
    return json(
      rule.kind === 'status' ? 429 : 403,
      {
        message: rule.message ?? `${SECONDARY_RATE_LIMIT_MESSAGE}${requestId}.`,
        documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: rule.kind === 'status' ? '429' : '403',
      },
      { 'retry-after': String(rule.retryAfter ?? 1) },
    );
  }
  const status = rule.status ?? 500;
  if (status === 502 || status === 504) {
    // GitHub's edge answers gateway errors with an HTML page, not JSON.
    return { status, headers: {}, body: `<!DOCTYPE html>\n<html><head><title>Unicorn! · GitHub</title></head><body>${status === 502 ? 'Bad Gateway' : 'Gateway Timeout'}</body></html>\n`, contentType: 'text/html; charset=utf-8' };
  }
  if (status === 422) {
    return json(422, {
      message: rule.message ?? 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', message: 'injected fault' }],
      documentation_url: 'https://docs.github.com/rest',
      status: '422',
    });
  }
  const defaults: Record<number, string> = { 500: 'Server Error', 503: 'Service Unavailable', 409: 'Conflict', 404: 'Not Found', 403: 'Forbidden' };
  return json(status, { message: rule.message ?? defaults[status] ?? 'Injected fault', documentation_url: 'https://docs.github.com/rest', status: String(status) });
}
