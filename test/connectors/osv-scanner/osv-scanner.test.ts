/**
 * What the OSV-Scanner connector makes of packages, groups and OSV records.
 */
import { describe, expect, it } from 'vitest';
import { osvScannerConnector } from '../../../connectors/osv-scanner/index.ts';
import { extractAll, readFixture } from '../shared/fixture-files.ts';

const extract = (doc: unknown) => extractAll(osvScannerConnector, doc, 'osv.json');
const fixtureFindings = (file: string) => extract(readFixture('osv', file).doc);

const record = (id: string, extra: Record<string, unknown> = {}) => ({ id, modified: '2024-01-01T00:00:00Z', ...extra });
const output = (packages: unknown[], path = '/repo/Cargo.lock') => ({ results: [{ source: { path, type: 'lockfile' }, packages }] });
const pkg = (vulnerabilities: unknown[], groups?: unknown[], name = 'regex', ecosystem = 'crates.io', version = '1.5.1') => ({
  package: { name, version, ecosystem },
  vulnerabilities,
  ...(groups !== undefined ? { groups } : {}),
});

describe('OSV-Scanner groups: one finding per (package, group)', () => {
  it('merges the aliased records of a group into one finding', () => {
    const net = fixtureFindings('osv-scanner-results-debian.json').filter((f) => f.package!.name === 'golang.org/x/net');
    // 5 records, 3 groups: {GHSA-fxg5…, GO-2023-1495}, {GO-2022-1144}, {GHSA-vvpx…, GO-2023-1571}
    expect(net.map((f) => f.ruleId)).toEqual(['GHSA-fxg5-wq6x-vr4w', 'GO-2022-1144', 'GHSA-vvpx-j8f3-3w6h']);
    expect(net[0]).toMatchObject({
      vulnerabilityId: 'CVE-2022-41721',
      aliases: ['CVE-2022-41721', 'GHSA-FXG5-WQ6X-VR4W', 'GO-2023-1495'],
      title: 'golang.org/x/net/http2/h2c vulnerable to request smuggling attack',
      severity: 'high',
      cwe: ['CWE-444'],
      sources: [{ nativeId: 'GHSA-fxg5-wq6x-vr4w,GO-2023-1495' }],
    });
  });

  it('keeps records OSV-Scanner put in separate groups as separate findings', () => {
    const ascii = fixtureFindings('osv-scanner-results-debian.json').filter((f) => f.package!.name === 'ascii');
    expect(ascii.map((f) => f.ruleId)).toEqual(['GHSA-mrrw-grhq-86gf', 'RUSTSEC-2023-0015']);
  });

  it('makes each vulnerability that no group names a group of its own (output without groups)', () => {
    const findings = extract(output([pkg([record('GHSA-m5pq-gvj9-9vr8', { aliases: ['CVE-2022-24713'] }), record('RUSTSEC-2022-0013')])]));
    expect(findings.map((f) => f.ruleId)).toEqual(['GHSA-m5pq-gvj9-9vr8', 'RUSTSEC-2022-0013']);
    expect(findings[0]!.vulnerabilityId).toBe('CVE-2022-24713');
  });

  it('orders findings by their first record, mixing grouped and ungrouped ones', () => {
    const findings = extract(output([pkg([record('A-1'), record('B-1'), record('C-1')], [{ ids: ['C-1', 'B-1'] }])]));
    expect(findings.map((f) => f.sources[0]!.nativeId)).toEqual(['A-1', 'C-1,B-1']);
    expect(findings[1]!.ruleId).toBe('C-1'); // the group's first id is the representative
  });

  it('adds the group’s own aliases', () => {
    const [f] = extract(output([pkg([record('RUSTSEC-2023-0018')], [{ ids: ['RUSTSEC-2023-0018'], aliases: ['GHSA-mc8h-8q98-g5hr', 'RUSTSEC-2023-0018'] }])]));
    expect(f).toMatchObject({ aliases: ['GHSA-MC8H-8Q98-G5HR', 'RUSTSEC-2023-0018'], vulnerabilityId: 'GHSA-MC8H-8Q98-G5HR' });
  });
});

