/**
 * The one way ctem talks to GitHub: `@octokit/rest` with GitHub's own throttling and
 * retry plugins, plus a small plugin of ours, innermost, that every actual HTTP
 * attempt (first tries and retries alike) goes through. It waits for the
 * RequestScheduler (write spacing, budgets, retry-after, rate-limit resets, back-off)
 * and counts what was sent, so every run can say what it cost.
 *
 * The throttling plugin's own write queues wait on wall-clock timers; ours replace
 * them (its `write`/`notifications`/`search` groups become pass-throughs and its
 * retry delays zero) so that one injectable clock governs every wait.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { RequestScheduler, type Timer, type WriteLimits } from './scheduler.ts';

export interface RequestCounts {
  /** GET requests answered with data (or failed); 304s are counted apart. */
  reads: number;
  /** POST, PATCH, PUT and DELETE requests sent. */
  writes: number;
  /** Conditional GETs answered 304 Not Modified: free against GitHub's rate limit. */
  notModified: number;
}

export interface GitHubClientOptions {
  token: string;
  /** GitHub's REST API base URL (`GITHUB_API_URL`), e.g. https://api.github.com. */
  baseUrl: string;
  timer: Timer;
  limits?: Partial<WriteLimits>;
  /** Write times (ms) of earlier runs within the hour, so the hourly budget spans runs. */
  previousWrites?: readonly number[];
  /** Per-attempt timeout (default 60 s). */
  timeoutMs?: number;
  /** Retries of a failed idempotent request (default 3). */
  retries?: number;
  userAgent?: string;
}

export interface GitHubClient {
  octokit: Octokit;
  scheduler: RequestScheduler;
  counts: RequestCounts;
  /**
   * Repositories (lower-case `owner/name`) this client sent a write to, whether or not
   * the answer came back: where the listing snapshot must be refreshed.
   */
  wrote: Set<string>;
}

/** A Bottleneck group stand-in that runs the job at once: our scheduler does the waiting. */
const passThrough = {
  key: () => ({ schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve().then(() => fn(...args)) }),
  on: () => undefined,
};

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const WRITE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The repository a request is about, from its parameters or its URL. */
function repositoryOf(options: { url?: unknown; owner?: unknown; repo?: unknown }): string | undefined {
  if (typeof options.owner === 'string' && typeof options.repo === 'string') return `${options.owner}/${options.repo}`.toLowerCase();
  const m = typeof options.url === 'string' ? /\/repos\/([^/{}?]+)\/([^/{}?]+)/.exec(options.url) : null;
  return m ? `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`.toLowerCase() : undefined;
}

/** Search has its own small rate limit (30 a minute): exhausting it must not hold up everything else. */
const isSearch = (options: { url?: unknown }) => typeof options.url === 'string' && options.url.startsWith('/search/');

export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const scheduler = new RequestScheduler(opts.timer, opts.limits, opts.previousWrites);
  const counts: RequestCounts = { reads: 0, writes: 0, notModified: 0 };
  const wrote = new Set<string>();
  const timeoutMs = opts.timeoutMs ?? 60_000;

  const gate = (octokit: Pick<Octokit, 'hook'>) => {
    octokit.hook.wrap('request', async (request, options) => {
      const write = WRITE.has(String(options.method).toUpperCase());
      await scheduler.before(write);
      if (write) {
        counts.writes++;
        const repository = repositoryOf(options as { url?: unknown; owner?: unknown; repo?: unknown });
        if (repository) wrote.add(repository);
      }
      // A caller's own signal (a shorter timeout) is honoured as well as ours.
      const own = AbortSignal.timeout(timeoutMs);
      const given = (options.request as { signal?: AbortSignal } | undefined)?.signal;
      const signal = given ? AbortSignal.any([own, given]) : own;
      // GET /rate_limit is free on GitHub (not counted against the rate limit), and so not counted here.
      const free = !write && options.url === '/rate_limit';
      try {
        const response = await request({ ...options, request: { ...options.request, signal } });
        if (!write && !free) counts.reads++;
        scheduler.after(response.status, response.headers as Record<string, string>);
        return response;
      } catch (e) {
        const err = e as { status?: number; message?: string; response?: { headers?: Record<string, string> } };
        // No response at all (a dropped connection, a timeout) is status 0 here.
        const status = err.response ? (err.status ?? 0) : 0;
        if (!write && !free) {
          if (status === 304) counts.notModified++;
          else counts.reads++;
        }
        const headers = err.response?.headers ?? {};
        // An exhausted search budget is answered by listing instead (listing.ts), not by pausing everything.
        const searchBudget = isSearch(options) && headers['x-ratelimit-remaining'] === '0' && headers['retry-after'] === undefined;
        if (!searchBudget) scheduler.after(status, headers, err.message ?? '');
        throw e;
      }
    });
  };

  const ThrottledOctokit = Octokit.plugin(gate, throttling, retry);
  const octokit = new ThrottledOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    userAgent: opts.userAgent ?? 'ctem/0.1.0',
    log: quiet,
    throttle: {
      id: `ctem-${Math.random().toString(36).slice(2)}`,
      write: passThrough as never,
      notifications: passThrough as never,
      search: passThrough as never,
      retryAfterBaseValue: 0,
      // A secondary limit: retry twice (the scheduler waits for retry-after first).
      // A limited search is not retried: a full listing answers the same question.
      onSecondaryRateLimit: (_after: number, o: { url?: unknown }, _k: unknown, retryCount: number) => retryCount < 2 && !isSearch(o),
      // The primary limit: retry once if the reset is near enough to wait for.
      // Not for search: its budget is a minute's, and a full listing is the answer.
      onRateLimit: (after: number, o: { url?: unknown }, _k: unknown, retryCount: number) => retryCount < 1 && after * 1000 <= scheduler.limits.maxWaitMs && !isSearch(o),
    },
    retry: {
      retries: opts.retries ?? 3,
      retryAfterBaseValue: 0,
      // 403 and 429 are the throttling plugin's; 409 and 422 mean "no", not "later".
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
  });
  return { octokit: octokit as unknown as Octokit, scheduler, counts, wrote };
}

/**
 * Request options for a write that must not be repeated blindly (creating an issue,
 * a comment, a pull request): if its answer is lost, the caller looks for what it
 * created before trying again.
 */
export const ONCE = { request: { retries: 0 } } as const;
