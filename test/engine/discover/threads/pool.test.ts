/**
 * Ingest on worker threads: whatever the threads do, and in whatever order their
 * files finish, the result is the main thread's alone, finding for finding, problem
 * for problem; a worker that dies hands its file back.
 */
import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../../engine/config/schema/ctem.ts';
import { ingestSources, type SourcesOptions } from '../../../../engine/discover/ingest.ts';
import { ingestThreads, POOL_MIN_BYTES, type WorkerFactory } from '../../../../engine/discover/threads/pool.ts';
import { CtemError } from '../../../../engine/errors.ts';
import type { InventoryAsset } from '../../../../engine/model/asset.ts';
import { buildAssetIndex } from '../../../../engine/scope/asset-index.ts';
import { fixture } from '../../../support/corpus.ts';
import { tempDir } from '../../../support/temp-dir.ts';

const asset = (id: string, aliases: string[]): InventoryAsset => ({ id, type: 'image', aliases, tags: [], attributes: {}, source: 'test' });
const index = buildAssetIndex([
  asset('keycloak', ['docker.io/keycloak/keycloak']),
  asset('ruby', ['cgr.dev/chainguard/ruby']),
  asset('ubuntu', ['testdata/fixtures/images/ubuntu-1804.tar.gz']),
]);

// The line formats too (every file connector), one of them broken on its last line.
const lines = tempDir('ctem-pool-');
const ndjson = lines.write('findings.ndjson', '{"ruleId":"R1","kind":"code","asset":"web","title":"first","cwe":["CWE-79"]}\n{"ruleId":"R2","kind":"secret","asset":"keycloak"}\n');
const csv = lines.write('hosts.csv', 'Host,CVE,Risk\nweb-01,CVE-2023-4863,High\ndocker.io/keycloak/keycloak,CVE-2023-4863,Critical\n');
const brokenCsv = lines.write('broken.csv', 'ruleId,kind,asset\nR4,code,web\nR6,"code\n');

// Real reports of five tools, good, malformed and unrecognised ones, a source pinned to an asset, an optional one.
const sources: SourceConfig[] = [
  { name: 'scanners', connector: 'auto', path: '{trivy,grype,sarif,osv}/*.{json,sarif}' },
  { name: 'pinned', connector: 'trivy', path: 'trivy/*.json', asset: 'ubuntu' },
  { name: 'maybe', connector: 'sarif', path: 'sarif/*INVALID*.sarif', optional: true },
  { name: 'absent', connector: 'grype', path: 'grype/none-*.json', optional: true },
  { name: 'lines', connector: 'auto', path: ndjson },
  { name: 'nessus', connector: 'csv', path: csv, options: { mapping: { id: 'CVE', severity: 'Risk', asset: 'Host' } } },
  { name: 'broken', connector: 'csv', path: brokenCsv },
];
const ingest = (opts: SourcesOptions) => ingestSources(fixture(), sources, index, opts);

