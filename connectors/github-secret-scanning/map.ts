/**
 * One secret scanning alert (GET /repos/{owner}/{repo}/secret-scanning/alerts or the
 * org listing) as a secret finding. Pure. Rules in docs/connectors.md.
 *
 * The secret itself is never read: only the fields named here are (an allow-list),
 * and the fetcher has already dropped the `secret` value before the alert got here.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { dropUndefined } from '../shared/finding.ts';
import { asObject, optLine, optObject, optString, own, reqString, type JsonObject } from '../shared/json-reader.ts';
import type { AlertContext } from '../types.ts';
import { alertIdentity, alertSource } from '../github/alert.ts';

export const SECRET_SCANNING_STATES = ['open', 'resolved'] as const;

/** Resolutions that end the exposure (the secret was revoked, or the pattern no longer applies). */
const GONE = new Set(['revoked', 'pattern_deleted', 'pattern_edited']);

function facts(a: JsonObject): string | undefined {
  const out: string[] = [];
  const validity = optString(a, 'validity', []);
  if (validity !== undefined) out.push(`GitHub's validity check: ${validity}.`);
  if (own(a, 'publicly_leaked') === true) out.push('The secret has also leaked publicly.');
  if (own(a, 'push_protection_bypassed') === true) out.push('Push protection was bypassed to commit it.');
  if (own(a, 'multi_repo') === true) out.push('The same secret is in other repositories.');
  return out.length > 0 ? out.join(' ') : undefined;
}

export function mapSecretScanningAlert(alert: unknown, ctx: AlertContext): DiscoveredFinding | undefined {
  const a = asObject(alert, []);
  const state = reqString(a, 'state', []);
  const resolution = optString(a, 'resolution', []);
  if (state === 'resolved' && resolution !== undefined && GONE.has(resolution)) return undefined;

  const secretType = reqString(a, 'secret_type', []);
  const first = optObject(a, 'first_location_detected', []);
  const at = ['first_location_detected'];
  // Commit locations have a path; others (issue, wiki, discussion) have only URLs.
  const path = first && optString(first, 'path', at);
  const location =
    first && path !== undefined
      ? dropUndefined({ path, startLine: optLine(first, 'start_line', at), endLine: optLine(first, 'end_line', at), startColumn: optLine(first, 'start_column', at) })
      : undefined;

  return dropUndefined<DiscoveredFinding>({
    kind: 'secret',
    ruleId: secretType,
    aliases: [],
    cwe: [],
    title: optString(a, 'secret_type_display_name', []) ?? secretType,
    description: facts(a),
    // GitHub states no severity; an exposed credential is treated as high.
    severity: 'high',
    location,
    assetHint: ctx.repository,
    suppressed: state === 'resolved' ? dropUndefined({ kind: 'resolved', justification: resolution }) : undefined,
    helpUri: optString(a, 'html_url', []),
    nativeFingerprint: alertIdentity(a),
    firstSeen: optString(a, 'created_at', []),
    sources: [alertSource(a, 'github-secret-scanning', 'GitHub secret scanning')],
  });
}
