/** Small hand-built estates for the validation-stage tests: assets, scopes with edges, findings. */
import type { Located, LoadedConfig } from '../../../engine/config/load.ts';
import type { PolicyConfig } from '../../../engine/config/schema/policy.ts';
import type { ScopeConfig } from '../../../engine/config/schema/scope.ts';
import { fingerprint } from '../../../engine/discover/fingerprint.ts';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import type { DiscoveredFinding, Finding } from '../../../engine/model/finding.ts';
import { compileScope, type Scope } from '../../../engine/scope/match-scopes.ts';

export const located = <T>(file: string, value: T): Located<T> => ({ file, value, locate: () => ({ line: 1, column: 1 }) });

export function asset(id: string, over: Partial<InventoryAsset> = {}): InventoryAsset {
  return { id, type: 'service', aliases: [], tags: [], attributes: {}, source: 'test', ...over };
}

export function finding(assetId: string, over: Partial<DiscoveredFinding> = {}): Finding {
  const d: DiscoveredFinding = {
    kind: 'vulnerability',
    ruleId: over.vulnerabilityId ?? 'CVE-2024-0001',
    vulnerabilityId: 'CVE-2024-0001',
    aliases: [over.vulnerabilityId ?? 'CVE-2024-0001'],
    cwe: [],
    title: 'a test finding',
    severity: 'high',
    sources: [{ connector: 'test', tool: 'Test', pointer: '/0' }],
    ...over,
  };
  return { ...d, asset: assetId, fingerprint: fingerprint(d, assetId) };
}

/** One scope per entry, selecting its assets by id. */
export function scopes(
  list: { id: string; assets: string[]; exposure?: ScopeConfig['exposure']; crown_jewel?: boolean; edges?: ScopeConfig['edges']; entry_points?: string[] }[],
): { located: Located<ScopeConfig>[]; primary: Map<string, Scope> } {
  const located_ = list.map((s) =>
    located<ScopeConfig>(`scopes/${s.id}.yaml`, {
      id: s.id,
      name: s.id,
      owner: { team: 'acme/team' },
      criticality: 'high',
      exposure: s.exposure ?? 'internal',
      crown_jewel: s.crown_jewel,
      selector: { ids: s.assets },
      edges: s.edges,
      entry_points: s.entry_points,
    }),
  );
  const primary = new Map<string, Scope>();
  for (const l of located_) {
    const sc = compileScope(l.value, l.file);
    for (const id of l.value.selector.ids ?? []) primary.set(id, sc);
  }
  return { located: located_, primary };
}

export function config(scopeList: Located<ScopeConfig>[], policies: Located<PolicyConfig>[] = [], validations: LoadedConfig['validations'] = []) {
  return { scopes: scopeList, policies, validations };
}
