/**
 * Listing secret scanning alerts (page-numbered; one listing per requested state).
 * The `secret` value of each alert is dropped here, at the boundary: nothing after
 * this point can store or print it.
 */
import type { Octokit } from '@octokit/rest';
import type { FetchedAlert } from '../types.ts';
import { isJsonObject } from '../shared/json-reader.ts';
import { resolveAlertOptions } from '../github/options.ts';
import { listAlerts } from '../github/paginate.ts';

export const SECRET_SCANNING_LISTING = { listing: 'secret scanning alerts', permission: 'secret_scanning_alerts: read' };

/** The alert without the secret: a copy of every own field but `secret`. */
export function withoutSecret(alert: unknown): unknown {
  if (!isJsonObject(alert)) return alert;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(alert)) {
    if (key === 'secret') continue;
    Object.defineProperty(copy, key, { value: alert[key], enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

export async function* fetchSecretScanningAlerts(client: Octokit, options: unknown): AsyncGenerator<FetchedAlert> {
  const listing = listAlerts(
    client,
    { repo: 'GET /repos/{owner}/{repo}/secret-scanning/alerts', org: 'GET /orgs/{org}/secret-scanning/alerts', multiState: false },
    resolveAlertOptions(options),
    SECRET_SCANNING_LISTING,
  );
  for await (const { alert, repository } of listing) yield { alert: withoutSecret(alert), repository };
}
