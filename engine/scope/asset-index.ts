/** Resolve what a scanner reported against the inventory: id, alias, or alias without tag. */
import type { InventoryAsset } from '../model/asset.ts';
import { normaliseRef, withoutTagOrDigest } from './asset-ref.ts';

export interface AssetIndex {
  byId: Map<string, InventoryAsset>;
  /** Asset id for a scanner reference, or undefined when the inventory does not know it. */
  resolve(ref: string): string | undefined;
}

export function buildAssetIndex(assets: readonly InventoryAsset[]): AssetIndex {
  const byId = new Map<string, InventoryAsset>();
  const byRef = new Map<string, string>();
  for (const a of assets) {
    byId.set(a.id, a);
    for (const alias of [a.id, a.name, a.repository, ...a.aliases]) {
      if (alias === undefined) continue;
      const n = normaliseRef(alias);
      if (!byRef.has(n)) byRef.set(n, a.id);
      const bare = withoutTagOrDigest(n);
      if (!byRef.has(bare)) byRef.set(bare, a.id);
    }
  }
  return {
    byId,
    resolve(ref) {
      if (byId.has(ref)) return ref;
      const n = normaliseRef(ref);
      return byRef.get(n) ?? byRef.get(withoutTagOrDigest(n)) ?? byRef.get(ownerAndName(n));
    },
  };
}

/** `github.com/acme/api` → `acme/api`: a repository URL matches the owner/name an inventory records. */
function ownerAndName(ref: string): string {
  const parts = ref.split('/');
  return parts.length > 2 ? parts.slice(-2).join('/') : ref;
}
