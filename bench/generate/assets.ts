/**
 * The generated organisation: business units, their scopes and owners, and an
 * inventory of assets (images, repositories, hosts, services, cloud resources)
 * tagged so that scopes select them. Every repository name belongs to exactly
 * one asset, so a scanner's repository URL resolves to one asset.
 */
import type { Rng } from './prng.ts';
import { BUSINESS_UNITS, DISTROS, ECOSYSTEMS, SERVICE_WORDS, type Distro, type Ecosystem } from './vocabulary.ts';

export const ORG = 'acme-bench';
export const REGISTRY = 'registry.acme-bench.example';

export type AssetType = 'image' | 'repository' | 'host' | 'service' | 'cloud-resource';

export interface GenAsset {
  id: string;
  type: AssetType;
  name: string;
  aliases: string[];
  tags: string[];
  repository?: string;
  exposure?: 'internet' | 'internal' | 'isolated';
  attributes: Record<string, string | number | boolean>;
  bu: string | null;
  distro?: Distro;
  ecosystems: Ecosystem[];
  /** For images: the tag scanned. */
  imageTag?: string;
}

export interface GenScope {
  id: string;
  name: string;
  description: string;
  owner: { team: string; users?: string[] };
  criticality: 'critical' | 'high' | 'medium' | 'low';
  exposure: 'internet' | 'internal' | 'isolated';
  crown_jewel?: boolean;
  data_classification?: string[];
  selector: Record<string, unknown>;
}

const TYPE_SHARES: readonly [AssetType, number][] = [
  ['image', 0.12],
  ['repository', 0.24],
  ['host', 0.3],
  ['service', 0.1],
  ['cloud-resource', 0.24],
];
const PREFIX: Record<AssetType, string> = { image: 'img', repository: 'repo', host: 'host', service: 'svc', 'cloud-resource': 'cloud' };

const CRITICAL_BUS = new Set(['payments', 'ledger', 'identity', 'checkout', 'billing']);
const HIGH_BUS = new Set(['storefront', 'partner-api', 'crm', 'data-platform', 'robotics-control', 'firmware', 'platform', 'ci-cd']);
const PCI_BUS = new Set(['payments', 'billing', 'ledger', 'checkout']);
const PII_BUS = new Set(['identity', 'crm', 'hr-systems', 'support', 'marketing', 'analytics']);

export function buildScopes(): GenScope[] {
  const scopes: GenScope[] = BUSINESS_UNITS.map((bu, i) => {
    const criticality = CRITICAL_BUS.has(bu) ? 'critical' : HIGH_BUS.has(bu) ? 'high' : i % 3 === 0 ? 'low' : 'medium';
    const scope: GenScope = {
      id: bu,
      name: bu.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
      description: `Everything the ${bu} business unit builds and runs.`,
      owner: { team: `${ORG}/${bu}-team` },
      criticality,
      exposure: 'internal',
      selector: { tags: [`bu-${bu}`] },
    };
    if (i % 4 === 0) scope.owner.users = [`${bu.replace(/[^a-z0-9]/g, '')}-lead`];
    if (bu === 'ledger' || bu === 'identity') scope.crown_jewel = true;
    if (PCI_BUS.has(bu)) scope.data_classification = ['pci'];
    else if (PII_BUS.has(bu)) scope.data_classification = ['pii'];
    return scope;
  });
  // Cross-cutting scopes: they win over a business unit where more critical.
  scopes.push(
    { id: 'internet-edge', name: 'Internet edge', description: 'Everything reachable from the internet.', owner: { team: `${ORG}/edge-team` }, criticality: 'high', exposure: 'internet', selector: { tags: ['internet-facing'] } },
    { id: 'cardholder-data', name: 'Cardholder data environment', description: 'PCI DSS scope.', owner: { team: `${ORG}/pci-compliance` }, criticality: 'critical', exposure: 'isolated', crown_jewel: true, data_classification: ['pci'], selector: { tags: ['pci'], attributes: { env: 'prod' } } },
    { id: 'production-hosts', name: 'Production hosts', description: 'Hosts running production workloads.', owner: { team: `${ORG}/sre-team`, users: ['oncall-sre'] }, criticality: 'high', exposure: 'internal', selector: { types: ['host'], attributes: { env: 'prod' } } },
    { id: 'build-infrastructure', name: 'Build infrastructure', description: 'Runners and registries: a supply-chain target.', owner: { team: `${ORG}/ci-cd-team` }, criticality: 'critical', exposure: 'internal', crown_jewel: true, selector: { ids: ['*-runner-*', '*-registry-*'] } },
  );
  return scopes;
}

