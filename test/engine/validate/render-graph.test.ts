import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../engine/model/decision.ts';
import { mermaidText } from '../../../engine/mobilise/sanitize.ts';
import { buildAttackGraph } from '../../../engine/validate/attack-graph.ts';
import { attackPathContext } from '../../../engine/validate/issue-picture.ts';
import { attackPathMermaid, dotString, graphDot, graphMermaid, graphText, listPaths } from '../../../engine/validate/render-graph.ts';
import { traversalRules } from '../../../engine/validate/traversal.ts';
import { asset, finding, scopes } from './helpers.ts';

// Asset ids from an inventory connector other than the YAML one can hold anything.
const HOSTILE = 'evil"] --> x[click x call alert()] %%{init: {}}%%\n```\n<img src=x onerror=alert(1)>';

describe('Mermaid labels', () => {
  it('keep only a safe set of characters; everything else becomes an entity code', () => {
    expect(mermaidText('payments-api')).toBe('payments-api');
    expect(mermaidText('a"b]c|d`e\nf')).toBe('a#34;b#93;c#124;d#96;e f');
    const s = mermaidText(HOSTILE, 500);
    expect(s).toMatch(/^[A-Za-z0-9 ._:/@+=,#;-]*$/);
    expect(s).not.toMatch(/["[\]|`<>%{}\n]/);
  });

  it('a path picture cannot be broken out of by an asset id', () => {
    const m = attackPathMermaid({ assets: ['web', HOSTILE, 'db'], steps: [{ from: 'web', to: HOSTILE, kinds: ['network'] }, { from: HOSTILE, to: 'db', kinds: ['reads-from'] }] }, HOSTILE);
    const lines = m.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    // Every line is one of the statements we write: generated ids, quoted labels.
    for (const l of lines.slice(1)) {
      expect(l).toMatch(/^ {2}(attacker\(\("attacker"\)\)|n\d+\["[^"\n]*"\]|attacker --> n0|n\d+ -->\|[^|\n]*\| n\d+|classDef \w+ [\w:#,-]+|class [\w,]+ \w+)$/);
    }
    expect(m).not.toContain('```');
    expect(m).toContain('  class n1 here');
    expect(m).toContain('  class n2 jewel');
  });
});

describe('DOT strings', () => {
  it('escape quotes and backslashes and drop line breaks', () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
  });
});

describe('pictures of a whole graph', () => {
  const estate = scopes([
    { id: 'front', assets: ['web'], exposure: 'internet', edges: [{ from: 'web', to: 'api', kind: 'network' }, { from: 'web', to: 'cache', kind: 'network' }] },
    { id: 'core', assets: ['api', 'cache'], edges: [{ from: 'api', to: 'db', kind: 'reads-from' }, { from: 'cache', to: 'db', kind: 'reads-from' }] },
    { id: 'data', assets: ['db'], crown_jewel: true },
  ]);
  const g = buildAttackGraph({
    assets: ['web', 'api', 'cache', 'db'].map((id) => asset(id)),
    scopes: estate.located,
    primaryScope: estate.primary,
    exposures: [finding('web', { severity: 'critical' }), finding('api', { severity: 'critical' })],
    enabling: () => true,
    rules: traversalRules([]),
  });

  it('text: entry points, the paths, the choke points, and the edges an attacker cannot cross', () => {
    const text = graphText(g, { pivots: new Map([['api', ['CVE-2024-0001']]]) });
    expect(text).toEqual([
      'attack graph: 4 assets, 4 edges (3 traversable), 1 entry points, 1 crown jewels',
      'entry points: web',
      'crown jewels reached: 1 of 1 (db)',
      'entry → crown-jewel paths: 1',
      '',
      'shortest path to each reached crown jewel:',
      '  db   2 hop(s)  web -[network]-> api -[reads-from]-> db',
      '',
      'paths (1 shown):',
      '  web -[network]-> api -[reads-from]-> db',
      '',
      'choke points (fix in this order; each cuts the paths left by the ones before):',
      '   1. api  cuts 1 path(s): 1 → 0  via CVE-2024-0001',
      '',
      'edges an attacker reaches but cannot cross (no exposure on the source opens them):',
      '  cache -[reads-from]-> db  needs code-execution or data-access; has no exploitable exposure',
    ]);
  });

  it('lists paths within a budget, so a dense graph cannot make it run forever', () => {
    expect(listPaths(g).map((p) => p.map((u) => g.assets[u]))).toEqual([['web', 'api', 'db']]);
  });

  it('Mermaid: traversable edges solid, the others dotted, choke points named', () => {
    const m = graphMermaid(g);
    expect(m).toContain('n0["api #40;choke point 1#41;"]');
    expect(m).toContain('n3 -->|network| n0');
    expect(m).toContain('n1 -.->|reads-from| n2');
    expect(m).toContain('attacker --> n3');
  });

  it('DOT: a digraph with the same nodes and edges', () => {
    const d = graphDot(g);
    expect(d.startsWith('digraph attack_graph {')).toBe(true);
    expect(d).toContain('n0 [label="api (choke point 1)"');
    expect(d).toContain('n1 -> n2 [label="reads-from", style=dashed');
    expect(d.trim().endsWith('}')).toBe(true);
  });
});

describe('the attack path an issue shows', () => {
  const decision = (over: Partial<Decision['validation']>): Decision =>
    ({ asset: 'api', validation: { internet_exposed: false, crown_jewel: false, ...over } }) as Decision;

  it('is taken from the first decision on a path, with a one-line summary', () => {
    const ctx = attackPathContext([
      decision({}),
      decision({
        path_length: 2,
        paths_to_crown_jewels: 3,
        choke_point: true,
        attack_path: { assets: ['web', 'api', 'db'], steps: [{ from: 'web', to: 'api', kinds: ['network'] }, { from: 'api', to: 'db', kinds: ['reads-from'] }] },
      }),
    ]);
    expect(ctx).toMatchObject({ hops: 2, paths: 3, choke_point: true });
    expect(ctx!.summary).toBe(
      '`api` is on an attack path from entry point `web` to crown jewel `db`. The path below is 2 hop(s); 3 entry-to-crown-jewel path(s) pass through it. It is a **choke point**: fixing it cuts attack paths to crown jewels.',
    );
    expect(ctx!.mermaid).toContain('n0 -->|network| n1');
  });

  it('is null when no exposure of the issue is on a path', () => {
    expect(attackPathContext([decision({})])).toBeNull();
  });

  it('makes hostile asset ids inert in the summary too', () => {
    const ctx = attackPathContext([{ asset: '@team #1 <b>', validation: { internet_exposed: true, crown_jewel: true, attack_path: { assets: ['@team #1 <b>'], steps: [] } } } as unknown as Decision]);
    expect(ctx!.summary).not.toMatch(/@team|#1|<b>/);
  });
});
