import { describe, expect, it } from 'vitest';
import { issueLinks, toLedgerRecord, toPastDecision } from '../../../engine/ledger/record.ts';
import { decision } from './decisions.ts';

describe('an exposure record', () => {
  const d = decision('0123456789abcdef0123', { overdue: true });

  it('keeps the decision: priority, status, rule with its file and commit, inputs, exception, validation', () => {
    const r = toLedgerRecord(d, null);
    expect(r).toMatchObject({ fingerprint: d.fingerprint, priority: d.priority, status: d.status, rule: d.rule, inputs: d.inputs, validation: d.validation, due_date: d.due_date, first_seen: d.first_seen });
  });

  it('leaves out what changes on every run without the decision changing: feed versions, overdue, the EPSS score, source pointers', () => {
    const r = toLedgerRecord(d, null) as unknown as Record<string, unknown>;
    expect(r).not.toHaveProperty('feeds');
    expect(r).not.toHaveProperty('overdue');
    expect(r.enrichment).not.toHaveProperty('epss');
    expect(r.enrichment).toHaveProperty('kev');
    expect(JSON.stringify(r)).not.toContain('pointer');
  });

  it('lists each source file once, sorted, even when several results in it merged into the exposure', () => {
    const two = decision('0123456789abcdef0123', {});
    two.finding.sources = [
      { connector: 'trivy', tool: 'Trivy', file: 'b.json', pointer: '/Results/0/Vulnerabilities/3' },
      { connector: 'grype', tool: 'Grype', file: 'a.json', pointer: '/matches/1' },
      { connector: 'trivy', tool: 'Trivy', file: 'b.json', pointer: '/Results/1/Vulnerabilities/0' },
    ];
    expect(toLedgerRecord(two, null).finding.sources).toEqual([
      { connector: 'grype', tool: 'Grype', file: 'a.json' },
      { connector: 'trivy', tool: 'Trivy', file: 'b.json' },
    ]);
  });

  it('keeps a key named __proto__ (a decision read back from a shard file) as an own property, never as the prototype', () => {
    const parsed = JSON.parse(JSON.stringify(d).replace('{', '{"__proto__":{"polluted":true},')) as typeof d;
    const r = toLedgerRecord(parsed, null) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect((r as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.hasOwn(r, '__proto__')).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps every other field of the decision, in its order, a field added later too', () => {
    const extended = { ...d, later: { added: 1 } };
    const r = toLedgerRecord(extended, null) as unknown as Record<string, unknown>;
    expect(r.later).toEqual({ added: 1 });
    expect(Object.keys(r)).toEqual([...Object.keys(extended).filter((k) => k !== 'feeds' && k !== 'overdue'), 'issue']);
  });

  it('names the issue that tracks the exposure', () => {
    const links = issueLinks([{ key: 'k1', repository: 'acme/api', decisions: [d] }], new Map([['k1', { number: 42, url: 'https://example.com/acme/api/issues/42' }]]));
    expect(toLedgerRecord(d, links.get(d.fingerprint) ?? null).issue).toEqual({ key: 'k1', repository: 'acme/api', number: 42, url: 'https://example.com/acme/api/issues/42' });
  });

  it('becomes the decision again with the run it belongs to: its feed versions, and overdue as of that run', () => {
    const r = toLedgerRecord(d, null);
    const feeds = { kev: { catalog_version: '2026.11.27' } };
    const before = toPastDecision(r, { run_at: `${d.due_date}T08:00:00.000Z`, feeds });
    expect(before.feeds).toEqual(feeds);
    expect(before.overdue).toBe(false);
    expect(toPastDecision(r, { run_at: '2099-01-01T00:00:00.000Z', feeds }).overdue).toBe(true);
    const { feeds: _f, overdue: _o, enrichment: e, finding: f, ...same } = d;
    expect(before).toMatchObject(same);
    expect(before.enrichment).toEqual({ kev: e.kev, cvss: e.cvss, ssvc: e.ssvc });
    expect(before.finding.sources).toHaveLength(f.sources.length);
  });
});
