/**
 * Correlation: the same asset seen by several inventories (a YAML file, a CMDB
 * export, the GitHub organisation, an SBOM) becomes ONE asset that lists all of its
 * sources. Entries are the same asset when they share a correlation key
 * (engine/scope/asset-ref.ts), directly or through other entries. Pure.
 *
 * Precedence, documented in docs/inventory.md: inventories count in ctem.yaml order,
 * entries in file order. The id is the first stated one (a derived id never beats a
 * person's); type, name, repository, exposure and each attribute come from the first
 * entry that has them, and a later entry that disagrees is reported as a warning
 * naming both sources. Two entries with different stated ids that correlate are an
 * error: merging them silently could hand one team's asset to another.
 */
import type { Problem } from '../errors.ts';
import type { AssetComponent, InventoryAsset } from '../model/asset.ts';
import type { Finding } from '../model/finding.ts';
import { describeKey, keysOfAsset } from './asset-ref.ts';

/** One inventory's assets, as its connector read them. */
export interface InventoryBatch {
  /** How messages name the inventory: its path, or `github:ORG`. */
  source: string;
  assets: readonly InventoryAsset[];
}

/** A problem about one inventory entry: `file` is the batch's source, `index` the entry's position in it. */
export type CorrelationProblem = Problem & { file: string; index: number };

export interface Correlation {
  assets: InventoryAsset[];
  problems: CorrelationProblem[];
}

interface Entry {
  asset: InventoryAsset;
  source: string;
  index: number;
  keys: string[];
}

export function correlateAssets(batches: readonly InventoryBatch[]): Correlation {
  const entries: Entry[] = batches.flatMap((b) => b.assets.map((asset, index) => ({ asset, source: b.source, index, keys: keysOfAsset(asset) })));
  const problems: CorrelationProblem[] = [];
  const assets: InventoryAsset[] = [];
  const usedIds = new Map<string, Entry>();
  for (const group of groupByKeys(entries)) {
    for (const merged of mergeGroup(group, problems)) {
      const prev = usedIds.get(merged.asset.id);
      if (prev) {
        problems.push(problemAt(merged.entry, 'error', 'duplicate-asset', `asset id '${merged.asset.id}' is also used by a different asset in ${prev.source}`,
          'give one of them another id (for an SBOM or a GitHub repository: name the asset with `asset:` in ctem.yaml)'));
        continue;
      }
      usedIds.set(merged.asset.id, merged.entry);
      assets.push(merged.asset);
    }
  }
  return { assets, problems };
}

