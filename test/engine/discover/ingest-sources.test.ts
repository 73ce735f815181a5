/**
 * The discovery shell over configured sources: every format by name or by
 * detection, all-or-nothing per source, optional sources as warnings, GitHub sources
 * through an injected client.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../engine/config/schema/ctem.ts';
import { ingestSources } from '../../../engine/discover/ingest.ts';
import { CtemError, formatProblem } from '../../../engine/errors.ts';
import { buildAssetIndex } from '../../../engine/scope/asset-index.ts';
import { fixture } from '../../support/corpus.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('ctem-sources-');
mkdirSync(join(tmp.dir, 'reports'));
const copy = (folder: string, name: string, as = name) => copyFileSync(fixture(folder, name), join(tmp.dir, 'reports', as));
copy('trivy', 'trivy-ubuntu-1804.json');
copy('sarif', 'codeql-2.24.2-python.sarif');
copy('grype', 'grype-keycloak-21.0.2.json');
copy('osv', 'osv-scanner-results-go-rust.json');
tmp.write('reports/findings.ndjson', '{"ruleId":"R1","kind":"code","asset":"web"}\n{"ruleId":"R2","kind":"secret","asset":"web"}\n');
tmp.write('reports/findings.csv', 'ruleId,kind,asset\nR3,misconfiguration,web\n');
tmp.write('reports/broken.csv', 'ruleId,kind,asset\nR4,code,web\nR5,code,web\nR6,"code\n');
tmp.write('reports/nessus.csv', 'Host,CVE,Risk\nweb-01,CVE-2023-4863,High\nweb-02,CVE-2023-4863,Critical\n');

const index = buildAssetIndex([]);
const ingest = (sources: SourceConfig[], opts = {}) => ingestSources(tmp.dir, sources, index, opts);

describe('ingesting configured sources', () => {
  it('detects every file format with connector auto, and counts each source', async () => {
    const r = await ingest([{ name: 'all', connector: 'auto', path: 'reports/{*.json,*.sarif,findings.*}' }]);
    expect(r.problems).toEqual([]);
    expect(r.stats.map((s) => [s.file, s.connector])).toEqual([
      ['reports/codeql-2.24.2-python.sarif', 'sarif'],
      ['reports/findings.csv', 'csv'],
      ['reports/findings.ndjson', 'ndjson'],
      ['reports/grype-keycloak-21.0.2.json', 'grype'],
      ['reports/osv-scanner-results-go-rust.json', 'osv-scanner'],
      ['reports/trivy-ubuntu-1804.json', 'trivy'],
    ]);
    expect(r.findings.length).toBe(r.stats.reduce((n, s) => n + s.findings, 0));
  });

  it('passes a source\'s options to its connector', async () => {
    const r = await ingest([{ name: 'nessus', connector: 'csv', path: 'reports/nessus.csv', options: { mapping: { id: 'CVE', severity: 'Risk', asset: 'Host' } } }]);
    expect(r.problems).toEqual([]);
    expect(r.findings.map((f) => [f.asset, f.ruleId, f.severity])).toEqual([
      ['web-01', 'CVE-2023-4863', 'high'],
      ['web-02', 'CVE-2023-4863', 'critical'],
    ]);
  });

  it('never half-ingests a source: a bad last record rejects the whole file', async () => {
    const r = await ingest([
      { name: 'good', connector: 'ndjson', path: 'reports/findings.ndjson' },
      { name: 'broken', connector: 'csv', path: 'reports/broken.csv' },
    ]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['R1', 'R2']);
    expect(r.problems.map(formatProblem)).toEqual(['reports/broken.csv:4:1: not a valid csv file: a quoted field opened on this line is never closed (is the file truncated?)']);
  });

  it('turns a broken optional source into a warning, and goes on without it', async () => {
    const r = await ingest([
      { name: 'broken', connector: 'csv', path: 'reports/broken.csv', optional: true },
      { name: 'missing', connector: 'trivy', path: 'reports/none.json', optional: true },
      { name: 'good', connector: 'ndjson', path: 'reports/findings.ndjson' },
    ]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['R1', 'R2']);
    expect(r.problems.map((p) => [p.severity, formatProblem(p)])).toEqual([
      ['warning', "reports/broken.csv:4:1: warning: not a valid csv file: a quoted field opened on this line is never closed (is the file truncated?) (optional source 'broken' skipped)"],
      ['warning', "reports/none.json: warning: file not found (optional source 'missing' skipped)"],
    ]);
    expect(r.stats.filter((s) => s.skipped !== undefined).map((s) => s.source)).toEqual(['broken', 'missing']);
  });

  it('reads a GitHub source through the client it is given, and fails clearly without one', async () => {
    const github = { name: 'deps', connector: 'github-dependabot', options: { repo: 'acme/api' } };
    const without = await ingest([github]);
    expect(without.problems.map(formatProblem)).toEqual(["github:acme/api: this source reads GitHub's API, and no GitHub client was configured"]);
    const denied = await ingest([{ ...github, optional: true }], {
      github: () => {
        throw new CtemError({ code: 'no-github-token', severity: 'error', message: 'GITHUB_TOKEN is not set' }, 4);
      },
    });
    expect(denied.problems.map(formatProblem)).toEqual(["github:acme/api: warning: GITHUB_TOKEN is not set (optional source 'deps' skipped)"]);
  });

  it('reads a large JSON report from a stream with the same result', async () => {
    const sources: SourceConfig[] = [{ name: 't', connector: 'auto', path: 'reports/trivy-ubuntu-1804.json' }];
    const whole = await ingest(sources);
    const streamed = await ingest(sources, { largeJsonBytes: 0 });
    expect(streamed.findings).toEqual(whole.findings);
    expect(streamed.findings).toHaveLength(5);
  });
});
