/** Listing code scanning alerts (page-numbered; one listing per requested state). */
import type { Octokit } from '@octokit/rest';
import type { FetchedAlert } from '../types.ts';
import { resolveAlertOptions } from '../github/options.ts';
import { listAlerts } from '../github/paginate.ts';

export const CODE_SCANNING_LISTING = { listing: 'code scanning alerts', permission: 'security_events: read' };

export function fetchCodeScanningAlerts(client: Octokit, options: unknown): AsyncIterable<FetchedAlert> {
  return listAlerts(
    client,
    { repo: 'GET /repos/{owner}/{repo}/code-scanning/alerts', org: 'GET /orgs/{org}/code-scanning/alerts', multiState: false },
    resolveAlertOptions(options),
    CODE_SCANNING_LISTING,
  );
}
