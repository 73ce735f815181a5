/**
 * Resolve what a scanner reported against the (correlated) inventory. First the
 * exact id; then the correlation keys of the reference, strongest first (digest, IP,
 * cloud id, repository, image, host name, name: engine/scope/asset-ref.ts); last the
 * looser matching of earlier versions (any id, name, `repository` or alias equal
 * after normalisation), so a service is still found by the repository it is built from.
 */
import type { InventoryAsset } from '../model/asset.ts';
import { keysOfAsset, normaliseRef, referenceKeys, withoutTagOrDigest } from './asset-ref.ts';

export interface AssetIndex {
  /** The assets it was built from, in their order (a worker thread builds the same index from them). */
  assets: readonly InventoryAsset[];
  byId: Map<string, InventoryAsset>;
  /** Asset id for a scanner reference, or undefined when the inventory does not know it. */
  resolve(ref: string): string | undefined;
}

export function buildAssetIndex(assets: readonly InventoryAsset[]): AssetIndex {
  const byId = new Map<string, InventoryAsset>();
  const byKey = new Map<string, string>();
  const byRef = new Map<string, string>();
  // The first asset to claim a key keeps it; correlation reports two stated assets that share one.
  const claim = (map: Map<string, string>, k: string, id: string) => {
    if (!map.has(k)) map.set(k, id);
  };
  for (const a of assets) byId.set(a.id, a);
  for (const a of assets) {
    for (const k of keysOfAsset(a)) claim(byKey, k, a.id);
    for (const alias of [a.id, a.name, a.repository, ...a.aliases]) {
      if (alias === undefined) continue;
      const n = normaliseRef(alias);
      claim(byRef, n, a.id);
      claim(byRef, withoutTagOrDigest(n), a.id);
    }
  }
  const lookup = (ref: string): string | undefined => {
    if (byId.has(ref)) return ref;
    for (const k of referenceKeys(ref)) {
      const id = byKey.get(k);
      if (id !== undefined) return id;
    }
    const n = normaliseRef(ref);
    return byRef.get(n) ?? byRef.get(withoutTagOrDigest(n)) ?? byRef.get(ownerAndName(n));
  };
  // Every finding of a report usually names the same few things: remember the answers,
  // up to a bound, so a report naming millions of different things cannot grow it without end.
  const memo = new Map<string, string | undefined>();
  return {
    assets,
    byId,
    resolve(ref) {
      if (memo.has(ref)) return memo.get(ref);
      const id = lookup(ref);
      if (memo.size < MEMO_LIMIT) memo.set(ref, id);
      return id;
    },
  };
}

// Enough for every reference of a 50,000-asset estate (hosts are named by alias and by IP).
const MEMO_LIMIT = 200_000;

/** `github.com/acme/api` → `acme/api`: a repository URL matches the owner/name an inventory records. */
function ownerAndName(ref: string): string {
  const parts = ref.split('/');
  return parts.length > 2 ? parts.slice(-2).join('/') : ref;
}
