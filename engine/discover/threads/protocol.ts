/** What the main thread and an ingest worker say to each other (pool.ts, worker.ts). */
import type { Problem } from '../../errors.ts';
import type { InventoryAsset } from '../../model/asset.ts';
import type { CompactBatch } from './compact.ts';

export const INGEST_WORKER_ROLE = 'ctem-ingest';

export interface IngestWorkerData {
  role: typeof INGEST_WORKER_ROLE;
  assets: readonly InventoryAsset[];
  /** Every report file of the run; a job's id is its index here. */
  jobs: readonly FileJob[];
  /**
   * The index of the next job nobody has taken (an Int32Array over it). Every thread,
   * the main one too, takes its next job by adding one to it, so no thread ever waits
   * for another to be handed work.
   */
  next: SharedArrayBuffer;
  /** Where each worker says how far it has read its current file (reading.ts). */
  reading: SharedArrayBuffer;
  /** This worker's place in `reading`. */
  slot: number;
}

/** One report file to ingest. */
export interface FileJob {
  path: string;
  display: string;
  connector: string;
  options: unknown;
  sourceName: string;
  sourceAsset?: string;
  largeJsonBytes?: number;
}

/** What a worker posts: each job's result as it finishes, then `done` when no job is left. */
export type WorkerMessage = FileJobResult | { done: true };

export type FileJobResult =
  | { id: number; ok: true; connector: string; batch: CompactBatch; unresolved: string[] }
  /** The file is bad (a CtemError: located problems for the user). */
  | { id: number; ok: false; problems: Problem[]; exitCode: number }
  /** Something else went wrong: a bug, reported as one. */
  | { id: number; ok: false; crash: string };
