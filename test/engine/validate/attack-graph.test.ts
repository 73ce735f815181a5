import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyConfig } from '../../../engine/config/schema/policy.ts';
import { buildAttackGraph, type AttackGraph } from '../../../engine/validate/attack-graph.ts';
import { attackPathThrough, chokePointViews, graphFacts } from '../../../engine/validate/graph-facts.ts';
import { classNames, exposureClassMask, traversalRules } from '../../../engine/validate/traversal.ts';
import { asset, finding, located, scopes } from './helpers.ts';
import { glob } from 'tinyglobby';
import { repoRoot } from '../../support/corpus.ts';
import type { Finding, Severity } from '../../../engine/model/finding.ts';

const DEFAULT_RULES = traversalRules([]);

describe('exposure classes: what an exposure lets an attacker do', () => {
  it('a critical network vulnerability is remote and gives code execution', () => {
    const f = finding('a', { severity: 'critical', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } });
    expect(classNames(exposureClassMask(f, 'medium'))).toEqual(['vulnerability', 'remote-vulnerability', 'code-execution', 'any']);
  });

  it('a local vulnerability is not remote; an availability-only one runs nothing', () => {
    const local = finding('a', { severity: 'high', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } });
    expect(classNames(exposureClassMask(local, 'medium'))).toEqual(['vulnerability', 'code-execution', 'any']);
    const dos = finding('a', { severity: 'high', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' } });
    expect(classNames(exposureClassMask(dos, 'medium'))).toEqual(['vulnerability', 'remote-vulnerability', 'any']);
  });

  it('code findings by CWE: injection runs code, path traversal reads data', () => {
    expect(classNames(exposureClassMask(finding('a', { kind: 'code', cwe: ['CWE-78'], severity: 'medium' }), 'medium'))).toContain('code-execution');
    expect(classNames(exposureClassMask(finding('a', { kind: 'code', cwe: ['CWE-22'], severity: 'high' }), 'medium'))).toEqual(['code', 'data-access', 'any']);
  });

  it('reads a CVSS vector metric by metric, as the documented rule says, for every vector in the fixtures and odd ones', async () => {
    // The rule written the plain way: a metric is one '/'-separated part of the vector, case-blind.
    const reference = (vector: string | undefined, severity: Severity): number => {
      const v = vector?.toUpperCase();
      const has = (m: string) => v !== undefined && new RegExp(`(^|/)${m}(/|$)`).test(v);
      let mask = 0;
      if (v === undefined || has('AV:N') || has('AV:A')) mask |= 1;
      if ((severity === 'critical' || severity === 'high') && !((has('C:N') && has('I:N')) || (has('VC:N') && has('VI:N')))) mask |= 2;
      return mask;
    };
    const vectors = new Set<string>(['', 'AV:NX/C:N/I:N', 'XAV:N', 'cvss:3.1/av:a/ac:l/pr:n/ui:n/s:u/c:n/i:n/a:h', 'AV:N/AC:L/Au:N/C:N/I:N/A:P', 'CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N']);
    for (const file of await glob('test/fixtures/**/*.{json,sarif}', { cwd: repoRoot })) {
      for (const m of readFileSync(`${repoRoot}/${file}`, 'utf8').matchAll(/"((?:CVSS:[234]\.[01]\/)?AV:[A-Z][^"]*)"/g)) vectors.add(m[1]!);
    }
    expect(vectors.size).toBeGreaterThan(20);
    const REMOTE = ['remote-vulnerability'] as const;
    for (const vector of [...vectors, undefined]) {
      for (const severity of ['critical', 'high', 'medium'] as const) {
        const names = classNames(exposureClassMask(finding('a', { severity, cvss: vector === undefined ? undefined : { version: '3.1', vector } }), 'low'));
        const got = (names.includes(REMOTE[0]) ? 1 : 0) | (names.includes('code-execution') ? 2 : 0);
        expect(got, `${vector} ${severity}`).toBe(reference(vector, severity));
        // Asked twice (the second time from what was remembered), the same.
        expect(classNames(exposureClassMask(finding('b', { severity, cvss: vector === undefined ? undefined : { version: '3.1', vector } }), 'low'))).toEqual(names);
      }
    }
  });

  it('below the minimum severity an exposure opens nothing; unknown counts as medium', () => {
    expect(exposureClassMask(finding('a', { severity: 'low' }), 'medium')).toBe(0);
    expect(exposureClassMask(finding('a', { severity: 'unknown' }), 'medium')).not.toBe(0);
    expect(exposureClassMask(finding('a', { severity: 'low' }), 'low')).not.toBe(0);
  });

  it('a policy overrides the table kind by kind; the others keep their default', () => {
    const policy = located<PolicyConfig>('policies/p.yaml', {
      id: 'p',
      rules: [],
      attack_graph: { traversal: { network: ['any'] }, min_severity: 'low', choke_points: 2 },
    });
    const rules = traversalRules([policy]);
    expect(classNames(rules.admits.network)).toEqual(['any']);
    expect(classNames(rules.admits.credentials)).toEqual(['secret']);
    expect(rules).toMatchObject({ minSeverity: 'low', chokePoints: 2, file: 'policies/p.yaml' });
  });
});

