/**
 * The vulnerable package of a dependency scanner's result, read from the fixed formats the
 * scanners' SARIF writers use. SARIF itself has no package field, so this only ever reads
 * text a known writer produced; when the text does not match, there is no package rather
 * than a guessed one. Rule-level facts (fix versions, purls) are used only when the rule
 * names the same package (and version) as the result, because one rule can cover several
 * packages: Trivy's rule for a CVE names whichever package it met first.
 */
import type { PackageRef } from '../../engine/model/finding.ts';
import { arrayField, objectField, textField, type JsonObject } from './json.ts';
import { tagsOf } from './identifiers.ts';
import type { ToolFamily } from './tools.ts';

export function packageOf(family: ToolFamily, message: string | undefined, rule: JsonObject | undefined): PackageRef | undefined {
  if (message === undefined) return undefined;
  switch (family) {
    case 'trivy':
      return trivy(message);
    case 'grype':
      return grype(message, rule);
    case 'snyk':
      return snyk(message, rule);
    case 'osv-scanner':
      return osvScanner(message, rule);
    default:
      return undefined;
  }
}

/**
 * Trivy (pkg/report/sarif.go): "Package: libssl1.1\nInstalled Version: 1.1.1c-r0\n
 * Vulnerability CVE-2019-1549\nSeverity: MEDIUM\nFixed Version: 1.1.1d-r0\nLink: ..."
 */
function trivy(message: string): PackageRef | undefined {
  const name = line(message, 'Package');
  if (name === undefined) return undefined;
  const pkg: PackageRef = { name, fixedVersions: list(line(message, 'Fixed Version')) };
  const installed = line(message, 'Installed Version');
  if (installed !== undefined) pkg.installedVersion = installed;
  return pkg;
}

// Grype's package types, as purl types where they differ.
const GRYPE_TYPES: ReadonlyMap<string, string> = new Map([
  ['python', 'pypi'],
  ['java-archive', 'maven'],
  ['jenkins-plugin', 'maven'],
  ['go-module', 'golang'],
  ['rust-crate', 'cargo'],
  ['dotnet', 'nuget'],
  ['php-composer', 'composer'],
  ['dart-pub', 'pub'],
]);

/**
 * Grype, two message formats:
 *   since ~0.70: "A low vulnerability in rpm package: package-1, version 1.1.1 was found in image ..."
 *   before:      "The path /usr/share/doc/tar/copyright reports tar at version 1.34+dfsg-1.2  which is
 *                 a vulnerable (deb) package installed in the container" (or "which would result in")
 * Its rules are per advisory and package name; their help text repeats "Package:", "Version:"
 * and "Fix Version:", and newer releases list the package's purls in rule properties.
 */
function grype(message: string, rule: JsonObject | undefined): PackageRef | undefined {
  let type: string | undefined;
  let name: string | undefined;
  let version: string | undefined;
  const current = /^An? \S+ vulnerability in (\S+) package: (.+?), version (\S+) was found\b/.exec(message);
  const legacy = /^The path .+? reports (\S+) at version (\S+)\s+which (?:is|would result in) a vulnerable \(([^)]*)\) package/.exec(message);
  if (current !== null) [, type, name, version] = current;
  else if (legacy !== null) [, name, version, type] = legacy;
  if (name === undefined || version === undefined) return undefined;

  const pkg: PackageRef = { name, installedVersion: version, fixedVersions: [] };
  if (type !== undefined && type !== '') pkg.ecosystem = GRYPE_TYPES.get(type) ?? type;

  const help = textField(objectField(rule, 'help'), 'text') ?? '';
  if (line(help, 'Package') === name && line(help, 'Version') === version) {
    pkg.fixedVersions = list(line(help, 'Fix Version'));
  }
  for (const purl of arrayField(objectField(rule, 'properties'), 'purls') ?? []) {
    if (typeof purl !== 'string') continue;
    const parsed = parsePurl(purl);
    if (parsed !== undefined && parsed.names.includes(name) && parsed.version === version) {
      pkg.purl = purl;
      pkg.ecosystem = parsed.type;
      break;
    }
  }
  return pkg;
}

