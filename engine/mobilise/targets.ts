/**
 * Every repository ctem may have issues or pull requests in: each route's target
 * (the central repository, or every asset's own repository), plus wherever a wanted
 * issue or pull request goes. All of them are listed on each run — a repository
 * whose exposures are all fixed has no wanted issue left, but its open ones must be
 * found to be closed. Pure.
 */
import type { RouteConfig } from '../config/schema/policy.ts';
import type { InventoryAsset } from '../model/asset.ts';

export function targetRepositories(input: {
  routes: Iterable<RouteConfig>;
  assets: Iterable<InventoryAsset>;
  centralRepository?: string;
  extra?: Iterable<string>;
}): string[] {
  const out = new Map<string, string>();
  const add = (r: string | undefined) => {
    if (r && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(r) && !out.has(r.toLowerCase())) out.set(r.toLowerCase(), r);
  };
  const assets = [...input.assets];
  for (const route of input.routes) {
    if (route.target === 'central') add(route.repository ?? input.centralRepository);
    else {
      for (const a of assets) add(a.repository);
      // Assets without a repository fall back to the central one.
      if (assets.some((a) => !a.repository)) add(input.centralRepository);
    }
    if (route.playbook) for (const a of assets) add(a.repository);
  }
  for (const r of input.extra ?? []) add(r);
  return [...out.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}
