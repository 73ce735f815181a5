import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inventoryYamlConnector } from '../../../connectors/inventory-yaml/index.ts';
import { inventoryConnectors } from '../../../connectors/registry.ts';
import { createSchemaChecker } from '../../../engine/config/schema-check.ts';
import { parseYaml } from '../../../engine/config/yaml-document.ts';
import { repoRoot } from '../../support/corpus.ts';

const parse = (text: string) => {
  const parsed = parseYaml(text, 'inventory.yaml');
  expect(parsed.problems).toEqual([]);
  expect(createSchemaChecker().check('inventory', parsed.value, 'inventory.yaml', parsed.locate)).toEqual([]);
  return parsed;
};
const extract = (text: string) => inventoryYamlConnector.extract(parse(text).value, { file: 'inventory.yaml', options: {} });

describe('the YAML inventory', () => {
  it('reads the example estate: 23 assets, one per list item', () => {
    const text = readFileSync(`${repoRoot}/examples/acme/inventory.yaml`, 'utf8');
    const assets = inventoryYamlConnector.extract(parse(text).value, { file: 'examples/acme/inventory.yaml', options: {} });
    expect(assets).toHaveLength(text.split('\n').filter((l) => /^ {2}- id: /.test(l)).length);
    expect(assets).toHaveLength(23);
    expect(assets.find((a) => a.id === 'batch-worker')).toEqual({
      id: 'batch-worker',
      type: 'host',
      name: 'Batch worker fleet',
      repository: 'acme-robotics/batch-worker',
      aliases: ['batch-worker-01.acme.internal', '10.20.0.15'],
      tags: ['platform'],
      attributes: {},
      source: 'examples/acme/inventory.yaml',
    });
  });

  it('states its ids: nothing is marked derived', () => {
    expect(extract('assets:\n  - { id: a, type: host }\n')[0]!.derivedId).toBeUndefined();
  });

  it('leaves out what an entry does not say', () => {
    expect(extract('assets:\n  - { id: a, type: host }\n')[0]).toEqual({ id: 'a', type: 'host', aliases: [], tags: [], attributes: {}, source: 'inventory.yaml' });
  });

  it('locates the n-th asset for messages', () => {
    const parsed = parse('assets:\n  - { id: a, type: host }\n  - id: b\n    type: host\n');
    const path = inventoryYamlConnector.locate!(parsed.value, 1).path!;
    expect(parsed.locate(path)).toEqual({ line: 3, column: 5 });
  });

  it('keeps hostile attribute names and values as data', () => {
    const [a] = extract('assets:\n  - id: a\n    type: host\n    name: "bell\\a"\n    attributes: { __proto__: polluted, constructor: 1 }\n');
    expect(Object.hasOwn(a!.attributes, '__proto__')).toBe(true);
    expect(a!.attributes.constructor).toBe(1);
    expect(a!.name).toBe('bell\u0007');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('every inventory connector', () => {
  it.each([...inventoryConnectors.values()])('$name keeps the inventory contract', (c) => {
    expect(c.kind).toBe('inventory');
    expect(['yaml', 'json', 'csv', 'github']).toContain(c.format);
    expect(c.description.length).toBeGreaterThan(10);
    expect(typeof c.extract).toBe('function');
    expect(c.options.every((o) => ['org', 'include_archived', 'codeowners', 'asset'].includes(o))).toBe(true);
    if (c.format === 'github') expect(typeof c.fetch).toBe('function');
    // Any input that is not its format is a ReportError (a located problem), never a crash.
    for (const doc of [null, 42, [], {}, JSON.parse('{"__proto__": {"assets": []}}')]) {
      if (c.name === 'inventory-yaml') continue; // validated against its schema by the shell first
      expect(() => c.extract(doc, { file: 'x', options: {} })).toThrow(expect.objectContaining({ name: 'ReportError' }));
    }
  });

  it('are the five documented ones', () => {
    expect([...inventoryConnectors.keys()].sort()).toEqual(['github-repos', 'inventory-csv', 'inventory-yaml', 'sbom-cyclonedx', 'sbom-spdx']);
  });
});
