/** What the main thread and an ingest worker say to each other (pool.ts, worker.ts). */
import type { Problem } from '../../errors.ts';
import type { InventoryAsset } from '../../model/asset.ts';
import type { CompactBatch } from './compact.ts';

export const INGEST_WORKER_ROLE = 'ctem-ingest';

export interface IngestWorkerData {
  role: typeof INGEST_WORKER_ROLE;
  assets: readonly InventoryAsset[];
}

/** One report file to ingest. */
export interface FileJob {
  id: number;
  path: string;
  display: string;
  connector: string;
  options: unknown;
  sourceName: string;
  sourceAsset?: string;
  largeJsonBytes?: number;
}

export type FileJobResult =
  | { id: number; ok: true; connector: string; batch: CompactBatch; unresolved: string[] }
  /** The file is bad (a CtemError: located problems for the user). */
  | { id: number; ok: false; problems: Problem[]; exitCode: number }
  /** Something else went wrong: a bug, reported as one. */
  | { id: number; ok: false; crash: string };
