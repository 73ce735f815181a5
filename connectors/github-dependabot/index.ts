/**
 * GitHub Dependabot alerts, per repository or per organisation, as vulnerability
 * findings: GHSA and CVE ids, package, vulnerable range, first patched version,
 * CVSS; dismissed alerts are suppressed with their reason. Rules in docs/connectors.md.
 */
import type { GitHubAlertConnector } from '../types.ts';
import { alertOptionsSchema } from '../github/options.ts';
import { DEPENDABOT_LISTING, fetchDependabotAlerts } from './fetch.ts';
import { DEPENDABOT_STATES, mapDependabotAlert } from './map.ts';

export const githubDependabotConnector: GitHubAlertConnector = {
  name: 'github-dependabot',
  kind: 'findings',
  format: 'github',
  description: 'GitHub Dependabot alerts of a repository or an organisation, through the REST API',
  optionsSchema: alertOptionsSchema(DEPENDABOT_STATES),
  ...DEPENDABOT_LISTING,
  fetch: fetchDependabotAlerts,
  map: mapDependabotAlert,
};
