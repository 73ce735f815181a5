/**
 * GitHub code scanning alerts, per repository or per organisation, as code findings:
 * rule, tool and version, the most recent instance's location, severity; dismissed
 * alerts are suppressed with their reason. Rules in docs/connectors.md.
 */
import type { GitHubAlertConnector } from '../types.ts';
import { alertOptionsSchema } from '../github/options.ts';
import { CODE_SCANNING_LISTING, fetchCodeScanningAlerts } from './fetch.ts';
import { CODE_SCANNING_STATES, mapCodeScanningAlert } from './map.ts';

export const githubCodeScanningConnector: GitHubAlertConnector = {
  name: 'github-code-scanning',
  kind: 'findings',
  format: 'github',
  description: 'GitHub code scanning alerts of a repository or an organisation, through the REST API',
  optionsSchema: alertOptionsSchema(CODE_SCANNING_STATES),
  ...CODE_SCANNING_LISTING,
  fetch: fetchCodeScanningAlerts,
  map: mapCodeScanningAlert,
};
