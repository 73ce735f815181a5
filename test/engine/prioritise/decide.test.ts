import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../../../engine/policy/compile-policy.ts';
import { decide, type DecideContext } from '../../../engine/prioritise/decide.ts';
import { createEnricher, decisionFeeds } from '../../../engine/prioritise/enrichment-view.ts';
import { compileExceptions } from '../../../engine/prioritise/exceptions.ts';
import { parseKev } from '../../../engine/enrich/index.ts';
import { finding, KEV, loadMemoryConfig } from './helpers.ts';

const POLICY = `id: p
rules:
  - id: kev
    when: { var: kev.listed }
    set: { priority: P1 }
  - id: was-overdue
    when: { var: sla.overdue }
    set: { priority: P2 }
  - id: was-p1
    when: { "==": [{ var: sla.previous_priority }, P1] }
    set: { priority: P3 }
`;


async function context(over: Partial<DecideContext> = {}, exceptions = ''): Promise<DecideContext> {
  const files: Record<string, string> = { 'policies/p.yaml': POLICY };
  if (exceptions) files['exceptions/e.yaml'] = exceptions;
  const { config } = await loadMemoryConfig(files);
  const feeds = { epss: null, kev: parseKev(KEV) };
  return {
    policy: compilePolicies(config),
    exceptions: compileExceptions(config.exceptions),
    assets: new Map(),
    primaryScope: new Map(),
    enrich: createEnricher(feeds),
    feeds: decisionFeeds(feeds),
    policyCommits: new Map(),
    firstSeen: new Map(),
    now: '2026-11-28T10:00:00.000Z',
    ...over,
  };
}

describe('SLA: due date and overdue, in UTC days', () => {
  const firstSeen = '2026-11-01T08:00:00.000Z';
  const kevFinding = finding({ firstSeen });

  it('is due SLA days after first seen, and not overdue through the due day', async () => {
    const d = decide(kevFinding, await context({ now: '2026-11-08T23:59:59.999Z' })).decision;
    expect(d).toMatchObject({ priority: 'P1', sla_days: 7, first_seen: firstSeen, due_date: '2026-11-08', overdue: false });
  });

  it('is overdue from midnight UTC the day after the due date', async () => {
    const d = decide(kevFinding, await context({ now: '2026-11-09T00:00:00.000Z' })).decision;
    expect(d).toMatchObject({ due_date: '2026-11-08', overdue: true });
  });

  it('counts from the earliest first-seen the ledger knows', async () => {
    const d = decide(kevFinding, await context({ now: '2026-11-09T00:00:00.000Z', firstSeen: new Map([[kevFinding.fingerprint, '2026-10-01T00:00:00.000Z']]) })).decision;
    expect(d).toMatchObject({ first_seen: '2026-10-01T00:00:00.000Z', due_date: '2026-10-08', overdue: true });
  });

  it('never makes an excepted exposure overdue', async () => {
    const exc = `exceptions:
  - { id: e1, type: risk-accepted, selector: { vulnerability: CVE-2024-0001 }, reason: accepted for the test, approver: alice, expires: 2027-01-01 }
`;
    const d = decide(kevFinding, await context({ now: '2026-12-01T00:00:00.000Z' }, exc)).decision;
    expect(d).toMatchObject({ status: 'excepted', overdue: false });
  });
});

describe('the previous decision, readable by rules as sla.*', () => {
  const plain = finding({ vulnerabilityId: 'CVE-2024-0002', aliases: ['CVE-2024-0002'], ruleId: 'CVE-2024-0002' });

  it('is empty when nothing is known: previous_* null, overdue false', async () => {
    const r = decide(plain, await context());
    expect(r.input.sla).toEqual({ previous_priority: null, previous_due_date: null, overdue: false });
    expect(r.decision.rule.id).toBe('default');
  });

  it('says the previous due date has passed from the day after it', async () => {
    const previous = new Map([[plain.fingerprint, { priority: 'P3', due_date: '2026-11-27' }]]);
    const r = decide(plain, await context({ previous }));
    expect(r.input.sla).toEqual({ previous_priority: 'P3', previous_due_date: '2026-11-27', overdue: true });
    expect(r.decision).toMatchObject({ priority: 'P2', rule: { id: 'was-overdue' }, inputs: { 'sla.overdue': true } });
  });

  it('is not overdue on the previous due day itself', async () => {
    const previous = new Map([[plain.fingerprint, { priority: 'P1', due_date: '2026-11-28' }]]);
    const r = decide(plain, await context({ previous }));
    expect(r.input.sla.overdue).toBe(false);
    expect(r.decision).toMatchObject({ priority: 'P3', rule: { id: 'was-p1' } });
  });
});

describe('what a decision records for its explanation', () => {
  it('the enrichment: EPSS, KEV with its dates, CVSS and SSVC', async () => {
    const d = decide(finding(), await context()).decision;
    expect(d.enrichment).toMatchObject({ epss: null, kev: { listed: true, date_added: '2024-05-01', due_date: '2024-05-22', ransomware: true }, cvss: null });
    expect(d.enrichment.ssvc?.exploitation).toBe('active');
    expect(d.feeds).toEqual({ kev: { catalog_version: '2026.11.27' } });
  });

  it('the priority a downgrade replaced', async () => {
    const exc = `exceptions:
  - { id: e2, type: compensating-control, selector: { vulnerability: CVE-2024-0001 }, reason: a WAF rule blocks it, approver: bob, expires: 2027-01-01, effect: downgrade, downgrade_to: P3 }
`;
    const d = decide(finding(), await context({}, exc)).decision;
    expect(d).toMatchObject({ priority: 'P3', status: 'open', sla_days: 90, exception: { id: 'e2', effect: 'downgrade', downgraded_from: 'P1' } });
  });
});

describe('a decision records its sources as connector, tool, file, pointer', () => {
  it('shares the exposure\'s sources when they are exactly that, and copies them otherwise', async () => {
    const plain = finding({ sources: [{ connector: 'trivy', tool: 'Trivy', file: 'a.json', pointer: '/0' }, { connector: 'sarif', tool: 'grype', pointer: '/1' }] });
    const d = decide(plain, await context()).decision;
    expect(d.finding.sources).toBe(plain.sources);

    const more = finding({ sources: [{ connector: 'sarif', tool: 'CodeQL', toolVersion: '2.1', file: 'b.sarif', pointer: '/2', nativeId: 'g-1' }] });
    const e = decide(more, await context()).decision;
    expect(e.finding.sources).not.toBe(more.sources);
    expect(JSON.stringify(e.finding.sources)).toBe('[{"connector":"sarif","tool":"CodeQL","file":"b.sarif","pointer":"/2"}]');

    // Another key order would print another line: copied, in the decision's order.
    const reordered = finding({ sources: [{ tool: 'Trivy', connector: 'trivy', pointer: '/3' }] });
    const r = decide(reordered, await context()).decision;
    expect(JSON.stringify(r.finding.sources)).toBe('[{"connector":"trivy","tool":"Trivy","pointer":"/3"}]');
  });
});
