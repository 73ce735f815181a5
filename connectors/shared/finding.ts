/**
 * Small helpers to assemble DiscoveredFinding objects the same way in every connector.
 */
import type { FindingSource } from '../../engine/model/finding.ts';
import { toJsonPointer } from '../../engine/model/json-path.ts';
import type { JsonPath } from './json-reader.ts';

/** What every finding of one report shares in its `sources[0]`. */
export interface SourceBase {
  connector: string;
  tool: string;
  toolVersion?: string;
  file: string;
}

export function findingSource(base: SourceBase, path: JsonPath, nativeId?: string): FindingSource {
  return dropUndefined({
    connector: base.connector,
    tool: base.tool,
    toolVersion: base.toolVersion,
    file: base.file,
    pointer: toJsonPointer(path),
    nativeId,
  });
}

/**
 * A copy without the keys whose value is undefined, so that findings compare and
 * serialise without noise. Only ever applied to objects the connectors build
 * themselves (never to scanner data), so the keys are ours.
 */
export function dropUndefined<T extends object>(obj: T): T {
  // Own keys in order, as Object.entries gives them, without an array per key (a million findings call this).
  const out: Record<string, unknown> = {};
  const src = obj as Record<string, unknown>;
  for (const k in src) {
    if (!Object.hasOwn(src, k)) continue;
    const v = src[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/** Unique, in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