describe('ingest on worker threads', () => {
  it('gives exactly what the main thread alone gives, with one, two or three workers', async () => {
    const alone = await ingest({ threads: 0 });
    expect(alone.workerFiles).toBe(0);
    let fileCount = 0;
    for (const s of sources) fileCount += isAbsolute(s.path!) ? 1 : (await glob(s.path!, { cwd: fixture() })).length;
    expect(alone.findings.length).toBeGreaterThan(500);
    expect(new Set(alone.stats.map((st) => st.connector))).toEqual(new Set(['trivy', 'grype', 'sarif', 'osv-scanner', 'ndjson', 'csv']));
    expect(alone.problems.filter((p) => p.severity === 'error').length).toBeGreaterThan(5);
    expect(alone.problems.filter((p) => p.severity === 'warning').length).toBeGreaterThan(1);
    for (const threads of [1, 2, 3]) {
      // The main thread reads none, so that the workers read every file (they would otherwise start too late to get any).
      const shared = await ingest({ threads, poolMinBytes: 0, mainReadsFiles: false });
      expect(shared.workerFiles).toBe(fileCount);
      expect({ ...shared, workerFiles: 0 }).toStrictEqual({ ...alone, workerFiles: 0 });
      const mixed = await ingest({ threads, poolMinBytes: 0 });
      expect({ ...mixed, workerFiles: 0 }).toStrictEqual({ ...alone, workerFiles: 0 });
      expect({ ...shared, workerFiles: 0 }).toStrictEqual({ ...alone, workerFiles: 0 });
      // Same text too: key order is part of every output.
      expect(JSON.stringify(shared.findings)).toBe(JSON.stringify(alone.findings));
      expect([...shared.unresolved]).toEqual([...alone.unresolved]);
    }
  }, 60_000);

  it('shares a worker\'s repeated strings on the main thread, and freezes its shared lists', async () => {
    const shared = await ingest({ threads: 1, poolMinBytes: 0, mainReadsFiles: false });
    const withAliases = shared.findings.filter((f) => f.aliases.length > 0);
    expect(withAliases.length).toBeGreaterThan(0);
    expect(withAliases.every((f) => Object.isFrozen(f.aliases))).toBe(true);
  }, 60_000);

  it('reads small inputs on the main thread alone: a worker costs more to start than they take', async () => {
    const small = await ingest({ threads: 2 });
    expect(POOL_MIN_BYTES).toBeGreaterThan(1024 * 1024);
    expect(small.workerFiles).toBe(0);
  });

  it('reads the file of a worker that dies on the main thread, and still gives the same result', async () => {
    const alone = await ingest({ threads: 0 });
    const stolen: number[] = [];
    // A worker that takes a file and stops dead, as one out of memory would.
    const dying: WorkerFactory = (data) => {
      stolen.push(Atomics.add(new Int32Array(data.next), 0, 1));
      return new Worker('process.exit(3);', { eval: true });
    };
    const survived = await ingest({ threads: 2, poolMinBytes: 0, startWorker: dying, mainReadsFiles: false });
    expect(stolen).toEqual([0, 1]);
    expect(survived.workerFiles).toBe(0);
    expect({ ...survived, workerFiles: 0 }).toStrictEqual({ ...alone, workerFiles: 0 });
  }, 60_000);

  it('fails the run on a worker\'s internal error, as the main thread would, and names it', async () => {
    const crashing: WorkerFactory = (data) => {
      const id = Atomics.add(new Int32Array(data.next), 0, 1);
      return new Worker(`require('node:worker_threads').parentPort.postMessage({ id: ${id}, ok: false, crash: 'TypeError: boom' });`, { eval: true });
    };
    await expect(ingest({ threads: 1, poolMinBytes: 0, startWorker: crashing })).rejects.toThrow('an ingest worker failed: TypeError: boom');
  });
});

describe('how many ingest threads', () => {
  it('is one fewer than the cores, at most three, by default', () => {
    expect(ingestThreads({}, 1)).toBe(0);
    expect(ingestThreads({}, 2)).toBe(1);
    expect(ingestThreads({}, 4)).toBe(3);
    expect(ingestThreads({}, 64)).toBe(3);
  });

  it('is what CTEM_INGEST_THREADS says, 0 for none', () => {
    expect(ingestThreads({ CTEM_INGEST_THREADS: '0' }, 8)).toBe(0);
    expect(ingestThreads({ CTEM_INGEST_THREADS: '6' }, 2)).toBe(6);
    expect(ingestThreads({ CTEM_INGEST_THREADS: ' ' }, 2)).toBe(1);
  });

  it('refuses a CTEM_INGEST_THREADS that is not a whole number, saying what it should be', () => {
    for (const bad of ['two', '-1', '1.5']) {
      expect(() => ingestThreads({ CTEM_INGEST_THREADS: bad })).toThrow(CtemError);
      expect(() => ingestThreads({ CTEM_INGEST_THREADS: bad })).toThrow(`CTEM_INGEST_THREADS must be a whole number of threads, not '${bad}'`);
    }
  });
});
