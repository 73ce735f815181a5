/**
 * What the findings of one Trivy `Results[]` entry share, and the fields every
 * Trivy finding carries (asset hint, target, source).
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { findingSource, type SourceBase } from '../shared/finding.ts';
import type { JsonObject, JsonPath } from '../shared/json-reader.ts';

export interface ResultContext {
  source: SourceBase;
  /** Report-level `ArtifactName`: the image, repository or path Trivy was pointed at. */
  assetHint?: string;
  /** `Results[].Target`: the OS, lockfile or config file within the artifact. */
  target?: string;
  /** `Results[].Type` (`alpine`, `npm`, `terraform`...), as Trivy writes it. */
  type?: string;
}

/** Set on findings that Trivy reports under `ModifiedFindings` (VEX, .trivyignore). */
export type Suppression = NonNullable<DiscoveredFinding['suppressed']>;

/** Maps one raw record; undefined when the record is not a finding (a passed check). */
export type RecordMapper = (
  record: JsonObject,
  path: JsonPath,
  ctx: ResultContext,
  suppressed?: Suppression,
) => DiscoveredFinding | undefined;

type Common = Pick<DiscoveredFinding, 'assetHint' | 'target' | 'sources'>;

export function common(ctx: ResultContext, path: JsonPath, nativeId?: string): Common {
  return {
    assetHint: ctx.assetHint,
    target: ctx.target,
    sources: [findingSource(ctx.source, path, nativeId)],
  };
}
