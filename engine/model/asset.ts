/** Assets: what the organisation owns and scanners look at. Documented in docs/configuration.md. */

export const ASSET_TYPES = ['repository', 'image', 'host', 'service', 'cloud-resource', 'package', 'other'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const EXPOSURE_LEVELS = ['internet', 'internal', 'isolated'] as const;
export type ExposureLevel = (typeof EXPOSURE_LEVELS)[number];

/** An asset as an inventory states it. */
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
  /** Which inventory said so. */
  source: string;
}
