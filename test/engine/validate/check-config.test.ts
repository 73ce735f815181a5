import { describe, expect, it } from 'vitest';
import { fixture } from '../../support/corpus.ts';
import { runCli } from '../../support/cli.ts';

describe('bad input to the validation stage, located at the line', () => {
  it('edges and entry points naming unknown assets, and self-loops, are warnings: the edge is ignored, nothing fails', async () => {
    const r = await runCli(['validate', '--dir', fixture('validate', 'graph-warnings')]);
    expect(r.code).toBe(0);
    expect(r.stderr.filter((l) => !l.startsWith('  hint:'))).toEqual([
      "scopes/shop.yaml:10:22: warning: edge api → dbb (reads-from) names unknown asset 'dbb' (did you mean 'db'?); the edge is ignored",
      "scopes/shop.yaml:11:5: warning: edge from 'api' to itself is ignored: it adds no path",
      'scopes/shop.yaml:12:13: warning: edge cache → db (network) names unknown asset \'cache\'; the edge is ignored',
      "scopes/shop.yaml:13:16: warning: entry point names unknown asset 'vpn'; it is ignored",
    ]);
    expect(r.stdout[0]).toMatch(/OK .*; 4 warning\(s\)$/);
  });

  it('the graph still works around them: ctem graph runs on the same configuration', async () => {
    const r = await runCli(['graph', '--dir', fixture('validate', 'graph-warnings')]);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('attack graph: 3 assets, 1 edges (0 traversable), 1 entry points, 3 crown jewels');
  });

  it('two policies setting attack_graph, an unknown evidence asset, duplicate validation ids and unknown scopes are errors', async () => {
    const r = await runCli(['validate', '--dir', fixture('validate', 'graph-errors')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toEqual([
      "ctem.yaml:8:50: evidence source names unknown asset 'nope'",
      'policies/b.yaml:3:1: attack_graph is already set in policies/a.yaml; only one policy file may set it',
      "validations/pentest.yaml:3:24: unknown scope 'shopp' (did you mean 'shop'?)",
      "validations/pentest.yaml:8:9: duplicate validation id 'pt-1' (first defined in validations/pentest.yaml)",
      'ctem validate: 4 error(s); nothing was run',
    ]);
  });
});
