/** Small in-memory exposure repositories for decision tests. */
import { checkReferences } from '../../../engine/config/check-references.ts';
import { loadConfig, type ConfigReader, type LoadedConfig } from '../../../engine/config/load.ts';
import type { Problem } from '../../../engine/errors.ts';
import type { Finding } from '../../../engine/model/finding.ts';

export function memoryReader(files: Record<string, string>): ConfigReader {
  return {
    async list(dir) {
      return Object.keys(files).filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/')).map((f) => f.slice(dir.length + 1));
    },
    async read(path) {
      return files[path];
    },
  };
}

export const CTEM_YAML = `version: 1
organisation: Test
inventory: []
sources: []
defaults: { priority: P4, sla_days: { P1: 7, P2: 30, P3: 90, P4: 180 } }
`;

/** Load and cross-check a configuration; throws on any error so a test never runs on a broken one. */
export async function loadMemoryConfig(files: Record<string, string>, today = '2026-11-28'): Promise<{ config: LoadedConfig; warnings: Problem[] }> {
  const { config, problems } = await loadConfig(memoryReader({ 'ctem.yaml': CTEM_YAML, ...files }));
  if (!config) throw new Error(JSON.stringify(problems));
  const all = [...problems, ...checkReferences(config, { findingConnectors: [], inventoryConnectors: [], today })];
  const errors = all.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(JSON.stringify(errors));
  return { config, warnings: all };
}

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    fingerprint: 'f0000000000000000001',
    kind: 'vulnerability',
    ruleId: 'CVE-2024-0001',
    vulnerabilityId: 'CVE-2024-0001',
    aliases: ['CVE-2024-0001'],
    cwe: [],
    title: 'test finding',
    severity: 'high',
    asset: 'app',
    sources: [{ connector: 'test', tool: 'Test', pointer: '/0' }],
    ...over,
  };
}

/** A KEV catalog of one entry: CVE-2024-0001, added 2024-05-01, due 2024-05-22, used in ransomware campaigns. */
export const KEV = JSON.stringify({
  catalogVersion: '2026.11.27',
  dateReleased: '2026-11-27T10:00:00Z',
  count: 1,
  vulnerabilities: [
    { cveID: 'CVE-2024-0001', vendorProject: 'v', product: 'p', vulnerabilityName: 'n', dateAdded: '2024-05-01', shortDescription: 's', requiredAction: 'r', dueDate: '2024-05-22', knownRansomwareCampaignUse: 'Known' },
  ],
});
