/**
 * What went wrong with a GitHub request, in one line a user can act on, and whether
 * the run can go on. A missing permission names the permission (from GitHub's
 * `x-accepted-github-permissions` header, or from what the request needed) and the
 * repository; nothing here ever includes the token.
 */
import { BudgetExhausted } from './scheduler.ts';

export type FailureKind =
  | 'permission'
  | 'auth'
  | 'not-found'
  | 'gone'
  | 'invalid'
  | 'conflict'
  | 'rate-limit'
  | 'budget'
  | 'transient'
  | 'other';

export interface GitHubFailure {
  kind: FailureKind;
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** One line, for a user. */
  message: string;
  /** The permission that was missing, as GitHub names it (`issues: write`). */
  permission?: string;
  /** When true, nothing else should be sent in this run (the same error would repeat). */
  fatal: boolean;
  /** GitHub's validation errors (422), for callers that handle a known case. */
  details?: string;
}

/** A failure that ends the run's mobilisation (a permission, the token, the rate limit). */
export class FatalGitHubError extends Error {
  constructor(readonly failure: GitHubFailure) {
    super(failure.message);
    this.name = 'FatalGitHubError';
  }
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** GitHub's error text, first line only, without HTML, bounded. */
function gitHubMessage(e: ErrorLike): string {
  const data = e.response?.data;
  let text = data !== null && typeof data === 'object' && Object.hasOwn(data, 'message') ? String((data as { message: unknown }).message) : (e.message ?? '');
  if (/<html|<!doctype/i.test(text)) text = /<title>([^<]{0,100})<\/title>/i.exec(text)?.[1] ?? 'an HTML error page';
  text = text.split('\n')[0]!.replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '').trim();
  return text.length > 200 ? text.slice(0, 199) + '…' : text;
}

function validationDetails(e: ErrorLike): string | undefined {
  const data = e.response?.data;
  if (data === null || typeof data !== 'object' || !Object.hasOwn(data, 'errors')) return undefined;
  const errors = (data as { errors: unknown }).errors;
  return Array.isArray(errors) ? JSON.stringify(errors).slice(0, 500) : undefined;
}

/** `issues=write` → `issues: write`; several alternatives are joined with "or". */
export function permissionFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const parts = header
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter((p) => /^[a-z_]+=(read|write|admin)$/.test(p) && !p.startsWith('metadata='))
    .map((p) => p.replace('=', ': '));
  return parts.length > 0 ? parts.join(' or ') : undefined;
}

/**
 * @param what  what was being done, e.g. `create an issue in acme/api`
 * @param need  the permission the request needs, e.g. `issues: write`
 * @param repository  where, for the message
 */
export function classify(e: unknown, ctx: { what: string; need?: string; repository?: string }): GitHubFailure {
  if (e instanceof FatalGitHubError) return e.failure;
  if (e instanceof BudgetExhausted) return { kind: 'budget', status: 0, message: e.message, fatal: true };
  const err = (e ?? {}) as ErrorLike;
  const status = err.response ? (err.status ?? 0) : 0;
  const gh = gitHubMessage(err);
  const where = ctx.repository ? ` on ${ctx.repository}` : '';
  if (status === 0) return { kind: 'transient', status, message: `could not ${ctx.what}: no answer from GitHub (${gh || 'connection failed'})`, fatal: false };
  const headers = err.response?.headers ?? {};
  if (status === 401) return { kind: 'auth', status, message: `GitHub rejected the token (401 ${gh || 'Bad credentials'})`, fatal: true };
  if ((status === 403 || status === 429) && (/rate limit/i.test(gh) || headers['x-ratelimit-remaining'] === '0')) {
    return { kind: 'rate-limit', status, message: `could not ${ctx.what}: GitHub's rate limit (${gh}); the next run continues`, fatal: true };
  }
  if (status === 403) {
    const permission = permissionFromHeader(headers['x-accepted-github-permissions']) ?? ctx.need;
    if (/not accessible|permission|forbidden/i.test(gh) || headers['x-accepted-github-permissions']) {
      return {
        kind: 'permission',
        status,
        permission,
        message: `the token lacks the \`${permission ?? 'required'}\` permission${where} (GitHub: 403 ${gh}) — could not ${ctx.what}`,
        fatal: true,
      };
    }
    return { kind: 'other', status, message: `could not ${ctx.what}: 403 ${gh}`, fatal: false };
  }
  if (status === 404) return { kind: 'not-found', status, message: `could not ${ctx.what}: not found${where} (the repository does not exist or the token cannot see it)`, fatal: false };
  if (status === 410) return { kind: 'gone', status, message: `could not ${ctx.what}: ${gh || 'gone'}${where}`, fatal: false };
  if (status === 409) return { kind: 'conflict', status, message: `could not ${ctx.what}: 409 ${gh}`, fatal: false };
  if (status === 422) return { kind: 'invalid', status, message: `could not ${ctx.what}: 422 ${gh}`, fatal: false, details: validationDetails(err) };
  if (status >= 500) return { kind: 'transient', status, message: `could not ${ctx.what}: GitHub answered ${status} ${gh}`.trim(), fatal: false };
  return { kind: 'other', status, message: `could not ${ctx.what}: ${status} ${gh}`.trim(), fatal: false };
}

/** Replace every occurrence of a secret in a text: a last line of defence for anything printed. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[REDACTED]');
}