export function buildAssets(rng: Rng, count: number): GenAsset[] {
  const assets: GenAsset[] = [];
  const counts = TYPE_SHARES.map(([, share]) => Math.floor(count * share));
  counts[0]! += count - counts.reduce((a, b) => a + b, 0);
  let serial = 0;
  TYPE_SHARES.forEach(([type], t) => {
    for (let i = 0; i < counts[t]!; i++) assets.push(makeAsset(rng, type, ++serial));
  });
  return assets;
}

function makeAsset(rng: Rng, type: AssetType, serial: number): GenAsset {
  // Scope drift: a few assets carry no business-unit tag at all.
  const bu = rng.chance(0.005) ? null : BUSINESS_UNITS[rng.zipf(BUSINESS_UNITS.length, 0.6)]!;
  const word = type === 'host' ? rng.pick(['web', 'db', 'app', 'batch', 'runner', 'bastion', 'cache', 'queue']) : rng.pick(SERVICE_WORDS);
  const n = String(serial).padStart(5, '0');
  const id = `${PREFIX[type]}-${bu ?? 'orphan'}-${word}-${n}`;
  const env = rng.weighted([55, 25, 20]);
  const envName = ['prod', 'staging', 'dev'][env]!;
  const tags: string[] = [];
  if (bu) tags.push(`bu-${bu}`);
  tags.push(envName);
  const internet = (type === 'service' || type === 'host' || type === 'cloud-resource') && envName === 'prod' && rng.chance(0.12);
  if (internet) tags.push('internet-facing');
  if (bu && PCI_BUS.has(bu) && rng.chance(0.4)) tags.push('pci');
  if (bu && PII_BUS.has(bu) && rng.chance(0.3)) tags.push('pii');
  if (rng.chance(0.04)) tags.push('legacy');
  const asset: GenAsset = {
    id,
    type,
    name: `${bu ?? 'unowned'} ${word} ${n}`,
    aliases: [],
    tags,
    attributes: { env: envName, tier: rng.int(1, 3), cost_center: `cc-${rng.int(1000, 1099)}` },
    bu,
    ecosystems: [],
  };
  if (internet) asset.exposure = 'internet';
  else if (rng.chance(0.03)) asset.exposure = 'isolated';
  const repo = `${bu ?? 'misc'}-${word}-${n}`;
  switch (type) {
    case 'image': {
      asset.repository = `${ORG}/${repo}`;
      asset.aliases.push(`${REGISTRY}/${ORG}/${repo}`);
      asset.distro = DISTROS[rng.weighted([30, 15, 20, 10, 15, 5, 5])]!;
      asset.ecosystems = pickEcosystems(rng, rng.int(1, 2));
      asset.imageTag = `${rng.int(1, 9)}.${rng.int(0, 40)}.${rng.int(0, 20)}`;
      tags.push(asset.distro.name, ...asset.ecosystems.map((e) => e.purlType));
      break;
    }
    case 'repository':
    case 'service':
      asset.repository = `${ORG}/${repo}`;
      asset.ecosystems = pickEcosystems(rng, 1);
      tags.push(...asset.ecosystems.map((e) => e.purlType));
      if (type === 'service') asset.aliases.push(`${repo}.${ORG}.example`);
      break;
    case 'host': {
      asset.distro = DISTROS[rng.weighted([25, 15, 25, 15, 0, 0, 20])]!;
      const host = `${word}-${n}.${bu ?? 'misc'}.${ORG}.internal`;
      asset.aliases.push(host, `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`);
      tags.push(asset.distro.name);
      break;
    }
    case 'cloud-resource': {
      const kind = rng.pick(['s3', 'rds', 'ec2', 'lambda', 'iam', 'kms']);
      asset.aliases.push(`arn:aws:${kind}:eu-west-1:${100000000000 + (serial % 1000)}:${kind === 's3' ? '' : 'resource/'}${repo}`);
      tags.push(`aws-${kind}`);
      break;
    }
  }
  return asset;
}

