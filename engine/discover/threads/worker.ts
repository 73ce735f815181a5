/**
 * The worker-thread side of parallel ingest (pool.ts is the main-thread side). A
 * worker takes report files from the run's shared list, one at a time, and reads,
 * parses, extracts, resolves and fingerprints each exactly as the main thread would
 * (`forEachFileFinding`), handing the findings back in compact form (compact.ts).
 *
 * Loaded in a worker, this module starts work as soon as it is evaluated when the
 * worker was started for it (its `workerData.role`): the Action's bundle starts its
 * workers on the bundle itself, so the check is what keeps other workers and the
 * main thread from serving.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CtemError } from '../../errors.ts';
import { buildAssetIndex, type AssetIndex } from '../../scope/asset-index.ts';
import { sourceAssetResolver } from '../asset-resolver.ts';
import { forEachFileFinding } from '../ingest.ts';
import type { Progress } from '../progress.ts';
import { CompactWriter } from './compact.ts';
import { ReadingSlot } from './reading.ts';
import { INGEST_WORKER_ROLE, type FileJob, type FileJobResult, type IngestWorkerData, type WorkerMessage } from './protocol.ts';

/** One file's findings, compact, or its problems; never throws. */
async function ingestJob(id: number, job: FileJob, index: AssetIndex, reading: ReadingSlot): Promise<{ result: FileJobResult; transfer: ArrayBuffer[] }> {
  reading.begin(id);
  const progress: Progress = { start: () => ({ update: (bytes) => reading.read(bytes), stop: () => {} }) };
  const unresolved = new Set<string>();
  const resolveAsset = sourceAssetResolver(index, job.sourceAsset, job.sourceName, unresolved);
  const writer = new CompactWriter();
  try {
    const connector = await forEachFileFinding(job.path, job.display, job.connector, resolveAsset, { options: job.options, largeJsonBytes: job.largeJsonBytes, intern: false, progress }, (f) => {
      writer.add(f);
    });
    const batch = writer.finish();
    return { result: { id, ok: true, connector: connector.name, batch, unresolved: [...unresolved] }, transfer: [batch.codes.buffer as ArrayBuffer] };
  } catch (err) {
    if (err instanceof CtemError) return { result: { id, ok: false, problems: err.problems, exitCode: err.exitCode }, transfer: [] };
    return { result: { id, ok: false, crash: err instanceof Error ? (err.stack ?? err.message) : String(err) }, transfer: [] };
  }
}

async function serve(port: MessagePort, data: IngestWorkerData): Promise<void> {
  const index = buildAssetIndex(data.assets);
  const next = new Int32Array(data.next);
  const reading = new ReadingSlot(data.reading, data.slot);
  for (;;) {
    const id = Atomics.add(next, 0, 1);
    const job = data.jobs[id];
    if (job === undefined) break;
    const { result, transfer } = await ingestJob(id, job, index, reading);
    port.postMessage(result satisfies WorkerMessage, transfer);
  }
  port.postMessage({ done: true } satisfies WorkerMessage);
}

const data = workerData as Partial<IngestWorkerData> | undefined;
if (!isMainThread && parentPort !== null && data?.role === INGEST_WORKER_ROLE) void serve(parentPort, data as IngestWorkerData);
