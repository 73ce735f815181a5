/**
 * Which shard an asset belongs to: a stable hash of its id, modulo the shard count.
 * Everything about one asset — its exposures, their decisions, and every issue
 * grouped by finding, by asset and package or by asset — lands in one shard, so
 * those issues are planned and rendered whole by that shard. Pure.
 *
 * The hash is FNV-1a (32 bits) over the id's UTF-16 code units: fixed, documented
 * (docs/scale.md), the same on every machine and Node version, and spreads ids
 * with common prefixes (`img-payments-…`) evenly.
 */
import type { ShardSpec } from './spec.ts';

export function assetHash(assetId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < assetId.length; i++) h = Math.imul(h ^ assetId.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The 1-based shard of an asset among `count`. */
export function shardOf(assetId: string, count: number): number {
  return (assetHash(assetId) % count) + 1;
}

/** Does this shard own the asset? */
export function ownsAsset(spec: ShardSpec): (assetId: string) => boolean {
  if (spec.count === 1) return () => true;
  return (assetId) => shardOf(assetId, spec.count) === spec.index;
}