describe('OSV records as findings', () => {
  it('carries the CVSS vector, with its version read from the vector', () => {
    const [, regex] = fixtureFindings('osv-scanner-results-go-rust.json');
    expect(regex!.cvss).toEqual({ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' });
    const [f] = extract(
      output([
        pkg([
          record('X-1', {
            severity: [
              { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
              { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
            ],
          }),
        ]),
      ]),
    );
    expect(f!.cvss).toMatchObject({ version: '4.0' });
  });

  it('derives fixed versions from the fixed events of this package’s ranges only', () => {
    const net = fixtureFindings('osv-scanner-results-debian.json').find((f) => f.ruleId === 'GO-2022-1144');
    // GO-2022-1144 fixes stdlib at 1.18.9 / 1.19.4 and golang.org/x/net at 0.4.0
    expect(net!.package!.fixedVersions).toEqual(['0.4.0']);
    const smallvec = fixtureFindings('osv-scanner-results-multi-package.json').find((f) => f.package!.name === 'smallvec');
    expect(smallvec!.package!.fixedVersions).toEqual(['1.6.1']); // 0.6.14 fixes an older branch than the installed 1.6.0
  });

  it('prefers affected entries of the exact ecosystem release, and ignores GIT ranges', () => {
    const affected = [
      { package: { name: 'openssl', ecosystem: 'Debian:11' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1n-0+deb11u1' }] }] },
      { package: { name: 'openssl', ecosystem: 'Debian:10' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1n-0+deb10u1' }] }] },
      { package: { name: 'openssl', ecosystem: 'Debian:10' }, ranges: [{ type: 'GIT', repo: 'https://x', events: [{ introduced: '0' }, { fixed: 'abc123' }] }] },
    ];
    const [f] = extract(output([pkg([record('CVE-2022-0778', { affected })], undefined, 'openssl', 'Debian:10', '1.1.1d-0+deb10u7')]));
    expect(f!.package).toEqual({
      name: 'openssl',
      ecosystem: 'deb',
      purl: 'pkg:deb/debian/openssl@1.1.1d-0%2Bdeb10u7',
      installedVersion: '1.1.1d-0+deb10u7',
      fixedVersions: ['1.1.1n-0+deb10u1'],
    });
  });

  it('takes severity from the database’s word first, then the group’s max_severity score, then Debian urgency', () => {
    const words = fixtureFindings('osv-scanner-results-debian.json');
    expect(words.find((f) => f.ruleId === 'GHSA-wcg3-cvx6-7396')!.severity).toBe('medium'); // MODERATE
    expect(words.find((f) => f.ruleId === 'CVE-2024-1013')!.severity).toBe('info'); // urgency unimportant
    expect(words.find((f) => f.ruleId === 'CVE-2024-3847')!.severity).toBe('low'); // urgency low
    const [scored] = extract(output([pkg([record('X-1')], [{ ids: ['X-1'], max_severity: '9.8' }])]));
    expect(scored!.severity).toBe('critical');
    const [none] = extract(output([pkg([record('X-1')])]));
    expect(none!.severity).toBe('unknown');
  });

  it('links to the representative record on osv.dev and builds the package purl', () => {
    const [first] = fixtureFindings('osv-scanner-results-multi-package.json');
    expect(first).toMatchObject({
      helpUri: 'https://osv.dev/vulnerability/GHSA-qc84-gqf4-9926',
      package: { name: 'crossbeam-utils', ecosystem: 'cargo', purl: 'pkg:cargo/crossbeam-utils@0.6.6', installedVersion: '0.6.6' },
      target: '/path/to/Cargo.lock',
    });
  });

  it('uses summary and details, falling back to the id when no record has a summary', () => {
    const [withText] = extract(output([pkg([record('X-1', { summary: '', details: '' }), record('X-2', { summary: 'Second', details: 'More' })], [{ ids: ['X-1', 'X-2'] }])]));
    expect(withText).toMatchObject({ ruleId: 'X-1', title: 'Second', description: 'More' });
    const [bare] = extract(output([pkg([record('X-1')])]));
    expect(bare!.title).toBe('X-1 in regex');
  });
});

describe('OSV-Scanner output without findings', () => {
  it('yields nothing for a clean scan or a package without vulnerabilities', () => {
    expect(extract({ results: [] })).toEqual([]);
    expect(extract(output([{ package: { name: 'serde', version: '1.0.0', ecosystem: 'crates.io' } }]))).toEqual([]);
  });
});
