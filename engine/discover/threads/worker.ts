/**
 * The worker-thread side of parallel ingest (pool.ts is the main-thread side). A
 * worker reads, parses, extracts, resolves and fingerprints one report file at a
 * time, exactly as the main thread would (`forEachFileFinding`), and hands the
 * findings back in compact form (compact.ts). It holds no state between files
 * besides its copy of the asset index.
 *
 * Loaded in a worker, this module serves jobs as soon as it is evaluated when the
 * worker was started for it (its `workerData.role`): the Action's bundle starts its
 * workers on the bundle itself, so the check is what keeps other workers and the main
 * thread from serving.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CtemError } from '../../errors.ts';
import { buildAssetIndex, type AssetIndex } from '../../scope/asset-index.ts';
import { sourceAssetResolver } from '../asset-resolver.ts';
import { forEachFileFinding } from '../ingest.ts';
import { CompactWriter } from './compact.ts';
import { INGEST_WORKER_ROLE, type FileJob, type FileJobResult, type IngestWorkerData } from './protocol.ts';

/** One file's findings, compact, or its problems; never throws. */
export async function ingestJob(job: FileJob, index: AssetIndex): Promise<{ result: FileJobResult; transfer: ArrayBuffer[] }> {
  const unresolved = new Set<string>();
  const resolveAsset = sourceAssetResolver(index, job.sourceAsset, job.sourceName, unresolved);
  const writer = new CompactWriter();
  try {
    const connector = await forEachFileFinding(job.path, job.display, job.connector, resolveAsset, { options: job.options, largeJsonBytes: job.largeJsonBytes, intern: false }, (f) => {
      writer.add(f);
    });
    const batch = writer.finish();
    return { result: { id: job.id, ok: true, connector: connector.name, batch, unresolved: [...unresolved] }, transfer: [batch.codes.buffer as ArrayBuffer] };
  } catch (err) {
    if (err instanceof CtemError) return { result: { id: job.id, ok: false, problems: err.problems, exitCode: err.exitCode }, transfer: [] };
    return { result: { id: job.id, ok: false, crash: err instanceof Error ? (err.stack ?? err.message) : String(err) }, transfer: [] };
  }
}

function serve(port: MessagePort, data: IngestWorkerData): void {
  const index = buildAssetIndex(data.assets);
  // One job at a time: the pool sends the next only when this one's result arrives.
  port.on('message', (job: FileJob) => {
    void ingestJob(job, index).then(({ result, transfer }) => port.postMessage(result, transfer));
  });
}

const data = workerData as Partial<IngestWorkerData> | undefined;
if (!isMainThread && parentPort !== null && data?.role === INGEST_WORKER_ROLE) serve(parentPort, data as IngestWorkerData);
