/**
 * One code scanning alert (GET /repos/{owner}/{repo}/code-scanning/alerts or the org
 * listing) as a code finding. Pure. Rules in docs/connectors.md.
 */
import type { DiscoveredFinding, Severity } from '../../engine/model/finding.ts';
import { canonicalVulnerabilityId, classifyAdvisoryId, normaliseAliases } from '../shared/advisory-id.ts';
import { normaliseCwes } from '../shared/cwe.ts';
import { dropUndefined } from '../shared/finding.ts';
import { asObject, fail, optLine, optObject, optString, optStringArray, reqObject, reqString } from '../shared/json-reader.ts';
import { toSeverity } from '../shared/severity.ts';
import type { AlertContext } from '../types.ts';
import { alertIdentity, alertSource, justification } from '../github/alert.ts';

export const CODE_SCANNING_STATES = ['open', 'closed', 'dismissed', 'fixed'] as const;

// `rule.severity` is the SARIF level; mapped as the SARIF connector maps levels.
const LEVELS: ReadonlyMap<string, Severity> = new Map([
  ['error', 'high'],
  ['warning', 'medium'],
  ['note', 'low'],
  ['none', 'info'],
]);

const CWE_TAG = /^external\/cwe\/cwe-(\d+)$/i;

export function mapCodeScanningAlert(alert: unknown, ctx: AlertContext): DiscoveredFinding | undefined {
  const a = asObject(alert, []);
  const state = reqString(a, 'state', []);
  if (state === 'fixed' || state === 'closed') return undefined; // no longer an exposure

  const rulePath = ['rule'];
  const rule = reqObject(a, 'rule', []);
  const ruleId = optString(rule, 'id', rulePath) ?? optString(rule, 'name', rulePath) ?? fail([...rulePath, 'id'], 'is required');
  const tool = optObject(a, 'tool', []);
  const instPath = ['most_recent_instance'];
  const instance = optObject(a, 'most_recent_instance', []);
  const message = instance && optObject(instance, 'message', instPath);
  const locPath = [...instPath, 'location'];
  const loc = instance && optObject(instance, 'location', instPath);

  const level = optString(rule, 'severity', rulePath);
  const securityLevel = optString(rule, 'security_severity_level', rulePath);
  const severity = securityLevel !== undefined ? toSeverity(securityLevel) : level !== undefined ? (LEVELS.get(level) ?? 'unknown') : 'unknown';

  const tags = optStringArray(rule, 'tags', rulePath);
  const cwe = normaliseCwes(tags.flatMap((t) => CWE_TAG.exec(t)?.[1] ?? []));
  // Third-party SARIF uploads (Trivy, Grype) name advisories as rules.
  const advisory = classifyAdvisoryId(ruleId) !== 'other';
  const aliases = advisory ? normaliseAliases([ruleId]) : [];

  const location = loc && dropUndefined({
    path: optString(loc, 'path', locPath),
    startLine: optLine(loc, 'start_line', locPath),
    endLine: optLine(loc, 'end_line', locPath),
    startColumn: optLine(loc, 'start_column', locPath),
  });

  return dropUndefined<DiscoveredFinding>({
    kind: 'code',
    ruleId,
    vulnerabilityId: advisory ? canonicalVulnerabilityId(ruleId, aliases) : undefined,
    aliases,
    cwe,
    title: (message && optString(message, 'text', [...instPath, 'message'])) ?? optString(rule, 'description', rulePath) ?? ruleId,
    description: optString(rule, 'full_description', rulePath) ?? optString(rule, 'description', rulePath),
    severity,
    location: location && Object.keys(location).length > 0 ? location : undefined,
    assetHint: ctx.repository,
    suppressed:
      state === 'dismissed'
        ? dropUndefined({ kind: 'dismissed', justification: justification(optString(a, 'dismissed_reason', []), optString(a, 'dismissed_comment', [])) })
        : undefined,
    helpUri: optString(a, 'html_url', []),
    nativeFingerprint: alertIdentity(a),
    firstSeen: optString(a, 'created_at', []),
    sources: [alertSource(a, 'github-code-scanning', (tool && optString(tool, 'name', ['tool'])) ?? 'GitHub code scanning', tool && optString(tool, 'version', ['tool']))],
  });
}
