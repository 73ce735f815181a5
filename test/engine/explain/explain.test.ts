import { describe, expect, it } from 'vitest';
import { explainDecision, headline, statusLine } from '../../../engine/explain/explain.ts';
import { candidateLine, findDecision } from '../../../engine/explain/find.ts';
import { describeInput, percent } from '../../../engine/explain/phrases.ts';
import { readDecisionLine } from '../../../engine/explain/read-decisions.ts';
import type { Decision } from '../../../engine/model/decision.ts';

function decision(over: Partial<Decision> = {}): Decision {
  return {
    fingerprint: '5f1b72229a43fe47d899',
    asset: 'payments-api',
    scope: 'payments',
    owner: { team: 'acme-robotics/payments-team', users: ['payments-oncall'] },
    priority: 'P1',
    status: 'open',
    sla_days: 3,
    first_seen: '2026-11-28T10:00:00.000Z',
    due_date: '2026-12-01',
    overdue: false,
    rule: { id: 'kev-internet-facing', file: 'policies/10-exploitation.yaml', policy: 'exploitation', commit: '3f2a1c9d0e4b' },
    labels: ['known-exploited'],
    route: 'owner-repo',
    inputs: { 'kev.listed': true, 'validation.internet_exposed': true },
    feeds: { epss: { model_version: 'v2026.06.15', score_date: '2026-11-27T12:00:00Z' }, kev: { catalog_version: '2025.08.25' } },
    enrichment: {
      epss: { score: 0.94437, percentile: 1 },
      kev: { listed: true, date_added: '2022-04-04', due_date: '2022-04-25', ransomware: false },
      cvss: { version: '3.1', score: 9.8, severity: 'critical', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
      ssvc: { decision: 'act', exploitation: 'active', automatable: 'yes', technical_impact: 'total', mission_wellbeing: 'high' },
    },
    validation: { internet_exposed: true, crown_jewel: true },
    finding: {
      kind: 'vulnerability',
      rule_id: 'CVE-2022-22965',
      vulnerability_id: 'CVE-2022-22965',
      aliases: ['CVE-2022-22965'],
      title: 'spring-framework: RCE via Data Binding on JDK 9+',
      severity: 'critical',
      package: { name: 'org.springframework:spring-beans', installed_version: '5.3.15', fixed_versions: ['5.3.18'], ecosystem: 'maven' },
      tools: ['Trivy'],
      sources: [{ connector: 'trivy', tool: 'Trivy', file: 'examples/acme/reports/payments-api.trivy.json', pointer: '/Results/1/Vulnerabilities/0' }],
    },
    ...over,
  };
}

describe('the one-sentence reason', () => {
  it('names the priority, the rule, its file at its commit, and every input in plain words', () => {
    expect(headline(decision())).toBe(
      'P1 because rule kev-internet-facing in policies/10-exploitation.yaml@3f2a1c9d0e4b: CVE-2022-22965 is in CISA KEV (added 2022-04-04) and asset payments-api is internet-facing.',
    );
  });

  it('says when no rule matched and the default applied', () => {
    const d = decision({ priority: 'P4', rule: { id: 'default', file: 'ctem.yaml', policy: 'defaults', commit: 'abc123' }, inputs: {} });
    expect(headline(d)).toBe('P4 by default: no rule matched, so `defaults.priority` in ctem.yaml@abc123 applies.');
  });

  it('shows the file alone when no commit was recorded', () => {
    expect(headline(decision({ rule: { id: 'r', file: 'policies/a.yaml', policy: 'a' }, inputs: {} }))).toBe('P1 because rule r in policies/a.yaml.');
  });

  it('states the policy priority and then the downgrade an exception made', () => {
    const d = decision({
      priority: 'P4',
      rule: { id: 'kev-anywhere', file: 'policies/10-exploitation.yaml', policy: 'exploitation', commit: 'c0ffee' },
      inputs: { 'kev.listed': true },
      exception: { id: 'exc-2026-021', type: 'risk-accepted', file: 'exceptions/2026-q4.yaml', approver: 'platform-lead', expires: '2027-01-15', reason: 'signed jobs only', effect: 'downgrade', downgraded_from: 'P2' },
    });
    expect(headline(d)).toMatch(/^P2 because rule kev-anywhere/);
    expect(statusLine(d)).toBe('Downgraded from P2 to P4 by exception exc-2026-021 (risk-accepted) approved by platform-lead, in force through 2027-01-15.');
  });

  it('says an excepted exposure is not filed, naming approver and expiry', () => {
    const d = decision({
      status: 'excepted',
      exception: { id: 'exc-2026-014', type: 'compensating-control', file: 'exceptions/2026-q4.yaml', approver: 'security-lead', expires: '2027-03-31', reason: 'WAF rule', effect: 'suppress', ticket: 'https://tracker.example/SEC-1' },
    });
    expect(statusLine(d)).toBe('Excepted, so no issue is filed: exception exc-2026-014 (compensating-control) approved by security-lead, in force through 2027-03-31.');
    const text = explainDecision(d).join('\n');
    expect(text).toContain('approved by security-lead, applies through 2027-03-31 (UTC), ticket https://tracker.example/SEC-1');
    expect(text).toContain('reason: WAF rule');
  });
});

describe('phrases for the variables of the input document', () => {
  const d = decision();
  it.each([
    ['kev.listed', false, 'CVE-2022-22965 is not in CISA KEV'],
    ['kev.ransomware', true, 'CVE-2022-22965 is known to be used in ransomware campaigns (CISA KEV)'],
    ['epss.percentile', 0.93333, 'CVE-2022-22965 is in the top 6.67% of EPSS scores (percentile 0.93333)'],
    ['epss.percentile', 1, 'CVE-2022-22965 is among the very highest of EPSS scores (percentile 1)'],
    ['epss.percentile', null, 'CVE-2022-22965 has no EPSS score'],
    ['epss.score', 0.94437, 'EPSS gives CVE-2022-22965 a 94.4% probability of exploitation in the next 30 days'],
    ['validation.internet_exposed', false, 'asset payments-api is not internet-facing'],
    ['validation.crown_jewel', true, 'asset payments-api is a crown jewel'],
    ['scope.criticality', 'critical', 'scope payments is of critical criticality'],
    ['scope.criticality', null, 'asset payments-api is in no scope'],
    ['cvss.score', 9.8, 'its CVSS 3.1 base score is 9.8'],
    ['cvss.score', null, 'it has no CVSS score'],
    ['finding.severity', 'high', 'the scanner rates it high'],
    ['finding.kind', 'secret', 'it is a leaked secret'],
    ['finding.package.fixable', true, 'a fix is available (5.3.18)'],
    ['finding.package.fixable', false, 'no fixed version is known'],
    ['ssvc.decision', 'act', 'the CISA SSVC decision is act'],
    ['sla.overdue', true, 'its previous due date has passed'],
    ['sla.previous_priority', 'P2', 'it was P2 in the previous run'],
    ['asset.attributes.pci', true, 'asset payments-api has pci = true'],
    ['finding.something_new', [1, 2], 'finding.something_new is [1,2]'],
  ])('%s = %j', (variable, value, phrase) => {
    expect(describeInput(variable, value, d)).toBe(phrase);
  });

  it('strips control characters that scanner text could carry to the terminal', () => {
    const evil = decision({ asset: 'app\u001b[2J', inputs: { 'validation.internet_exposed': true } });
    expect(headline(evil)).toContain('asset app?[2J is internet-facing');
    expect(explainDecision(evil).join('\n')).not.toContain('\u001b');
  });

  it('rounds percentages sensibly', () => {
    expect([percent(0.94437), percent(0.0667), percent(0.00046)]).toEqual(['94.4%', '6.67%', '0.046%']);
  });
});

describe('the full explanation', () => {
  it('lists the inputs with their values, the feed versions, owner, SLA and sources', () => {
    const lines = explainDecision(decision());
    expect(lines).toEqual(expect.arrayContaining([
      '  kev.listed                   true',
      '  validation.internet_exposed  true',
      '  EPSS  model v2026.06.15, scores of 2026-11-27T12:00:00Z: 0.94437 (94.4% in 30 days), percentile 1',
      '  KEV   catalog 2025.08.25: listed, added 2022-04-04, CISA due date 2022-04-25',
      '  CVSS  3.1 base score 9.8 (critical), CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      '  commit 3f2a1c9d0e4b',
      '  scope payments: team @acme-robotics/payments-team, @payments-oncall',
      '  3 day(s) from first seen 2026-11-28: due 2026-12-01 (not overdue)',
      '  Trivy  examples/acme/reports/payments-api.trivy.json  /Results/1/Vulnerabilities/0',
      '  none',
    ]));
  });

  it('shows what validation found: the attack path, the evidence, a VEX statement', () => {
    const d = decision({
      status: 'suppressed',
      status_reason: 'fixed according to VEX vex/app.openvex.json (pkg:oci/app)',
      validation: {
        internet_exposed: true,
        crown_jewel: false,
        reachable: true,
        on_path: true,
        path_length: 1,
        paths_to_crown_jewels: 2,
        choke_point: true,
        pivot: false,
        confirmed: true,
        result: 'confirmed',
        vex: 'fixed',
        attack_path: { assets: ['payments-api', 'payments-db'], steps: [{ from: 'payments-api', to: 'payments-db', kinds: ['reads-from'] }] },
        evidence: [{ source: 'manual', result: 'confirmed', by: 'red-team-lead', at: '2026-11-12', record: 'validations/q4.yaml#p-1' }],
      },
      vex: { status: 'fixed', stated_status: 'fixed', effect: 'fixed', vulnerability: 'CVE-2022-22965', product: 'pkg:oci/app', format: 'openvex', document: 'vex/app.openvex.json', statement: '/statements/0' },
    });
    expect(statusLine(d)).toBe('Suppressed by a VEX statement, so no issue is filed: fixed according to VEX vex/app.openvex.json (pkg:oci/app).');
    expect(explainDecision(d)).toEqual(expect.arrayContaining([
      '  internet-facing yes, crown jewel no',
      '  reachable yes, on an attack path yes (1 hop(s), 2 path(s) to crown jewels), choke point yes, pivot no',
      '  attack path: payments-api → payments-db (reads-from)',
      '  validated: confirmed (shown exploitable)',
      '    confirmed by red-team-lead on 2026-11-12: validations/q4.yaml#p-1',
      '  VEX: fixed (fixed) for pkg:oci/app in vex/app.openvex.json /statements/0',
    ]));
  });

  it('says when a feed was not configured, and when the asset has no owner', () => {
    const text = explainDecision(decision({ feeds: {}, scope: null, owner: null, overdue: true })).join('\n');
    expect(text).toContain('EPSS  no feed configured');
    expect(text).toContain('KEV   no feed configured');
    expect(text).toContain('no scope covers this asset, so nobody owns it (scope drift)');
    expect(text).toContain('(OVERDUE)');
  });
});

describe('finding a decision by ID', () => {
  const a = decision();
  const b = decision({ fingerprint: '5f1b7200000000000000', asset: 'other' });
  const c = decision({ fingerprint: '0000000000000000000c', finding: { ...a.finding, vulnerability_id: 'CVE-2023-0001', aliases: ['CVE-2023-0001', 'GHSA-aaaa-bbbb-cccc'], rule_id: 'CVE-2023-0001' } });
  const all = [a, b, c];

  it('by full fingerprint, by a unique prefix of 6 or more, by a CVE or GHSA id', () => {
    expect(findDecision(all, a.fingerprint)).toEqual({ kind: 'found', decision: a });
    expect(findDecision(all, '5f1b722')).toEqual({ kind: 'found', decision: a });
    expect(findDecision(all, 'cve-2023-0001')).toEqual({ kind: 'found', decision: c });
    expect(findDecision(all, 'GHSA-aaaa-bbbb-cccc')).toEqual({ kind: 'found', decision: c });
  });

  it('reports an ambiguous prefix or id with every candidate', () => {
    expect(findDecision(all, '5f1b72')).toEqual({ kind: 'ambiguous', candidates: [a, b] });
    expect(findDecision(all, 'CVE-2022-22965')).toEqual({ kind: 'ambiguous', candidates: [a, b] });
    expect(candidateLine(b)).toBe('5f1b7200000000000000  other  CVE-2022-22965 in org.springframework:spring-beans  (P1, open)');
  });

  it('refuses a prefix under 6 characters, and says when nothing matches', () => {
    expect(findDecision(all, '5f1b')).toEqual({ kind: 'too-short' });
    expect(findDecision(all, 'ffffff')).toEqual({ kind: 'unknown' });
    expect(findDecision(all, 'CVE-1999-0001')).toEqual({ kind: 'unknown' });
  });
});

describe('reading decisions.ndjson', () => {
  it('reads every line, and locates lines that are not decisions', () => {
    const text = `${JSON.stringify(decision())}\n\n{"fingerprint": 1}\nnot json\n`;
    const read = text.split('\n').map((line, i) => readDecisionLine(line, i + 1, 'out/decisions.ndjson'));
    const decisions = read.flatMap((r) => (r && 'decision' in r ? [r.decision] : []));
    const problems = read.flatMap((r) => (r && 'problem' in r ? [r.problem] : []));
    expect(decisions).toHaveLength(1);
    expect(problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([[3, 'not a ctem decision'], [4, 'not valid JSON']]);
  });
});