// Package managers Snyk lists as a rule tag (`["security", "CWE-400", "npm"]`).
const SNYK_ECOSYSTEMS: ReadonlySet<string> = new Set([
  'npm', 'yarn', 'pnpm', 'pip', 'poetry', 'pipenv', 'maven', 'gradle', 'sbt', 'nuget', 'paket',
  'composer', 'rubygems', 'gomodules', 'golang', 'govendor', 'cocoapods', 'swift', 'hex',
  'cargo', 'deb', 'apk', 'rpm',
]);

/**
 * Snyk Open Source / Container: the message names the package ("This file introduces a
 * vulnerable lodash package with a medium severity vulnerability."), and the rule's
 * fullDescription the installed version: "(CVE-2021-23337) lodash@4.17.20". Snyk Container
 * writes `source/binary@version` ("apt/libapt-pkg6.0@2.6.1") while the message names the
 * source package; the version is the installed binary's, so the binary is the package.
 */
function snyk(message: string, rule: JsonObject | undefined): PackageRef | undefined {
  const named = /^This file introduces a vulnerable (.+?) package with an? /.exec(message)?.[1];
  if (named === undefined) return undefined;
  const pkg: PackageRef = { name: named, fixedVersions: [] };
  const full = textField(objectField(rule, 'fullDescription'), 'text') ?? '';
  const spec = /^(?:\([^)]*\)\s*)?(\S+)@([^@\s]+)$/.exec(full);
  if (spec?.[1] !== undefined && spec[2] !== undefined) {
    if (spec[1] === named) pkg.installedVersion = spec[2];
    else if (spec[1].startsWith(`${named}/`)) {
      pkg.name = spec[1].slice(named.length + 1);
      pkg.installedVersion = spec[2];
    }
  }
  const ecosystem = tagsOf(rule).find((t) => SNYK_ECOSYSTEMS.has(t));
  if (ecosystem !== undefined) pkg.ecosystem = ecosystem;
  return pkg;
}

/**
 * osv-scanner: "Package 'github.com/gogo/protobuf@1.3.1' is vulnerable to 'CVE-2021-3121' ...".
 * Fix versions come from the rule help's "Fixed Versions" table, rows for this package only.
 */
function osvScanner(message: string, rule: JsonObject | undefined): PackageRef | undefined {
  const m = /^Package '(.+)@([^@']+)' is vulnerable to '/.exec(message);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const name = m[1];
  const help = textField(objectField(rule, 'help'), 'markdown') ?? textField(objectField(rule, 'help'), 'text') ?? '';
  const table = help.split('### Fixed Versions')[1] ?? '';
  const fixed: string[] = [];
  for (const row of table.split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    // "| GHSA-m5pq-gvj9-9vr8 | regex | 1.5.5 |" -> ['', id, name, version, '']
    if (cells.length === 5 && cells[2] === name && cells[3] !== undefined && cells[3] !== '' && !fixed.includes(cells[3])) {
      fixed.push(cells[3]);
    }
  }
  return { name, installedVersion: m[2], fixedVersions: fixed };
}

/** The value of a "Key: value" line, if present and non-empty. */
function line(text: string, key: string): string | undefined {
  for (const l of text.split('\n')) {
    if (l.startsWith(`${key}: `)) {
      const value = l.slice(key.length + 2).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** The parts of a purl this file compares: `pkg:npm/%40babel/core@7.0.0` -> core, @babel/core. */
function parsePurl(purl: string): { type: string; names: string[]; version: string | undefined } | undefined {
  const m = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\/([^@?#]+)(?:@([^?#]+))?/.exec(purl);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const segments = m[2].split('/').map(safeDecode);
  const name = segments[segments.length - 1] ?? '';
  const names = segments.length > 1 ? [name, segments.join('/')] : [name];
  return { type: m[1].toLowerCase(), names, version: m[3] === undefined ? undefined : safeDecode(m[3]) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
