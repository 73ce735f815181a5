/** Decisions for the ledger's unit tests, shaped like the engine's. */
import type { Decision } from '../../../engine/model/decision.ts';

export function decision(fingerprint: string, over: Partial<Decision> = {}): Decision {
  const d = {
    fingerprint,
    asset: 'payments-api',
    scope: 'payments',
    owner: { team: 'acme/payments-team', users: ['oncall'] },
    priority: 'P3',
    status: 'open',
    sla_days: 90,
    first_seen: '2026-11-01T06:00:00.000Z',
    due_date: '2027-01-30',
    overdue: false,
    rule: { id: 'severe-elsewhere', file: 'policies/50-baseline.yaml', policy: 'baseline', commit: '3f2a1c9d0e4b' },
    labels: [],
    route: 'owner-repo',
    inputs: { 'finding.severity': 'high' },
    feeds: { epss: { model_version: 'v2025.03.14', score_date: '2026-11-01T00:00:00Z' } },
    enrichment: { epss: { score: 0.12, percentile: 0.9 }, kev: { listed: false }, cvss: null, ssvc: null },
    validation: { internet_exposed: true, crown_jewel: false },
    finding: {
      kind: 'vulnerability',
      rule_id: 'CVE-2022-22965',
      vulnerability_id: 'CVE-2022-22965',
      aliases: ['CVE-2022-22965'],
      title: 'Spring4Shell',
      severity: 'high',
      package: { name: 'spring-beans', installed_version: '5.3.17', fixed_versions: ['5.3.18'] },
      tools: ['Trivy'],
      sources: [{ connector: 'trivy', tool: 'Trivy', file: 'reports/payments-api.trivy.json', pointer: '/Results/0/Vulnerabilities/0' }],
    },
    ...over,
  };
  // Fields added to Decision by other parts of the engine are not needed here.
  return d as unknown as Decision;
}
