import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceConnectors, findingConnectors, inventoryConnectors } from '../../connectors/registry.ts';
import { repoRoot } from '../support/corpus.ts';

/** Folders under connectors/ that are helpers, not connectors. */
const NOT_CONNECTORS = new Set(['shared', 'github']);

describe('the connector registry', () => {
  const folders = readdirSync(join(repoRoot, 'connectors')).filter(
    (f) => statSync(join(repoRoot, 'connectors', f)).isDirectory() && !NOT_CONNECTORS.has(f),
  );
  const all = new Map<string, { name: string; kind: string; description: string }>([...findingConnectors, ...inventoryConnectors, ...evidenceConnectors]);

  it.each(folders)('registers the connector in connectors/%s', async (folder) => {
    const mod = (await import(`../../connectors/${folder}/index.ts`)) as Record<string, unknown>;
    const exported = Object.values(mod).filter((v): v is { name: string } => typeof v === 'object' && v !== null && 'name' in v && 'kind' in v);
    expect(exported).toHaveLength(1);
    expect(all.get(exported[0]!.name)).toBe(exported[0]);
    expect(exported[0]!.name).toBe(folder);
  });

  it('has no connector without a folder of its own', () => {
    expect([...all.keys()].sort()).toEqual([...folders].sort());
  });

  it.each([...findingConnectors.values()])('$name satisfies the finding connector contract', (c) => {
    expect(c.kind).toBe('findings');
    expect(c.description.length).toBeGreaterThan(10);
    if (c.format === 'json') {
      expect(typeof c.extract).toBe('function');
      // Detection must be safe on anything, including hostile shapes.
      for (const doc of [null, 42, 'x', [], {}, { __proto__: { runs: [] } }, JSON.parse('{"__proto__": {"runs": []}}')]) {
        expect(() => c.detect(doc)).not.toThrow();
        expect(c.detect(doc)).toBe(false);
      }
    } else if (c.format === 'lines') {
      expect(typeof c.open).toBe('function');
      expect(c.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false });
      for (const head of ['', '\n', '{}\n', '[1,2]\n', '{"__proto__": {"ruleId": "x", "kind": "code"}}\n', 'a;b\n', '\u0000\u0001\n']) {
        expect(() => c.detect(head, 'report.json')).not.toThrow();
        expect(c.detect(head, 'report.json')).toBe(false);
      }
    } else {
      expect(typeof c.fetch).toBe('function');
      expect(typeof c.map).toBe('function');
      expect(c.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it.each([...evidenceConnectors.values()])('$name satisfies the evidence connector contract', (c) => {
    expect(c.kind).toBe('evidence');
    expect(c.description.length).toBeGreaterThan(10);
    for (const input of [null, 42, 'x', '', [], {}, { __proto__: { statements: [] } }, JSON.parse('{"__proto__": {"bomFormat": "CycloneDX"}}')]) {
      expect(() => c.detect(input)).not.toThrow();
      expect(c.detect(input)).toBe(false);
    }
  });
});
