/** Scoping: which business scope(s) each asset belongs to, and which assets none covers (drift). */
import type { AssetSelector, Criticality } from '../config/schema/common.ts';
import type { ScopeConfig } from '../config/schema/scope.ts';
import type { InventoryAsset } from '../model/asset.ts';
import { compileGlobList } from '../policy/glob-list.ts';

export interface Scope {
  id: string;
  name: string;
  file: string;
  owner: ScopeConfig['owner'];
  criticality: Criticality;
  exposure: ScopeConfig['exposure'];
  crownJewel: boolean;
  dataClassification: string[];
  matches: (asset: InventoryAsset) => boolean;
}

export interface ScopeAssignment {
  /** Every scope that selects the asset, most critical first. */
  scopesOf: Map<string, Scope[]>;
  /** The scope that decides for the asset: the most critical, then the first by id. */
  primaryOf: Map<string, Scope>;
  /** Assets that no scope selects: scope drift. */
  unscoped: InventoryAsset[];
}

const CRITICALITY_RANK: Record<Criticality, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function compileSelector(sel: AssetSelector): (a: InventoryAsset) => boolean {
  const checks: ((a: InventoryAsset) => boolean)[] = [];
  if (sel.ids) {
    const m = compileGlobList(sel.ids);
    checks.push((a) => m(a.id));
  }
  if (sel.tags) {
    const tags = new Set(sel.tags);
    checks.push((a) => a.tags.some((t) => tags.has(t)));
  }
  if (sel.types) {
    const types = new Set<string>(sel.types);
    checks.push((a) => types.has(a.type));
  }
  if (sel.repositories) {
    const m = compileGlobList(sel.repositories, { nocase: true });
    checks.push((a) => a.repository !== undefined && m(a.repository));
  }
  if (sel.attributes) {
    const wanted = Object.entries(sel.attributes);
    checks.push((a) => wanted.every(([k, v]) => Object.hasOwn(a.attributes, k) && a.attributes[k] === v));
  }
  return (a) => checks.every((c) => c(a));
}

export function compileScope(s: ScopeConfig, file: string): Scope {
  return {
    id: s.id,
    name: s.name,
    file,
    owner: s.owner,
    criticality: s.criticality,
    exposure: s.exposure,
    crownJewel: s.crown_jewel ?? false,
    dataClassification: s.data_classification ?? [],
    matches: compileSelector(s.selector),
  };
}

export function assignScopes(assets: readonly InventoryAsset[], scopes: readonly Scope[]): ScopeAssignment {
  const ordered = [...scopes].sort(
    (a, b) => CRITICALITY_RANK[a.criticality] - CRITICALITY_RANK[b.criticality] || a.id.localeCompare(b.id),
  );
  const scopesOf = new Map<string, Scope[]>();
  const primaryOf = new Map<string, Scope>();
  const unscoped: InventoryAsset[] = [];
  for (const a of assets) {
    const hits = ordered.filter((s) => s.matches(a));
    if (hits.length === 0) {
      unscoped.push(a);
      continue;
    }
    scopesOf.set(a.id, hits);
    primaryOf.set(a.id, hits[0]!);
  }
  return { scopesOf, primaryOf, unscoped };
}