describe('the attack graph of an estate', () => {
  // internet → web (internet-facing) → api → db (crown jewel); secrets in a repo give the db's password.
  const estate = scopes([
    { id: 'front', assets: ['web'], exposure: 'internet', edges: [{ from: 'web', to: 'api', kind: 'network' }] },
    {
      id: 'back',
      assets: ['api', 'repo'],
      edges: [
        { from: 'api', to: 'db', kind: 'reads-from' },
        { from: 'repo', to: 'db', kind: 'credentials' },
        { from: 'api', to: 'nowhere', kind: 'network' },
        { from: 'api', to: 'api', kind: 'network' },
      ],
    },
    { id: 'data', assets: ['db'], crown_jewel: true },
  ]);
  const assets = ['web', 'api', 'db', 'repo'].map((id) => asset(id));
  const webRce = finding('web', { vulnerabilityId: 'CVE-2024-1000', severity: 'critical' });
  const apiSqli = finding('api', { kind: 'code', ruleId: 'sql-injection', vulnerabilityId: undefined, aliases: [], cwe: ['CWE-89'], severity: 'high' });
  const repoSecret = finding('repo', { kind: 'secret', ruleId: 'aws-key', vulnerabilityId: undefined, aliases: [], severity: 'critical' });
  const build = (enabling = (_: unknown) => true) =>
    buildAttackGraph({
      assets,
      scopes: estate.located,
      primaryScope: estate.primary,
      exposures: [webRce, apiSqli, repoSecret],
      enabling,
      rules: DEFAULT_RULES,
    });

  it('finds the path from the internet to the crown jewel, and what it passes', () => {
    const g = build();
    expect(graphFacts(g, apiSqli, () => true)).toEqual({
      reachable: true,
      on_path: true,
      path_length: 2,
      paths_to_crown_jewels: 1,
      choke_point: true,
      pivot: true,
    });
    expect(attackPathThrough(g, 'api')).toEqual({
      assets: ['web', 'api', 'db'],
      steps: [
        { from: 'web', to: 'api', kinds: ['network'] },
        { from: 'api', to: 'db', kinds: ['reads-from'] },
      ],
      through: 'api',
    });
  });

  it('a secret in a repository nobody reaches opens an edge, but is on no attack path', () => {
    const g = build();
    expect(graphFacts(g, repoSecret, () => true)).toMatchObject({ reachable: false, on_path: false, path_length: null, pivot: false });
  });

  it('skips edges to unknown assets and self-loops (check-config.ts reports them)', () => {
    const g = build();
    expect(g.edges.map((e) => `${g.assets[e.from]}>${g.assets[e.to]}`).sort()).toEqual(['api>db', 'repo>db', 'web>api']);
  });

  it('an exposure that is fixed, excused or shown not exploitable opens nothing', () => {
    const g = build((f) => f !== apiSqli);
    expect(graphFacts(g, apiSqli, () => false)).toMatchObject({ reachable: true, on_path: false, paths_to_crown_jewels: 0, pivot: false });
    expect(graphFacts(g, webRce, () => true)).toMatchObject({ reachable: true, on_path: false });
  });

  it("an asset's classes are those of its exposures that may open edges; that is asked only of an exposure that would add one", () => {
    const webRce2 = finding('web', { vulnerabilityId: 'CVE-2024-1001', severity: 'critical' });
    const webRce3 = finding('web', { vulnerabilityId: 'CVE-2024-1002', severity: 'critical' });
    const asked: Finding[] = [];
    const graphOf = (exposures: Finding[], enabling: (f: Finding) => boolean) =>
      buildAttackGraph({ assets, scopes: estate.located, primaryScope: estate.primary, exposures, enabling: (f) => (asked.push(f), enabling(f)), rules: DEFAULT_RULES });
    const web = (g: AttackGraph) => g.capability[g.node.get('web')!]!;
    const rce = exposureClassMask(webRce, DEFAULT_RULES.minSeverity);
    // The first of three alike decides; the other two could add nothing.
    expect(web(graphOf([webRce, webRce2, webRce3], () => true))).toBe(rce);
    expect(asked).toEqual([webRce]);
    // The first is excused: the next is asked, and gives the class.
    asked.length = 0;
    expect(web(graphOf([webRce, webRce2, webRce3], (f) => f !== webRce))).toBe(rce);
    expect(asked).toEqual([webRce, webRce2]);
    // All excused: no class.
    asked.length = 0;
    expect(web(graphOf([webRce, webRce2, webRce3], () => false))).toBe(0);
    expect(asked).toHaveLength(3);
  });

  it('ranks choke points: web and api each cut the one path; ties go to the first asset id', () => {
    const views = chokePointViews(build());
    expect(views[0]).toEqual({ rank: 1, asset: 'api', cuts: 1, paths_before: 1, paths_after: 0, exhaustive: true });
  });

  it('a declared entry point starts paths too', () => {
    const withEntry = scopes([
      { id: 'back', assets: ['api', 'repo'], entry_points: ['repo'], edges: [{ from: 'repo', to: 'db', kind: 'credentials' }] },
      { id: 'data', assets: ['db'], crown_jewel: true },
    ]);
    const g = buildAttackGraph({
      assets,
      scopes: withEntry.located,
      primaryScope: withEntry.primary,
      exposures: [repoSecret],
      enabling: () => true,
      rules: DEFAULT_RULES,
    });
    expect(graphFacts(g, repoSecret, () => true)).toMatchObject({ reachable: true, on_path: true, path_length: 1, pivot: true });
    // Whether it may open edges (matching the exceptions) is asked only where a pivot is possible, and decides it there.
    expect(graphFacts(g, repoSecret, () => false)).toMatchObject({ reachable: true, on_path: true, pivot: false });
    let asked = 0;
    const counting = () => (asked++, true);
    graphFacts(g, repoSecret, counting);
    expect(asked).toBe(1);
    graphFacts(g, finding('db'), counting); // the crown jewel itself: no onward edge
    graphFacts(g, finding('api'), counting); // not reachable from the entry point
    expect(asked).toBe(1);
  });

  it('an exposure on an asset the inventory does not know is on no path', () => {
    expect(graphFacts(build(), finding('ghost'), () => true)).toMatchObject({ reachable: false, paths_to_crown_jewels: 0 });
  });
});