function pickEcosystems(rng: Rng, k: number): Ecosystem[] {
  const idx = rng.sample(ECOSYSTEMS.length, k).sort((a, b) => a - b);
  // npm, maven and Python dominate real estates; the rest are rarer.
  const picked = idx.map((i) => ECOSYSTEMS[rng.chance(0.7) ? i % 4 : i]!);
  return [...new Set(picked)];
}

/**
 * The inventory CSV for one group of assets, as a CMDB export writes it: one asset
 * per row, lists separated by `;`, attributes as `attr.*` columns. (A YAML
 * inventory of 50,000 assets is ~13 MB, which the `yaml` parser reads at about
 * 0.5 MB/s; large inventories are exported as CSV: docs/scale.md.)
 */
export function inventoryCsv(assets: readonly GenAsset[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const out = ['id,type,name,aliases,tags,repository,exposure,attr.env,attr.tier,attr.cost_center'];
  for (const a of assets) {
    out.push([a.id, a.type, a.name, a.aliases.join(';'), a.tags.join(';'), a.repository ?? '', a.exposure ?? '', String(a.attributes.env), String(a.attributes.tier), String(a.attributes.cost_center)].map(cell).join(','));
  }
  return out.join('\n') + '\n';
}

/** The inventory YAML for one group of assets. */
export function inventoryYaml(assets: readonly GenAsset[]): string {
  const out: string[] = ['# yaml-language-server: $schema=../schemas/inventory.schema.json', '# Generated by bench/generate (synthetic).', 'assets:'];
  for (const a of assets) {
    out.push(`  - id: ${a.id}`, `    type: ${a.type}`, `    name: ${a.name}`);
    if (a.aliases.length) out.push(`    aliases: [${a.aliases.map((x) => JSON.stringify(x)).join(', ')}]`);
    out.push(`    tags: [${a.tags.join(', ')}]`);
    if (a.repository) out.push(`    repository: ${a.repository}`);
    if (a.exposure) out.push(`    exposure: ${a.exposure}`);
    out.push(`    attributes: { ${Object.entries(a.attributes).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : String(v)}`).join(', ')} }`);
  }
  return out.join('\n') + '\n';
}

export function scopeYaml(s: GenScope): string {
  const lines = [
    '# yaml-language-server: $schema=../schemas/scope.schema.json',
    `id: ${s.id}`,
    `name: ${JSON.stringify(s.name)}`,
    `description: ${JSON.stringify(s.description)}`,
    'owner:',
    `  team: ${s.owner.team}`,
  ];
  if (s.owner.users) lines.push(`  users: [${s.owner.users.join(', ')}]`);
  lines.push(`criticality: ${s.criticality}`, `exposure: ${s.exposure}`);
  if (s.crown_jewel) lines.push('crown_jewel: true');
  if (s.data_classification) lines.push(`data_classification: [${s.data_classification.join(', ')}]`);
  lines.push('selector:');
  for (const [k, v] of Object.entries(s.selector)) {
    if (Array.isArray(v)) lines.push(`  ${k}: [${v.map((x) => JSON.stringify(x)).join(', ')}]`);
    else lines.push(`  ${k}: { ${Object.entries(v as object).map(([a, b]) => `${a}: ${String(b)}`).join(', ')} }`);
  }
  return lines.join('\n') + '\n';
}
