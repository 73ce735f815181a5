/**
 * The benchmark's estate generator: deterministic (same seed and size, same
 * bytes), exact in what it promises (the number of raw findings), and realistic
 * in the ways the benchmark relies on — ctem reads every file, the same CVE in the
 * same package on the same image is reported by two tools, real KEV CVEs appear,
 * and the policy has 300 rules.
 */
import { readFile, readdir } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentEstate, generateEstate, type EstateManifest } from '../../bench/generate/estate.ts';
import { prepareRun } from '../../engine/app/prepare.ts';
import { mergeFindings } from '../../engine/discover/merge.ts';
import type { Finding } from '../../engine/model/finding.ts';

const SIZE = 0.0005;
const EPSS_ROWS = 3_000;
const NOW = '2026-11-28T12:00:00.000Z';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)));
  return out.sort();
}

describe('bench/generate', () => {
  let a: string;
  let b: string;
  let manifest: EstateManifest;
  let findings: Finding[];
  let rawFindings: number;

  beforeAll(async () => {
    a = await mkdtemp(join(tmpdir(), 'ctem-gen-'));
    b = await mkdtemp(join(tmpdir(), 'ctem-gen-'));
    manifest = await generateEstate({ seed: 3, size: SIZE, dir: a, epssRows: EPSS_ROWS });
    await generateEstate({ seed: 3, size: SIZE, dir: b, epssRows: EPSS_ROWS });
    const { prepared, problems } = await prepareRun(a, NOW);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    findings = prepared!.findings;
    rawFindings = prepared!.findingCount;
  }, 120_000);

  it('writes byte-identical estates for the same seed and size', async () => {
    const files = await listFiles(a);
    expect(await listFiles(b)).toEqual(files);
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) expect(await readFile(join(b, f), 'utf8'), f).toBe(await readFile(join(a, f), 'utf8'));
  });

  it('writes another estate for another seed', async () => {
    const c = await mkdtemp(join(tmpdir(), 'ctem-gen-'));
    await generateEstate({ seed: 4, size: SIZE, dir: c, epssRows: EPSS_ROWS });
    expect(await readFile(join(c, 'feeds', 'epss.csv'), 'utf8')).not.toBe(await readFile(join(a, 'feeds', 'epss.csv'), 'utf8'));
    expect(await listFiles(c)).not.toEqual(await listFiles(a));
  }, 60_000);

  it('holds exactly the raw findings it promises, and ctem reads every one of them', () => {
    expect(manifest.counts.findings.total).toBe(Math.round(1_000_000 * SIZE));
    expect(rawFindings).toBe(manifest.counts.findings.total);
    for (const k of ['trivy_images', 'grype_sarif', 'codeql_sarif', 'trivy_repos', 'ndjson'] as const) expect(manifest.counts.findings[k], k).toBeGreaterThan(0);
  });

  it('has the same CVE in the same package on the same image from Trivy and from a SARIF of another tool', () => {
    const both = mergeFindings(findings).filter((f) => f.sources.some((s) => s.connector === 'trivy') && f.sources.some((s) => s.connector === 'sarif'));
    expect(both.length).toBeGreaterThan(5);
    for (const f of both.slice(0, 20)) {
      expect(f.sources.map((s) => s.tool).sort()).toEqual(['Trivy', 'grype']);
      expect(f.vulnerabilityId).toMatch(/^CVE-\d{4}-\d+$/);
      expect(f.asset).toMatch(/^img-/);
    }
  });

  it('uses real CVE ids of the CISA KEV catalog, with the full catalog as the KEV feed', async () => {
    const kev = JSON.parse(await readFile(join(a, 'feeds', 'kev.json'), 'utf8')) as { count: number; vulnerabilities: { cveID: string }[] };
    expect(kev.count).toBe(1404);
    const kevIds = new Set(kev.vulnerabilities.map((v) => v.cveID));
    expect(findings.some((f) => f.vulnerabilityId !== undefined && kevIds.has(f.vulnerabilityId))).toBe(true);
  });

  it('labels the synthetic EPSS rows as synthetic', async () => {
    const head = (await readFile(join(a, 'feeds', 'epss.csv'), 'utf8')).split('\n', 2);
    expect(head[0]).toMatch(/^#model_version:v[\d.]+-synthetic,score_date:/);
    expect(manifest.counts.epss_rows).toBe(EPSS_ROWS);
  });

  it('has a policy of 300 rules, exceptions with expiries, scopes with owners, and an attack graph', async () => {
    expect(manifest.counts.rules).toBe(300);
    expect(manifest.counts.exceptions).toBeGreaterThanOrEqual(10);
    expect(manifest.counts.scopes).toBeGreaterThan(30);
    const edges = (await readFile(join(a, 'graph', 'edges.ndjson'), 'utf8')).trim().split('\n');
    expect(edges).toHaveLength(manifest.counts.edges);
    expect(JSON.parse(edges[0]!)).toEqual({ from: expect.any(String), to: expect.any(String), kind: expect.stringMatching(/^(network|trust|credentials|deploys-to|reads-from)$/) });
  });

  it('is reused only when generator, seed and size match', async () => {
    expect(await currentEstate(a, 3, SIZE, EPSS_ROWS)).toEqual(manifest);
    expect(await currentEstate(a, 3, SIZE * 2, EPSS_ROWS)).toBeUndefined();
    expect(await currentEstate(a, 5, SIZE, EPSS_ROWS)).toBeUndefined();
  });
});
