/**
 * The Action's checked-in bundle, started as the runner starts it (`node
 * dist/index.js`, inputs in INPUT_* variables), and as the entry of ingest's worker
 * threads: a worker started on dist/index.js for ingest reads report files and runs
 * no Action. (CI checks separately that the bundle is what the sources build to.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readCompact } from '../../../engine/discover/threads/compact.ts';
import { readingBuffer } from '../../../engine/discover/threads/reading.ts';
import { INGEST_WORKER_ROLE, type FileJob, type IngestWorkerData, type WorkerMessage } from '../../../engine/discover/threads/protocol.ts';
import { fixture, repoRoot } from '../../support/corpus.ts';
import { join } from 'node:path';

describe('the Action bundle as the runner starts it', () => {
  it('runs the command its inputs name, writes the step outputs and exits with the command\'s code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-action-main-'));
    try {
      const output = join(dir, 'output');
      const env = { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, INPUT_COMMAND: 'validate', INPUT_DIR: repoRoot };
      const ok = spawnSync(process.execPath, [join(repoRoot, 'dist', 'index.js')], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
      expect(ok.status).toBe(0);
      expect(await readFile(output, 'utf8')).toContain('exit-code=0\n');
      const bad = spawnSync(process.execPath, [join(repoRoot, 'dist', 'index.js')], { cwd: dir, env: { ...env, INPUT_COMMAND: 'nosuch' }, encoding: 'utf8', timeout: 60_000 });
      expect(bad.status).toBe(2);
      expect(bad.stdout + bad.stderr).toContain("::error::unknown action command 'nosuch'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the Action bundle as an ingest worker', () => {
  it('reads the files it is given, posts their findings, and says when it is done', async () => {
    const jobs: FileJob[] = [
      { path: fixture('trivy', 'trivy-ubuntu-1804.json'), display: 'trivy.json', connector: 'auto', options: undefined, sourceName: 'a' },
      { path: fixture('sarif', 'codeql-action-INVALID-results-number.sarif'), display: 'bad.sarif', connector: 'auto', options: undefined, sourceName: 'a' },
    ];
    const data: IngestWorkerData = { role: INGEST_WORKER_ROLE, assets: [], jobs, next: new SharedArrayBuffer(4), reading: readingBuffer(1), slot: 0 };
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
