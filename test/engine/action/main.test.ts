/**
 * The Action's checked-in bundle is also the entry of ingest's worker threads: a
 * worker started on dist/index.js for ingest reads report files and runs no Action.
 * (CI checks separately that the bundle is what the sources build to.)
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readCompact } from '../../../engine/discover/threads/compact.ts';
import { INGEST_WORKER_ROLE, type FileJob, type IngestWorkerData, type WorkerMessage } from '../../../engine/discover/threads/protocol.ts';
import { fixture, repoRoot } from '../../support/corpus.ts';
import { join } from 'node:path';

describe('the Action bundle as an ingest worker', () => {
  it('reads the files it is given, posts their findings, and says when it is done', async () => {
    const jobs: FileJob[] = [
      { path: fixture('trivy', 'trivy-ubuntu-1804.json'), display: 'trivy.json', connector: 'auto', options: undefined, sourceName: 'a' },
      { path: fixture('sarif', 'codeql-action-INVALID-results-number.sarif'), display: 'bad.sarif', connector: 'auto', options: undefined, sourceName: 'a' },
    ];
    const data: IngestWorkerData = { role: INGEST_WORKER_ROLE, assets: [], jobs, next: new SharedArrayBuffer(4) };
    const worker = new Worker(join(repoRoot, 'dist', 'index.js'), { workerData: data, env: {} });
    const messages: WorkerMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        messages.push(m);
        if ('done' in m) resolve();
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(messages.length).toBe(3);
    const [good, bad] = messages as Extract<WorkerMessage, { id: number }>[];
    expect(good).toMatchObject({ id: 0, ok: true, connector: 'trivy' });
    const findings = good!.ok ? [...readCompact(good!.batch)] : [];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ kind: 'vulnerability', asset: 'testdata/fixtures/images/ubuntu-1804.tar.gz' });
    expect(bad).toMatchObject({ id: 1, ok: false, exitCode: 4 });
    expect(!bad!.ok && 'problems' in bad! ? bad!.problems[0]!.message : '').toBe('not a valid sarif report: $.runs[0].results must be an array, got number');
  });
});
