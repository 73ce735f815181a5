/**
 * What every GitHub alert finding shares: its source (the alert's API URL, its
 * number), when it was first seen, and how a dismissal reads.
 */
import type { FindingSource } from '../../engine/model/finding.ts';
import { dropUndefined } from '../shared/finding.ts';
import { optNumber, optString, type JsonObject } from '../shared/json-reader.ts';

export function alertSource(a: JsonObject, connector: string, tool: string, toolVersion?: string): FindingSource {
  const number = optNumber(a, 'number', []);
  return dropUndefined({
    connector,
    tool,
    toolVersion,
    // The alert's own API URL: where the raw record is. The pointer is its root.
    file: optString(a, 'url', []),
    pointer: '',
    nativeId: number !== undefined ? String(number) : undefined,
  });
}

/** GitHub tracks one alert across commits and re-scans: its number is its identity within the repository. */
export function alertIdentity(a: JsonObject): string | undefined {
  const number = optNumber(a, 'number', []);
  return number !== undefined ? `github-alert:${number}` : undefined;
}

/** `tolerable_risk: we use a sanitizer` from the reason and the dismisser's comment. */
export function justification(reason: string | undefined, comment: string | undefined): string | undefined {
  if (reason === undefined) return comment;
  return comment !== undefined ? `${reason}: ${comment}` : reason;
}
