/**
 * Where things live in the ledger tree (docs/ledger.md). Pure.
 *
 *   ledger.json                          format marker
 *   summary.json                         counts of the latest run (no timestamps)
 *   runs/<year>/<run time>.json          one per run: when, feed versions, policy commits, actions
 *   exposures/<2 hex>/<fingerprint>.json one per open exposure; removed when it closes
 *   index/<2 hex>.tsv                    every exposure ever seen: first seen, closed at
 *
 * 256 shard directories keep every tree small enough (about 4,000 entries at a
 * million exposures) that a run touching a few exposures rewrites little.
 */

export const LEDGER_FORMAT = 1;
export const DEFAULT_LEDGER_BRANCH = 'ctem-ledger';
export const DEFAULT_LEDGER_REMOTE = 'origin';
export const FORMAT_FILE = 'ledger.json';
export const SUMMARY_FILE = 'summary.json';
export const EXPOSURES_DIR = 'exposures';
export const RUNS_DIR = 'runs';
export const INDEX_DIR = 'index';
/** Hex characters of the fingerprint that name its shard directory: 2 → 256 shards. */
export const SHARD_WIDTH = 2;

/** What a user may pass as an exposure id: a fingerprint or an unambiguous prefix of one. */
export const FINGERPRINT_PREFIX = /^[0-9a-f]{4,64}$/;
const FINGERPRINT = /^[0-9a-f]{8,64}$/;

export function exposurePath(fingerprint: string): string {
  if (!FINGERPRINT.test(fingerprint)) throw new Error(`not a fingerprint: ${JSON.stringify(fingerprint)}`);
  return `${EXPOSURES_DIR}/${shardOf(fingerprint)}/${fingerprint}.json`;
}

export const shardOf = (fingerprint: string): string => fingerprint.slice(0, SHARD_WIDTH);
export const indexPath = (shard: string): string => `${INDEX_DIR}/${shard}.tsv`;

export function fingerprintOfPath(path: string): string | undefined {
  const m = /^exposures\/[0-9a-f]+\/([0-9a-f]+)\.json$/.exec(path);
  return m?.[1];
}

/** `runs/2026/2026-11-28T100000.000Z.json`: sortable, and no `:` so it checks out on every OS. */
export function runPath(runAt: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(runAt)) throw new Error(`not a UTC timestamp: ${JSON.stringify(runAt)}`);
  return `${RUNS_DIR}/${runAt.slice(0, 4)}/${runAt.replace(/:/g, '')}.json`;
}

/** The run time a run record's path encodes (the inverse of runPath). */
export function runAtOfPath(path: string): string | undefined {
  const m = /(?:^|\/)(\d{4}-\d{2}-\d{2}T)(\d{2})(\d{2})(\d{2}(?:\.\d+)?Z)\.json$/.exec(path);
  return m ? `${m[1]}${m[2]}:${m[3]}:${m[4]}` : undefined;
}
