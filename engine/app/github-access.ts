/**
 * The GitHub client for discovery's GitHub sources, from the environment: the only
 * place that reads GITHUB_TOKEN and GITHUB_API_URL for them. The client is built on
 * first use, so a run without GitHub sources needs no token. The token goes into the
 * client and is never part of a message.
 */
import type { Octokit } from '@octokit/rest';
import { createGitHubClient, DEFAULT_GITHUB_API_URL } from '../../connectors/github/client.ts';
import type { GitHubAccess } from '../discover/alert-ingest.ts';
import { CtemError, ExitCode } from '../errors.ts';

/** `configApiUrl`: ctem.yaml `github.api_url`, which GITHUB_API_URL overrides. */
export function gitHubAccessFromEnv(env: Record<string, string | undefined>, configApiUrl?: string): GitHubAccess {
  let client: Octokit | undefined;
  return () => {
    const token = env.GITHUB_TOKEN;
    if (token === undefined || token.trim() === '') {
      throw new CtemError(
        {
          code: 'no-github-token',
          severity: 'error',
          message: 'GITHUB_TOKEN is not set: reading alerts from GitHub needs a token',
          hint: 'export GITHUB_TOKEN with read access to the alerts (in Actions: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` and the `security-events: read` permission)',
        },
        ExitCode.input,
      );
    }
    client ??= createGitHubClient({ token: token.trim(), baseUrl: env.GITHUB_API_URL || configApiUrl || DEFAULT_GITHUB_API_URL });
    return client;
  };
}
