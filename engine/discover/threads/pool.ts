/**
 * Worker threads that ingest report files (worker.ts), seen from the main thread:
 * start them, give each one file at a time, and turn what comes back into findings.
 *
 * Why threads: one core's `JSON.parse` is the floor of ingest, and reading,
 * extracting and fingerprinting cost about twice that again (docs/scale.md). The
 * main thread keeps ingesting too; a worker's findings cost it only the building of
 * plain objects from a compact batch and the sharing of their strings.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CtemError, ExitCode } from '../../errors.ts';
import type { Finding } from '../../model/finding.ts';
import type { InventoryAsset } from '../../model/asset.ts';
import { internFinding } from '../intern.ts';
import { readCompact } from './compact.ts';
import { INGEST_WORKER_ROLE, type FileJob, type FileJobResult, type IngestWorkerData } from './protocol.ts';

/** Ingested reports smaller than this in total are read on the main thread alone: starting a worker costs more. */
export const POOL_MIN_BYTES = 16 * 1024 * 1024;
/** More workers than this buy little: the main thread building their findings becomes the limit. */
const MAX_WORKERS = 3;

/**
 * How many worker threads to start beside the main thread: `CTEM_INGEST_THREADS` if
 * set (0 turns them off), else one fewer than the cores, at most three.
 */
export function ingestThreads(env: Record<string, string | undefined> = {}, cores = availableParallelism()): number {
  const given = env.CTEM_INGEST_THREADS;
  if (given !== undefined && given.trim() !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0) {
      throw new CtemError(
        { code: 'usage', severity: 'error', message: `CTEM_INGEST_THREADS must be a whole number of threads, not '${given}'`, hint: '0 reads every report on the main thread' },
        ExitCode.usage,
      );
    }
    return n;
  }
  return Math.max(0, Math.min(cores - 1, MAX_WORKERS));
}

/** What a worker's job came to: findings, or the file's problems as the main thread would have thrown them. */
export type JobOutcome = { connector: string; findings: Finding[]; unresolved: string[] } | { error: CtemError };

/** The outcome of a worker's result, its findings built and their strings shared on this thread. */
export function outcomeOf(result: FileJobResult): JobOutcome {
  if (result.ok) {
    const findings: Finding[] = new Array(result.batch.count);
    let i = 0;
    for (const f of readCompact(result.batch)) findings[i++] = internFinding(f as Finding);
    return { connector: result.connector, findings, unresolved: result.unresolved };
  }
  if ('problems' in result) return { error: new CtemError(result.problems, result.exitCode as ExitCode) };
  throw new Error(`an ingest worker failed: ${result.crash}`);
}

interface Slot {
  worker: Worker;
  job?: { job: FileJob; done: (r: FileJobResult) => void; failed: (err: Error) => void };
}

/** Starts one worker thread that serves ingest jobs (tests give their own, to see a worker die). */
export type WorkerFactory = (data: IngestWorkerData) => Worker;

export class IngestPool {
  private readonly slots: Slot[] = [];

  constructor(size: number, assets: readonly InventoryAsset[], startOne: WorkerFactory = startWorker) {
    const data: IngestWorkerData = { role: INGEST_WORKER_ROLE, assets };
    for (let i = 0; i < size; i++) this.slots.push(this.start(startOne(data)));
  }

  /** Whether a worker is free for a job. */
  get idle(): boolean {
    return this.slots.some((s) => s.job === undefined);
  }

  /** How many workers are still alive. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Ingest one file on a free worker (call only when `idle`). Rejects if the worker
   * dies meanwhile; the worker is then gone from the pool, and the file is the
   * caller's to read again.
   */
  run(job: FileJob): Promise<FileJobResult> {
    const slot = this.slots.find((s) => s.job === undefined);
    if (slot === undefined) throw new Error('no idle ingest worker');
    return new Promise((done, failed) => {
      slot.job = { job, done, failed };
      slot.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private start(worker: Worker): Slot {
    const slot: Slot = { worker };
    slot.worker.on('message', (r: FileJobResult) => {
      const job = slot.job;
      slot.job = undefined;
      job?.done(r);
    });
    const retire = (err: Error) => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      const job = slot.job;
      slot.job = undefined;
      job?.failed(err);
      void slot.worker.terminate();
    };
    slot.worker.on('error', retire);
    slot.worker.on('exit', (code) => retire(new Error(`an ingest worker stopped (exit code ${code})`)));
    return slot;
  }
}

/**
 * A worker running worker.ts. From the sources (the CLI, tests, the bench) TypeScript
 * is loaded through tsx, registered in the worker first; from the Action's bundle the
 * worker runs the bundle itself, which serves jobs because of its `workerData.role`.
 */
export function startWorker(data: IngestWorkerData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(here), { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const target = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}
