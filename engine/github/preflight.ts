/**
 * Before anything is listed or sent: can GitHub be reached, and does it take the
 * token? One `GET /rate_limit` (free: GitHub does not count it against the rate
 * limit), without retries and with a short timeout, so that a machine without
 * network, a wrong GITHUB_API_URL or a revoked token gets one clear line within
 * seconds instead of minutes of silent retries. Any HTTP answer but 401 means
 * "reachable" (GitHub Enterprise Server with rate limiting off answers 404 here).
 * Shell module.
 */
import { CtemError, ExitCode } from '../errors.ts';
import type { GitHubClient } from './client.ts';

export const PREFLIGHT_TIMEOUT_MS = 15_000;

export async function checkGitHubReachable(client: GitHubClient, apiUrl: string, timeoutMs = PREFLIGHT_TIMEOUT_MS): Promise<void> {
  try {
    await client.octokit.request('GET /rate_limit', { request: { retries: 0, signal: AbortSignal.timeout(timeoutMs) } });
  } catch (e) {
    const err = e as { status?: number; response?: unknown; name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err.response !== undefined && err.status !== undefined) {
      if (err.status !== 401) return;
      throw new CtemError(
        {
          code: 'github-token-rejected',
          severity: 'error',
          message: `ctem run: GitHub at ${apiUrl} rejected GITHUB_TOKEN (401 Bad credentials); nothing was sent`,
          hint: 'the token is expired, revoked or for another GitHub; in Actions use `${{ secrets.GITHUB_TOKEN }}`',
        },
        ExitCode.usage,
      );
    }
    throw new CtemError(
      {
        code: 'github-unreachable',
        severity: 'error',
        message: `ctem run: cannot reach GitHub at ${apiUrl} (${reason(err, timeoutMs)}); nothing was sent`,
        hint: 'check the network and GITHUB_API_URL; `ctem run --dry-run` plans without GitHub',
      },
      ExitCode.mobilise,
    );
  }
}

function reason(err: { name?: string; message?: string; cause?: { code?: string; message?: string } }, timeoutMs: number): string {
  const text = `${err.name ?? ''} ${err.message ?? ''} ${err.cause?.code ?? ''} ${err.cause?.message ?? ''}`;
  if (/TimeoutError|AbortError|aborted|timed? ?out/i.test(text)) return `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  const code = err.cause?.code ?? /\b(E[A-Z]{3,})\b/.exec(text)?.[1];
  return code ?? (err.message ?? 'no answer').split('\n')[0]!.slice(0, 200);
}
