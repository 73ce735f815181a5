/**
 * GitHub secret scanning alerts, per repository or per organisation, as secret
 * findings: the secret type and where it was first found, never the secret itself.
 * Rules in docs/connectors.md.
 */
import type { GitHubAlertConnector } from '../types.ts';
import { alertOptionsSchema } from '../github/options.ts';
import { fetchSecretScanningAlerts, SECRET_SCANNING_LISTING } from './fetch.ts';
import { mapSecretScanningAlert, SECRET_SCANNING_STATES } from './map.ts';

export const githubSecretScanningConnector: GitHubAlertConnector = {
  name: 'github-secret-scanning',
  kind: 'findings',
  format: 'github',
  description: 'GitHub secret scanning alerts of a repository or an organisation, through the REST API (never the secret)',
  optionsSchema: alertOptionsSchema(SECRET_SCANNING_STATES),
  ...SECRET_SCANNING_LISTING,
  fetch: fetchSecretScanningAlerts,
  map: mapSecretScanningAlert,
};
