/**
 * The shell of the GitHub alert connectors: list the alerts through the client the
 * CLI/app layer built (with the token, which never comes here), map each one, and
 * turn what GitHub or the mapper refuses into one clear line.
 */
import type { Octokit } from '@octokit/rest';
import type { GitHubAlertConnector } from '../../connectors/types.ts';
import { CtemError, ExitCode, ReportError } from '../errors.ts';
import type { DiscoveredFinding } from '../model/finding.ts';

/** Gives the GitHub client, or throws CtemError (no token). Called only when a GitHub source is read. */
export type GitHubAccess = () => Octokit;

const numberOf = (alert: unknown): string => {
  const n = typeof alert === 'object' && alert !== null && Object.hasOwn(alert, 'number') ? (alert as { number: unknown }).number : undefined;
  return typeof n === 'number' ? ` #${n}` : '';
};

export async function readAlertFindings(
  connector: GitHubAlertConnector,
  client: Octokit,
  options: unknown,
  display: string,
  onFinding: (d: DiscoveredFinding) => void,
): Promise<void> {
  try {
    for await (const { alert, repository } of connector.fetch(client, options)) {
      if (repository === '') throw new ReportError('$.repository.full_name', 'is required in an organisation listing');
      try {
        const d = connector.map(alert, { repository });
        if (d !== undefined) onFinding(d);
      } catch (err) {
        if (err instanceof ReportError) {
          throw new CtemError(
            { code: 'bad-report', severity: 'error', message: `unexpected ${connector.listing.replace(/s$/, '')} from GitHub (${repository}${numberOf(alert)}): ${err.path} ${err.message}`, file: display },
            ExitCode.input,
          );
        }
        throw err;
      }
    }
  } catch (err) {
    if (err instanceof CtemError) throw new CtemError(err.problems.map((p) => ({ ...p, file: p.file ?? display })), err.exitCode);
    if (err instanceof ReportError) {
      throw new CtemError({ code: 'bad-report', severity: 'error', message: `unexpected answer from GitHub: ${err.path} ${err.message}`, file: display }, ExitCode.input);
    }
    throw err;
  }
}