/** Entries joined by any shared key, transitively (union-find); groups in order of their first entry. */
function groupByKeys(entries: readonly Entry[]): Entry[][] {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  entries.forEach((e, i) => {
    for (const k of e.keys) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else {
        const [a, b] = [find(i), find(j)];
        // The earlier entry stays the root, so groups keep ctem.yaml order.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, Entry[]>();
  entries.forEach((e, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(e);
    else groups.set(root, [e]);
  });
  return [...groups.values()];
}

function mergeGroup(group: Entry[], problems: CorrelationProblem[]): { asset: InventoryAsset; entry: Entry }[] {
  const stated = group.filter((e) => e.asset.derivedId !== true);
  const statedIds = [...new Set(stated.map((e) => e.asset.id))];
  if (statedIds.length > 1) {
    const first = stated[0]!;
    for (const e of stated) {
      if (e.asset.id === first.asset.id) continue;
      const joined = e.keys.find((k) => group.some((o) => o !== e && o.keys.includes(k)));
      problems.push(problemAt(e, 'error', 'conflicting-asset-ids',
        `asset '${e.asset.id}' and asset '${first.asset.id}' (${first.source}) are the same asset${joined ? ` by ${describeKey(joined)}` : ''}, but have different ids`,
        'if they are one asset, give both entries the same id; if they are two, remove the alias that joins them'));
    }
    // Not merged: the run stops on the error, and each entry is reported as it was written.
    return group.map((e) => ({ asset: withSources(e.asset, [e.source]), entry: e }));
  }
  const primary = stated[0] ?? group[0]!;
  return [{ asset: mergeEntries(primary, group, problems), entry: primary }];
}

function mergeEntries(primary: Entry, group: readonly Entry[], problems: CorrelationProblem[]): InventoryAsset {
  const id = primary.asset.id;
  const scalar = <T>(field: string, get: (a: InventoryAsset) => T | undefined, same: (x: T, y: T) => boolean = (x, y) => x === y): T | undefined => {
    let chosen: { value: T; entry: Entry } | undefined;
    for (const e of group) {
      const value = get(e.asset);
      if (value === undefined) continue;
      if (!chosen) chosen = { value, entry: e };
      else if (!same(chosen.value, value)) problems.push(disagreement(e, id, field, chosen, value));
    }
    return chosen?.value;
  };
  // `other` states nothing about the type (an SBOM cannot tell a service from a repository).
  const type = scalar('type', (a) => (a.type === 'other' ? undefined : a.type)) ?? 'other';
  const name = group.find((e) => e.asset.name !== undefined)?.asset.name;
  const repository = scalar('repository', (a) => a.repository, (x, y) => x.toLowerCase() === y.toLowerCase());
  const exposure = scalar('exposure', (a) => a.exposure);

  const attributes = new Map<string, { value: string | number | boolean; entry: Entry }>();
  for (const e of group) {
    for (const [k, value] of Object.entries(e.asset.attributes)) {
      const prev = attributes.get(k);
      if (!prev) attributes.set(k, { value, entry: e });
      else if (prev.value !== value) problems.push(disagreement(e, id, `attributes.${k}`, prev, value));
    }
  }

  const aliases = unique(group.flatMap((e) => [...(e.asset.id === id ? [] : [e.asset.id]), ...e.asset.aliases]));
  const components = mergeComponents(group.map((e) => e.asset.components ?? []));
  const merged: InventoryAsset = {
    id,
    type,
    ...(name !== undefined ? { name } : {}),
    aliases,
    tags: unique(group.flatMap((e) => e.asset.tags)),
    ...(repository !== undefined ? { repository } : {}),
    ...(exposure !== undefined ? { exposure } : {}),
    // Object.fromEntries defines own properties: an attribute named `__proto__` stays data.
    attributes: Object.fromEntries([...attributes].map(([k, v]) => [k, v.value])),
    source: group[0]!.source,
    sources: unique(group.flatMap((e) => e.asset.sources ?? [e.source])),
    ...(components.length > 0 ? { components } : {}),
    ...(primary.asset.derivedId === true ? { derivedId: true } : {}),
  };
  return merged;
}

function disagreement(e: Entry, id: string, field: string, first: { value: unknown; entry: Entry }, value: unknown): CorrelationProblem {
  const show = (v: unknown) => JSON.stringify(v);
  return problemAt(e, 'warning', 'inventory-conflict',
    `asset '${id}': ${field} is ${show(value)} here but ${show(first.value)} in ${first.entry.source}; keeping ${show(first.value)} (the first inventory in ctem.yaml wins)`);
}

function problemAt(e: Entry, severity: Problem['severity'], code: string, message: string, hint?: string): CorrelationProblem {
  return { code, severity, message, file: e.source, index: e.index, ...(hint ? { hint } : {}) };
}

/** Components unique by purl, else by name and version; first seen first. */
export function mergeComponents(lists: readonly (readonly AssetComponent[])[]): AssetComponent[] {
  const seen = new Set<string>();
  const out: AssetComponent[] = [];
  for (const list of lists) {
    for (const c of list) {
      const k = c.purl !== undefined ? `purl\u0000${c.purl}` : `name\u0000${c.name}\u0000${c.version ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(c);
    }
  }
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function withSources(a: InventoryAsset, sources: string[]): InventoryAsset {
  return { ...a, sources: a.sources ?? sources };
}

/**
 * Scanners are sources too: each asset lists, after its inventories, every report
 * whose findings attach to it (by the report file, else the connector name).
 */
export function attachScannerSources(assets: readonly InventoryAsset[], findings: readonly Finding[]): InventoryAsset[] {
  const extra = new Map<string, Set<string>>();
  for (const f of findings) {
    let set = extra.get(f.asset);
    if (!set) extra.set(f.asset, (set = new Set()));
    for (const s of f.sources) set.add(s.file ?? s.connector);
  }
  return assets.map((a) => {
    const more = extra.get(a.id);
    if (!more) return a;
    return { ...a, sources: unique([...(a.sources ?? [a.source]), ...more]) };
  });
}
