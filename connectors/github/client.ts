/**
 * The GitHub client the alert connectors are given: Octokit with GitHub's own
 * rate-limit discipline (plugin-throttling) and retries of transient failures
 * (plugin-retry). Built by the CLI/app layer, which alone reads GITHUB_TOKEN; the
 * token goes into the client and nowhere else, and the client logs nothing.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const ClientClass = Octokit.plugin(throttling, retry);

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** Wait out a rate limit only when the wait is short; a long one fails with a clear message instead. */
const MAX_WAIT_SECONDS = 60;
const MAX_RETRIES = 2;

export interface GitHubClientOptions {
  token: string;
  /** REST API base URL (GitHub Enterprise Server: `https://HOST/api/v3`). */
  baseUrl?: string;
}

export function createGitHubClient(opts: GitHubClientOptions): Octokit {
  const quiet = () => {};
  return new ClientClass({
    auth: opts.token,
    baseUrl: (opts.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'ctem',
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    throttle: {
      onRateLimit: (retryAfter: number, _options: object, _octokit: unknown, retryCount: number) => retryAfter <= MAX_WAIT_SECONDS && retryCount < MAX_RETRIES,
      onSecondaryRateLimit: (retryAfter: number, _options: object, _octokit: unknown, retryCount: number) =>
        retryAfter <= MAX_WAIT_SECONDS && retryCount < MAX_RETRIES,
    },
    retry: { retries: MAX_RETRIES },
  });
}
