import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../../engine/model/decision.ts';
import type { Action } from '../../../engine/mobilise/plan.ts';
import { fixture } from '../../support/corpus.ts';
import { runCli, type CliResult } from '../../support/cli.ts';

describe('ctem graph on the bundled example', () => {
  let text: CliResult;

  beforeAll(async () => {
    text = await runCli(['graph']);
  });

  it('shows a path from an internet entry point to a crown jewel', () => {
    expect(text.code).toBe(0);
    expect(text.stdout[0]).toMatch(/^attack graph: 23 assets, \d+ edges \(\d+ traversable\), \d+ entry points, 10 crown jewels$/);
    expect(text.stdout).toContain('  edge-gateway -[network]-> payments-api -[reads-from]-> payments-db');
    expect(text.stdout).toContain('  storefront-nginx -[network]-> storefront-web -[network]-> auth-service');
    expect(text.stdout.find((l) => l.startsWith('crown jewels reached:'))).toMatch(/payments-db/);
  });

  it('ranks the choke points, each with what it cuts and the exposures that open it', () => {
    const at = text.stdout.findIndex((l) => l.startsWith('choke points'));
    expect(at).toBeGreaterThan(0);
    expect(text.stdout[at + 1]).toMatch(/^ {3}1\. payments-api\s+cuts \d+ path\(s\): \d+ → \d+ {2}via CVE-2022-22965$/);
    expect(text.stdout.slice(at + 1, at + 4).map((l) => l.trim().split(/\s+/)[1])).toEqual(['payments-api', 'edge-gateway', 'storefront-web']);
  });

  it('says which edges an attacker reaches but cannot cross, and why', () => {
    expect(text.stdout).toContain('  billing-service -[network]-> ledger-core  needs misconfiguration or exposure or remote-vulnerability; has code, data-access');
  });

  it('writes Mermaid and Graphviz DOT, to standard output or a file', async () => {
    const mermaid = await runCli(['graph', '--format', 'mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout[0]).toBe('flowchart LR');
    expect(mermaid.stdout).toContain('  attacker --> n7');
    const out = await mkdtemp(join(tmpdir(), 'ctem-graph-'));
    const dot = await runCli(['graph', '--format', 'dot', '--out', join(out, 'graph.dot')]);
    expect(dot.code).toBe(0);
    expect(dot.stdout.at(-1)).toMatch(/^ctem graph: wrote .*graph\.dot \(dot\)$/);
    const file = await readFile(join(out, 'graph.dot'), 'utf8');
    expect(file.startsWith('digraph attack_graph {\n')).toBe(true);
    expect(file).toContain('label="payments-api (choke point 1)"');
  });

  it('exits 2 on an unknown format and 3 on a broken configuration', async () => {
    const bad = await runCli(['graph', '--format', 'svg']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.join('\n')).toContain("ctem graph: unknown format 'svg'");
    expect((await runCli(['graph', '--dir', fixture('config', 'broken')])).code).toBe(3);
  });
});

describe('ctem run on the bundled example: attack paths in decisions and issues', () => {
  let decisions: Decision[];
  let actions: Action[];

  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-graph-run-'));
    const r = await runCli(['run', '--dry-run', '--out', out]);
    expect(r.code).toBe(0);
    decisions = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
    actions = (JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as { actions: Action[] }).actions;
  });

  it('the decision for an exposure on the path says so, and the rule that read it', () => {
    const d = decisions.find((x) => x.asset === 'edge-gateway' && x.finding.vulnerability_id === 'CVE-2019-1551' && x.status === 'open')!;
    expect(d.validation).toMatchObject({ internet_exposed: true, reachable: true, on_path: true, path_length: 1, choke_point: true, pivot: true });
    expect(d.validation.paths_to_crown_jewels).toBeGreaterThan(1);
    expect(d.validation.attack_path?.assets[0]).toBe('edge-gateway');
    expect(d).toMatchObject({ priority: 'P2', rule: { id: 'choke-point-on-attack-path', file: 'policies/20-attack-paths.yaml' }, inputs: { 'validation.choke_point': true, 'validation.pivot': true } });
  });

  it('the corpus VEX for the nginx image suppresses CVE-2023-27103 with its justification', () => {
    const d = decisions.find((x) => x.finding.vulnerability_id === 'CVE-2023-27103')!;
    expect(d).toMatchObject({ status: 'suppressed', vex: { status: 'not_affected', justification: 'component_not_present', document: 'examples/acme/vex/storefront-nginx.openvex.json' } });
  });

  it('the Nuclei confirmation and the pentest record are in the decisions they confirm', () => {
    const billing = decisions.find((x) => x.asset === 'billing-service' && x.finding.rule_id === 'G304')!;
    expect(billing).toMatchObject({ priority: 'P1', rule: { id: 'exploit-confirmed' }, validation: { confirmed: true, result: 'confirmed' } });
    const spring = decisions.find((x) => x.finding.vulnerability_id === 'CVE-2022-22965')!;
    expect(spring.validation.evidence?.[0]).toMatchObject({ source: 'tool', by: 'nuclei', result: 'confirmed' });
  });

  it('an issue for an exposure on an attack path carries the path as a Mermaid diagram', () => {
    const creates = actions.filter((a): a is Extract<Action, { op: 'create' }> => a.op === 'create');
    const gateway = creates.find((a) => a.body.includes('CVE-2019-1551') && a.repository === 'acme-robotics/edge-gateway')!;
    expect(gateway.body).toContain('### Attack path');
    expect(gateway.body).toMatch(/```mermaid\nflowchart LR\n {2}attacker\(\("attacker"\)\)\n {2}n0\["edge-gateway"\]\n/);
    expect(gateway.body).toContain('It is a **choke point**');
    const offPath = creates.find((a) => a.repository === 'acme-robotics/batch-worker');
    expect(offPath).toBeDefined();
    expect(offPath!.body).not.toContain('```mermaid');
  });
});
