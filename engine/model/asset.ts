/** Assets: what the organisation owns and scanners look at. Documented in docs/configuration.md and docs/inventory.md. */

export const ASSET_TYPES = ['repository', 'image', 'host', 'service', 'cloud-resource', 'package', 'other'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const EXPOSURE_LEVELS = ['internet', 'internal', 'isolated'] as const;
export type ExposureLevel = (typeof EXPOSURE_LEVELS)[number];

/** A software component of an asset, as an SBOM lists it. */
export interface AssetComponent {
  name: string;
  version?: string;
  /** Package URL, e.g. `pkg:npm/react@16.8.6`. */
  purl?: string;
}

/** An asset as an inventory states it (and, after engine/scope/correlate.ts, as all inventories together do). */
export interface InventoryAsset {
  id: string;
  type: AssetType;
  name?: string;
  /**
   * Other names the same asset is known by: image references, repository URLs,
   * host names, IPs, cloud resource ids. Scanner references are matched against them.
   */
  aliases: string[];
  tags: string[];
  /** The repository that holds its code, `owner/name`, for routing issues. */
  repository?: string;
  /** Overrides the scope's exposure for this one asset. */
  exposure?: ExposureLevel;
  /** Free-form attributes, available to selectors and rules as `asset.attributes.*`. */
  attributes: Record<string, string | number | boolean>;
  /** Which inventory said so (the first one, after correlation). */
  source: string;
  /**
   * Every inventory (and, once findings are attached, every scanner report) that saw
   * this asset, in ctem.yaml order. Set by correlation; absent means just `source`.
   */
  sources?: string[];
  /** Software components (from SBOMs), unique by purl, else by name and version. */
  components?: AssetComponent[];
  /**
   * True when a connector made the id up from a name (a GitHub repository's
   * `owner/name`, an SBOM's subject) rather than a person stating it. Correlation
   * gives a stated id precedence over a derived one. See docs/inventory.md.
   */
  derivedId?: boolean;
}
