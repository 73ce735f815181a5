/**
 * The validation stage inside a whole cycle: a small estate with an attack path, a
 * VEX document from the corpus, a Nuclei confirmation and a manual record, decided by
 * rules that read `validation.*`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nucleiConnector } from '../../../connectors/nuclei/index.ts';
import { openvexConnector } from '../../../connectors/openvex/index.ts';
import type { LoadedConfig } from '../../../engine/config/load.ts';
import type { CtemConfig } from '../../../engine/config/schema/ctem.ts';
import type { PolicyConfig } from '../../../engine/config/schema/policy.ts';
import { runCycle } from '../../../engine/cycle.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { compilePolicies } from '../../../engine/policy/compile-policy.ts';
import type { EnrichmentView } from '../../../engine/prioritise/input-document.ts';
import { fixture } from '../../support/corpus.ts';
import { asset, finding, located, scopes } from './helpers.ts';

const NOW = '2026-11-28T10:00:00.000Z';
const NO_ENRICHMENT: EnrichmentView = { epss: null, kev: { listed: false }, cvss: null, ssvc: null };

const policy = located<PolicyConfig>('policies/p.yaml', {
  id: 'p',
  rules: [
    { id: 'confirmed', when: { var: 'validation.confirmed' }, set: { priority: 'P1' } },
    { id: 'to-crown-jewel', when: { '>': [{ var: 'validation.paths_to_crown_jewels' }, 0] }, set: { priority: 'P2' } },
  ],
});

const estate = scopes([
  { id: 'edge', assets: ['nginx'], exposure: 'internet', edges: [{ from: 'nginx', to: 'api', kind: 'network' }] },
  { id: 'core', assets: ['api'], edges: [{ from: 'api', to: 'db', kind: 'reads-from' }] },
  { id: 'data', assets: ['db'], crown_jewel: true },
  { id: 'misc', assets: ['tools'] },
]);

function cycle(validations: LoadedConfig['validations'] = []) {
  const config: LoadedConfig = {
    ctem: located<CtemConfig>('ctem.yaml', { version: 1, organisation: 'Test', inventory: [], sources: [] }),
    scopes: estate.located,
    policies: [policy],
    policyTests: [],
    exceptions: [],
    validations,
    templates: new Map(),
  };
  const deb = (name: string) => ({ name, ecosystem: 'deb', installedVersion: '1', fixedVersions: [] });
  const findings = [
    // On the image the corpus VEX is about: one not affected, one fixed, one it does not mention.
    finding('nginx', { vulnerabilityId: 'CVE-2023-27103', severity: 'high', package: deb('libde265-0') }),
    finding('nginx', { vulnerabilityId: 'CVE-2007-5686', severity: 'medium', package: deb('passwd') }),
    finding('nginx', { vulnerabilityId: 'CVE-2024-1111', severity: 'high', package: deb('openssl') }),
    finding('api', { vulnerabilityId: 'CVE-2022-22965', severity: 'critical' }),
    finding('tools', { vulnerabilityId: 'CVE-2024-2222', severity: 'critical' }),
  ];
  const vexDoc = JSON.parse(readFileSync(fixture('vex', 'openvex-v0.2.0-sample-2vulns.json'), 'utf8')) as unknown;
  const evidence = {
    vex: openvexConnector.extract(vexDoc, { file: 'vex/nginx.openvex.json' }).vex,
    confirmations: nucleiConnector
      .extract(readFileSync(fixture('nuclei', 'payments-api.nuclei.jsonl'), 'utf8'), { file: 'nuclei.jsonl' })
      .confirmations.map((c) => ({ ...c, asset: 'api' })),
  };
  const result = runCycle({
    config,
    policy: compilePolicies(config),
    assets: [asset('nginx', { type: 'image', aliases: ['nginx'] }), asset('api'), asset('db'), asset('tools')],
    findings,
    enrich: () => NO_ENRICHMENT,
    feeds: {},
    policyCommits: new Map(),
    firstSeen: new Map(),
    existingIssues: [],
    evidence,
    now: NOW,
  });
  const by = (id: string) => result.decisions.find((d) => d.finding.vulnerability_id === id) as Decision;
  return { result, by };
}

describe('the validation stage in a cycle', () => {
  it('a corpus VEX not_affected statement suppresses the exposure, with the statement in the decision', () => {
    const d = cycle().by('CVE-2023-27103');
    expect(d.status).toBe('suppressed');
    expect(d.status_reason).toBe(
      'not affected according to VEX vex/nginx.openvex.json (pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0): component_not_present',
    );
    expect(d.vex).toEqual({
      status: 'not_affected',
      stated_status: 'not_affected',
      effect: 'not-affected',
      vulnerability: 'CVE-2023-27103',
      product: 'pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0',
      justification: 'component_not_present',
      impact_statement: undefined,
      action_statement: undefined,
      status_notes: undefined,
      timestamp: '2023-08-15T19:55:22.076684217-06:00',
      format: 'openvex',
      document: 'vex/nginx.openvex.json',
      statement: '/statements/0/products/0',
      document_id: 'https://openvex.dev/docs/public/vex-cbce60e4c921512c381e3234db5f9bd19704658a1b670e196d42a96f3dd80cd3',
      author: 'The OpenVEX Project',
    });
    expect(d.validation.vex).toBe('not_affected');
  });

  it('a VEX fixed statement closes the exposure', () => {
    const d = cycle().by('CVE-2007-5686');
    expect(d).toMatchObject({ status: 'suppressed', vex: { status: 'fixed', effect: 'fixed' } });
    expect(d.status_reason).toMatch(/^fixed according to VEX /);
  });

  it('an exposure on the path to the crown jewel says so, and a rule reading it raises it', () => {
    const d = cycle().by('CVE-2024-1111');
    expect(d.status).toBe('open');
    expect(d.validation).toMatchObject({ internet_exposed: true, crown_jewel: false, reachable: true, on_path: true, path_length: 2, paths_to_crown_jewels: 1, pivot: true });
    expect(d.validation.attack_path).toEqual({
      assets: ['nginx', 'api', 'db'],
      steps: [
        { from: 'nginx', to: 'api', kinds: ['network'] },
        { from: 'api', to: 'db', kinds: ['reads-from'] },
      ],
    });
    expect(d).toMatchObject({ priority: 'P2', rule: { id: 'to-crown-jewel' }, inputs: { 'validation.paths_to_crown_jewels': 1 } });
  });

  it('a Nuclei confirmation makes the exposure P1 by a rule reading validation.confirmed, with the evidence recorded', () => {
    const d = cycle().by('CVE-2022-22965');
    expect(d).toMatchObject({ priority: 'P1', rule: { id: 'confirmed' }, validation: { confirmed: true, result: 'confirmed', choke_point: true } });
    expect(d.validation.evidence).toEqual([expect.objectContaining({ source: 'tool', by: 'nuclei', record: 'nuclei.jsonl#line:1' })]);
  });

  it('an exposure off every path stays where the rest of the policy puts it', () => {
    const d = cycle().by('CVE-2024-2222');
    expect(d.validation).toMatchObject({ reachable: false, on_path: false, path_length: null, paths_to_crown_jewels: 0, choke_point: false, pivot: false });
    expect(d.validation.attack_path).toBeUndefined();
    expect(d.rule.id).toBe('default');
  });

  it('a manual record that shows the API not exploitable closes the path: the nginx exposure is no longer on it', () => {
    const { by, result } = cycle([
      {
        file: 'validations/retest.yaml',
        index: 0,
        locate: () => ({ line: 1, column: 1 }),
        value: { id: 'retest', selector: { assets: ['api'] }, result: 'not-exploitable', by: 'alice', date: '2026-11-27', evidence: 'https://tracker.example/2' },
      },
    ]);
    expect(by('CVE-2022-22965').validation).toMatchObject({ confirmed: false, result: 'not-exploitable', pivot: false });
    expect(by('CVE-2024-1111').validation).toMatchObject({ reachable: true, on_path: false, paths_to_crown_jewels: 0, pivot: false });
    expect(by('CVE-2024-1111').rule.id).toBe('default');
    expect(result.validation!.graph.analysis.paths.total).toBe(0);
  });
});
