/**
 * Worker threads that ingest report files (worker.ts), seen from the main thread:
 * start them (they take their files themselves, from a counter shared with the main
 * thread), and turn what comes back into findings.
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
import { internFinding } from '../intern.ts';
import { readCompact } from './compact.ts';
import { INGEST_WORKER_ROLE, type FileJobResult, type IngestWorkerData, type WorkerMessage } from './protocol.ts';

/**
 * Reports smaller than this in total are read on the main thread alone. Starting a
 * worker costs about 0.25 s from the Action's bundle and 1.2 to 1.6 s (2 s of CPU)
 * from the sources through tsx, on two cores shared with the main thread: on the
 * generated estate, 85 MB of reports were read 30% slower with a worker, 425 MB about
 * 25% faster (docs/scale.md).
 */
export const POOL_MIN_BYTES = 128 * 1024 * 1024;
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

/** Starts one worker thread that serves ingest jobs (tests give their own, to see a worker die). */
export type WorkerFactory = (data: IngestWorkerData) => Worker;

/**
 * Worker threads working through a run's report files. Each takes its next file
 * from the shared counter in `data.next` (the main thread takes from it too), posts
 * each result to `onResult` as it finishes, and stops when none is left. A worker
 * that dies is simply gone: the files it took and did not finish have no result,
 * and the caller reads them itself.
 */
export class IngestPool {
  private readonly workers: Worker[] = [];
  private running: number;

  constructor(
    size: number,
    data: Omit<IngestWorkerData, 'role' | 'slot'>,
    onResult: (r: FileJobResult) => void,
    /** Called when a worker stops (finished or died). */
    onStop: () => void = () => {},
    startOne: WorkerFactory = startWorker,
  ) {
    this.running = size;
    for (let i = 0; i < size; i++) {
      const worker = startOne({ role: INGEST_WORKER_ROLE, ...data, slot: i });
      let over = false;
      const stop = () => {
        if (over) return;
        over = true;
        this.running--;
        onStop();
      };
      worker.on('message', (m: WorkerMessage) => {
        if ('done' in m) stop();
        else if (!over) onResult(m);
      });
      worker.on('error', stop);
      worker.on('exit', stop);
      this.workers.push(worker);
    }
  }

  /** How many workers are still working (not finished, not dead). */
  get working(): number {
    return this.running;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/**
 * A worker running worker.ts. From the sources (the CLI, tests, the bench) TypeScript
 * is loaded through tsx, registered in the worker first; from the Action's bundle the
 * worker runs the bundle itself, which serves jobs because of its `workerData.role`.
 */
export function startWorker(data: IngestWorkerData): Worker {
  const here = import.meta.url;
  return moduleWorker(here.endsWith('.ts') ? new URL('./worker.ts', here).href : here, data);
}

/** A worker running the module at `url`: a TypeScript one through tsx, registered in the worker first. */
export function moduleWorker(url: string, workerData: unknown): Worker {
  if (!url.endsWith('.ts')) return new Worker(new URL(url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
