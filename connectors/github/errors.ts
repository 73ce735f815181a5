/**
 * GitHub's refusals as one clear line each. The message is built from the status,
 * GitHub's own short message and a few headers, never from the request (whose
 * headers hold the token) nor from Octokit's own message.
 */
import { CtemError, ExitCode } from '../../engine/errors.ts';

export interface ListingContext {
  /** `Dependabot alerts` */
  listing: string;
  /** `vulnerability_alerts: read` */
  permission: string;
  /** `acme/api` or `organisation acme` */
  target: string;
}

interface RequestErrorLike {
  status?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
  cause?: unknown;
  message?: unknown;
}

/** GitHub's message, as one short line of plain text (it is shown to the user). */
function gitHubMessage(e: RequestErrorLike): string | undefined {
  const data = e.response?.data;
  const raw = typeof data === 'object' && data !== null && Object.hasOwn(data, 'message') ? (data as { message: unknown }).message : undefined;
  if (typeof raw !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const line = raw.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return line === '' ? undefined : line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

const header = (e: RequestErrorLike, name: string): string | undefined => {
  const v = e.response?.headers?.[name];
  return typeof v === 'string' ? v : undefined;
};

/** `vulnerability_alerts=read` (GitHub's header) → `vulnerability_alerts: read`. */
function acceptedPermission(e: RequestErrorLike): string | undefined {
  const v = header(e, 'x-accepted-github-permissions');
  if (v === undefined || !/^[a-z_]+=[a-z]+(?:[,;]\s*[a-z_]+=[a-z]+)*$/.test(v)) return undefined;
  return v.split(/[,;]\s*/).map((p) => p.replace('=', ': ')).join(', ');
}

function networkCause(e: RequestErrorLike): string {
  const cause = e.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'no answer';
}

export function gitHubListingError(err: unknown, ctx: ListingContext): CtemError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const said = gitHubMessage(e);
  const quote = said !== undefined ? `: ${said}` : '';
  let message: string;
  let hint: string | undefined;
  if (status === undefined || e.response === undefined) {
    message = `cannot reach GitHub to list ${ctx.listing} for ${ctx.target} (${networkCause(e)})`;
    hint = 'check GITHUB_API_URL and the network';
  } else if (status === 401) {
    message = `GitHub rejected the token while listing ${ctx.listing} for ${ctx.target} (401${quote})`;
    hint = 'GITHUB_TOKEN is wrong, expired or revoked';
  } else if ((status === 403 || status === 429) && (header(e, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(said ?? ''))) {
    message = `GitHub's rate limit stopped the listing of ${ctx.listing} for ${ctx.target} (${status})`;
    hint = 'run again after the limit resets, or use a GitHub App token (higher limits)';
  } else if ((status === 403 || status === 404) && /disabled|not enabled/i.test(said ?? '')) {
    message = `${ctx.listing} are not enabled for ${ctx.target} (${status}${quote})`;
    hint = 'enable the feature in the repository\'s security settings, or remove this source';
  } else if (status === 403) {
    message = `GitHub refused to list ${ctx.listing} for ${ctx.target} (403): the token needs the \`${acceptedPermission(e) ?? ctx.permission}\` permission`;
    hint = 'fine-grained token or GitHub App: grant that repository permission; classic token: the `security_events` scope (`repo` for private repositories)';
  } else if (status === 404 && /no analysis/i.test(said ?? '')) {
    message = `${ctx.target} has no code scanning analysis (404${quote})`;
    hint = 'set up code scanning for it, or remove this source';
  } else if (status === 404) {
    message = `GitHub does not know ${ctx.target}, or the token cannot see it (404 while listing ${ctx.listing})`;
    hint = 'check the name, and that the token has access to it';
  } else {
    message = `GitHub answered ${status} while listing ${ctx.listing} for ${ctx.target}${quote}`;
  }
  return new CtemError({ code: 'github', severity: 'error', message, hint }, ExitCode.input);
}
