/**
 * An SBOM describes the components of ONE asset: its subject (CycloneDX
 * `metadata.component`, SPDX's described package). Both SBOM connectors turn the
 * subject and the components into one inventory entry the same way:
 *
 * - with `asset:` in ctem.yaml, the entry has that id (stated by a person) and
 *   merges with the inventory asset of the same id;
 * - without it, the id is derived from the subject's name and the entry carries the
 *   subject's name, purl and image digests as aliases, so correlation attaches it to
 *   the asset that is known by any of them (docs/inventory.md).
 *
 * Only components that name a package (a purl or a version) are recorded: Trivy's
 * `package-lock.json` entry or a source directory are containers of packages.
 */
import type { AssetComponent, AssetType, InventoryAsset } from '../../engine/model/asset.ts';
import type { InventoryContext } from '../types.ts';
import { fail, type JsonPath } from './json-reader.ts';

export interface SbomSubject {
  name?: string;
  purl?: string;
  /** image for a container; other otherwise (an SBOM cannot tell a service from a repository). */
  type: AssetType;
  /** Further names: image digests and tags. */
  aliases: string[];
}

export function sbomAsset(subject: SbomSubject | undefined, subjectPath: JsonPath, components: AssetComponent[], ctx: InventoryContext, format: string): InventoryAsset {
  const stated = ctx.options.asset;
  const label = subject?.name ?? subject?.purl;
  if (stated === undefined && label === undefined) {
    fail(subjectPath, `the ${format} names no subject, so it cannot be matched to an asset; name the asset with \`asset:\` in ctem.yaml`);
  }
  const aliases = [...new Set([subject?.name, subject?.purl, ...(subject?.aliases ?? [])].filter((a): a is string => a !== undefined && a.trim() !== ''))];
  return {
    id: stated ?? derivedId(label!),
    type: subject?.type ?? 'other',
    ...(stated === undefined && subject?.name !== undefined ? { name: subject.name } : {}),
    aliases,
    tags: [],
    attributes: {},
    source: ctx.file,
    components,
    ...(stated === undefined ? { derivedId: true } : {}),
  };
}

/** `ghcr.io/Acme/api:1.2` → `ghcr.io-acme-api-1.2`: an id the inventory schema would accept. */
export function derivedId(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 100);
  return slug === '' ? 'sbom-subject' : slug;
}

/** Unique by purl, else by name and version; only entries that name a package. */
export function packageComponents(candidates: Iterable<AssetComponent>): AssetComponent[] {
  const seen = new Set<string>();
  const out: AssetComponent[] = [];
  for (const c of candidates) {
    if (c.purl === undefined && c.version === undefined) continue;
    const k = c.purl !== undefined ? `purl\u0000${c.purl}` : `name\u0000${c.name}\u0000${c.version}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out;
}

/** A digest-like version (`sha256:…`), as Syft writes for a container image. */
export const isDigest = (v: string | undefined): v is string => v !== undefined && /^[a-z0-9]+:[a-f0-9]{32,}$/i.test(v);
