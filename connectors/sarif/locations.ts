/**
 * Where a result is: its first location (SARIF §3.27.12: the first is the primary one),
 * as the finding model's CodeLocation.
 *
 * - The path is `artifactLocation.uri`, or the uri of the `run.artifacts` entry its
 *   `index` points at, or else `result.analysisTarget`. URIs are percent-decoded when
 *   that is well-formed. A `uriBaseId` (`%SRCROOT%`) is deliberately NOT resolved against
 *   `run.originalUriBaseIds`: relative paths are what match the same file across machines
 *   and scans, while the base is usually a CI runner's checkout directory.
 * - Lines and columns must be >= 1 (SARIF §3.30.5). Semgrep Supply Chain writes 0 for
 *   "no line"; 0 (or any non-positive or non-integer value) reads as absent, not an error.
 * - A logical location (a function, a package in an image) is its fullyQualifiedName, or
 *   its name, directly or through its index into `run.logicalLocations`.
 */
import type { CodeLocation } from '../../engine/model/finding.ts';
import { arrayField, field, indexField, objectField, textField, type JsonObject } from './json.ts';

export function primaryLocation(result: JsonObject, run: JsonObject): CodeLocation | undefined {
  const first = arrayField(result, 'locations')?.[0];
  const physical = objectField(first, 'physicalLocation');
  const out: CodeLocation = {};

  const path =
    artifactPath(objectField(physical, 'artifactLocation'), run) ?? artifactPath(objectField(result, 'analysisTarget'), run);
  if (path !== undefined) out.path = path;

  const region = objectField(physical, 'region');
  const startLine = positive(region, 'startLine');
  if (startLine !== undefined) {
    out.startLine = startLine;
    const endLine = positive(region, 'endLine');
    if (endLine !== undefined && endLine >= startLine) out.endLine = endLine;
    const startColumn = positive(region, 'startColumn');
    if (startColumn !== undefined) out.startColumn = startColumn;
  }

  const logical = logicalName(arrayField(first, 'logicalLocations')?.[0], run);
  if (logical !== undefined) out.logical = logical;

  return Object.keys(out).length === 0 ? undefined : out;
}

function artifactPath(location: JsonObject | undefined, run: JsonObject): string | undefined {
  if (location === undefined) return undefined;
  let uri = textField(location, 'uri');
  if (uri === undefined) {
    const index = indexField(location, 'index');
    const artifact = index === undefined ? undefined : arrayField(run, 'artifacts')?.[index];
    uri = textField(objectField(artifact, 'location'), 'uri');
  }
  return uri === undefined ? undefined : decodeUri(uri);
}

/** decodeURI, not decodeURIComponent: `%2F` and `%23` stay encoded, so a path keeps its shape. */
function decodeUri(uri: string): string {
  try {
    return decodeURI(uri);
  } catch {
    return uri; // not well-formed percent-encoding: keep the tool's text as it is
  }
}

function logicalName(location: unknown, run: JsonObject): string | undefined {
  const own = textField(location, 'fullyQualifiedName') ?? textField(location, 'name');
  if (own !== undefined) return own;
  const index = indexField(location, 'index');
  if (index === undefined) return undefined;
  const shared = arrayField(run, 'logicalLocations')?.[index];
  return textField(shared, 'fullyQualifiedName') ?? textField(shared, 'name');
}

function positive(obj: JsonObject | undefined, key: string): number | undefined {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}
