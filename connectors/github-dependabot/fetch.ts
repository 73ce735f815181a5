/** Listing Dependabot alerts (cursor-paginated; `state` takes a comma-separated list). */
import type { Octokit } from '@octokit/rest';
import type { FetchedAlert } from '../types.ts';
import { resolveAlertOptions } from '../github/options.ts';
import { listAlerts } from '../github/paginate.ts';

export const DEPENDABOT_LISTING = { listing: 'Dependabot alerts', permission: 'vulnerability_alerts: read' };

export function fetchDependabotAlerts(client: Octokit, options: unknown): AsyncIterable<FetchedAlert> {
  return listAlerts(
    client,
    { repo: 'GET /repos/{owner}/{repo}/dependabot/alerts', org: 'GET /orgs/{org}/dependabot/alerts', multiState: true },
    resolveAlertOptions(options),
    DEPENDABOT_LISTING,
  );
}
