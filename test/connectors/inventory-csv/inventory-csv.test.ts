import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inventoryCsvConnector } from '../../../connectors/inventory-csv/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { fixture } from '../../support/corpus.ts';

const text = readFileSync(fixture('inventory', 'cmdb-export.csv'), 'utf8');
const read = (csv: string) => inventoryCsvConnector.extract(csv, { file: 'cmdb.csv', options: {} });

/** The error a malformed file gives, as `line N: message`. */
function errorOf(csv: string): string {
  try {
    read(csv);
  } catch (e) {
    if (e instanceof ReportError) return `line ${e.line}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

const HEADER = 'id,type,name,aliases,tags,repository,exposure';

describe('the CSV inventory', () => {
  const assets = read(text);

  it('reads every record of a CMDB export: 12 assets, in file order', () => {
    expect(assets.map((a) => a.id)).toEqual([
      'payments-api', 'payments-db', 'billing-worker-01', 'billing-worker-02', 'storefront-web', 'storefront-cdn',
      'edge-gateway', 'ci-runner-a', 'metrics-stack', 'data-lake', 'legacy-ftp', 'hackathon-bot',
    ]);
  });

  it('maps the documented columns, splitting aliases and tags on semicolons', () => {
    expect(assets[0]).toEqual({
      id: 'payments-api',
      type: 'service',
      name: 'Payments API',
      aliases: ['ghcr.io/acme-robotics/payments-api', 'payments.acme.example'],
      tags: ['payments', 'pci'],
      repository: 'acme-robotics/payments-api',
      exposure: 'internet',
      attributes: { env: 'prod', tier: 1, cost_centre: 'CC-0042' },
      source: 'cmdb.csv',
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(assets[1]!.name).toBe('Payments database (RDS, primary)');
    expect(assets[1]!.attributes.notes).toBe('Multi-AZ; snapshots every 6 h');
    expect(assets[7]!.name).toBe('CI runner "A"');
    expect(assets[7]!.attributes.notes).toBe('Self-hosted runner.\nRebuilt weekly.');
  });

  it('leaves out empty cells, and types canonical numbers and booleans in attributes', () => {
    const bot = assets[11]!;
    expect(bot).not.toHaveProperty('name');
    expect(bot).not.toHaveProperty('exposure');
    expect(bot.aliases).toEqual([]);
    expect(bot.attributes).toEqual({ tier: false });
    expect(read(`${HEADER},attr.a,attr.b,attr.c,attr.d\nx,host,,,,,,007,1.50,-2.5,1e3\n`)[0]!.attributes).toEqual({ a: '007', b: '1.50', c: -2.5, d: '1e3' });
  });

  it('locates each asset on the line its record starts', () => {
    expect(inventoryCsvConnector.locate!(text, 0)).toEqual({ line: 2 });
    expect(inventoryCsvConnector.locate!(text, 8)).toEqual({ line: 11 }); // after the two-line record of ci-runner-a
  });

  it('reads LF files and files with a byte order mark alike', () => {
    expect(read(text.replace(/\r\n/g, '\n'))).toEqual(assets);
    expect(read(`\uFEFF${text}`)).toEqual(assets);
  });

  it('needs only the id and type columns, in any order', () => {
    expect(read('type,id\nhost,web-01\n')).toEqual([{ id: 'web-01', type: 'host', aliases: [], tags: [], attributes: {}, source: 'cmdb.csv' }]);
    expect(read('id,type\n')).toEqual([]);
  });

  it('skips blank lines', () => {
    expect(read('id,type\n\nweb-01,host\n\n').map((a) => a.id)).toEqual(['web-01']);
  });
});

describe('a malformed CSV inventory', () => {
  it('is an empty file', () => {
    expect(errorOf('')).toBe('line 1: the file is empty: expected a header row (id,type,...)');
  });

  it('lacks a required column', () => {
    expect(errorOf('id,name\nx,y\n')).toBe("line 1: header: no 'type' column (required)");
  });

  it('has an unknown column, with a suggestion', () => {
    expect(errorOf('id,type,tag\nx,host,a\n')).toBe(
      "line 1: header: unknown column \"tag\" (did you mean 'tags'?); columns are id, type, name, aliases, tags, repository, exposure and attr.NAME for attributes",
    );
  });

  it('has a column twice', () => {
    expect(errorOf('id,type,id\n')).toBe('line 1: header: column "id" appears twice');
  });

  it('has a record with the wrong number of fields', () => {
    expect(errorOf('id,type\nweb-01,host\nweb-02\n')).toBe('line 3: the record has 1 field(s), the header 2');
  });

  it('has a wrong value, named with its column', () => {
    expect(errorOf('id,type\nweb-01,servce\n')).toBe(
      'line 2: type: "servce" is not an asset type (did you mean \'service\'?); one of repository, image, host, service, cloud-resource, package, other',
    );
    expect(errorOf('id,type\nWeb 01,host\n')).toMatch(/^line 2: id: "Web 01" is not an asset id/);
    expect(errorOf('id,type\n,host\n')).toBe('line 2: id: is required');
    expect(errorOf('id,type,exposure\nx,host,public\n')).toMatch(/^line 2: exposure: "public" is not one of internet, internal, isolated/);
    expect(errorOf('id,type,repository\nx,host,https://github.com/a/b\n')).toBe('line 2: repository: "https://github.com/a/b" is not owner/name');
  });

  it('states an id twice', () => {
    expect(errorOf('id,type\nweb-01,host\nweb-02,host\nweb-01,host\n')).toBe("line 4: duplicate asset id 'web-01' (first on line 2)");
  });

  it('has a quote in the wrong place, or one never closed', () => {
    expect(errorOf('id,type,name\nx,host,"a"b\n')).toMatch(/^line 2: unexpected "b" after a closing quote/);
    expect(errorOf('id,type,name\nx,host,ok\ny,host,"never closed\nz,host,more\n')).toBe(
      'line 3: a quoted field is never closed (a quote inside a quoted field is written "")',
    );
  });
});

describe('hostile CSV content', () => {
  it('keeps `__proto__` and `constructor` attribute columns as data', () => {
    const [a] = read('id,type,attr.__proto__,attr.constructor\nx,host,polluted,yes\n');
    expect(Object.hasOwn(a!.attributes, '__proto__')).toBe(true);
    expect(a!.attributes['__proto__']).toBe('polluted');
    expect(Object.getPrototypeOf(a!.attributes)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('carries control characters and huge values unchanged', () => {
    const huge = 'x'.repeat(1_000_000);
    const [a] = read(`id,type,name,attr.note\nx,host,"bell\u0007 esc\u001b[31m",${huge}\n`);
    expect(a!.name).toBe('bell\u0007 esc\u001b[31m');
    expect(a!.attributes.note).toBe(huge);
  });

  it('shortens a huge column name in its message', () => {
    const message = errorOf(`id,type,${'z'.repeat(10_000)}\n`);
    expect(message.length).toBeLessThan(300);
  });
});
