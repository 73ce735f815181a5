/**
 * How a source's findings find their asset: the asset the source names, else the
 * inventory's answer for the scanner's reference, else the reference itself (noted as
 * unresolved, so the run can say which references no asset matched).
 */
import type { AssetIndex } from '../scope/asset-index.ts';
import type { AssetResolver } from './extract.ts';

export function sourceAssetResolver(
  index: AssetIndex,
  sourceAsset: string | undefined,
  sourceName: string,
  unresolved: Set<string>,
): AssetResolver {
  return (hint) => {
    if (sourceAsset !== undefined) return sourceAsset;
    if (hint !== undefined) {
      const id = index.resolve(hint);
      if (id !== undefined) return id;
      unresolved.add(hint);
      return hint;
    }
    unresolved.add(`(no asset reference in ${sourceName})`);
    return 'unknown';
  };
}
