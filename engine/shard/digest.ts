/**
 * A digest of everything a decision or an issue depends on besides the reports:
 * configuration (ctem.yaml, scopes, policies, exceptions, templates) and the
 * inventory. Shards of one run, and the merge step, must agree on it; a shard run
 * on another commit would otherwise merge silently into a plan nobody ran. Pure.
 */
import { createHash } from 'node:crypto';
import type { LoadedConfig } from '../config/load.ts';
import type { InventoryAsset } from '../model/asset.ts';

export function configDigest(config: LoadedConfig, assets: readonly InventoryAsset[]): string {
  const h = createHash('sha256');
  const part = (label: string, value: unknown) => h.update(`${label}\u0000${JSON.stringify(value)}\u0000`);
  part('ctem', config.ctem.value);
  for (const s of config.scopes) part(`scope:${s.file}`, s.value);
  for (const p of config.policies) part(`policy:${p.file}`, p.value);
  for (const e of config.exceptions) part(`exception:${e.file}:${e.index}`, e.value);
  for (const t of [...config.templates.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) part(`template:${t.name}`, t.source);
  // `sources` is where the asset was seen, which a run adds from the reports it read: not configuration.
  for (const a of assets) part('asset', { ...a, sources: undefined });
  return h.digest('hex').slice(0, 32);
}
