/**
 * Reading one OSV record (https://ossf.github.io/osv-schema/) as embedded in
 * OSV-Scanner output, for one scanned package.
 *
 * The typed parts of the schema (id, aliases, summary, details, severity, affected,
 * ranges, events) are validated: a wrong type there rejects the report. The
 * `database_specific` and `ecosystem_specific` sections are free-form by the schema,
 * so they are read opportunistically and never cause a rejection.
 *
 * Fixed versions are the `fixed` events of the ranges of this package (same name, and
 * same ecosystem, see affectedEntries), as OSV-Scanner itself derives them.
 */
import semver from 'semver';
import type { CvssRef, Severity } from '../../engine/model/finding.ts';
import { cvssRef, highestCvss, type CvssVersion } from '../shared/cvss.ts';
import { baseEcosystem } from '../shared/ecosystem.ts';
import {
  looseObject,
  looseString,
  looseStrings,
  objectsIn,
  optObject,
  optString,
  optStringArray,
  reqString,
  type JsonObject,
  type JsonPath,
} from '../shared/json-reader.ts';
import { maxSeverity, toSeverity } from '../shared/severity.ts';

export interface ScannedPackage {
  name: string;
  version?: string;
  ecosystem?: string;
}

export interface OsvRecord {
  id: string;
  /** The record's own `aliases` (other ids of the same vulnerability). */
  aliases: string[];
  summary?: string;
  details?: string;
  /** The severity word the database states (GHSA `database_specific.severity`, Ubuntu priority). */
  statedSeverity: Severity;
  /** Debian-style `ecosystem_specific.urgency` of the affected entries for this package. */
  urgency: Severity;
  cvss?: CvssRef;
  cwe: string[];
  /** `fixed` events of this package's ECOSYSTEM/SEMVER ranges, in document order. */
  fixedVersions: string[];
}

// OSV severity types whose `score` is a CVSS vector; the vector's own prefix still decides the version.
const CVSS_TYPES: ReadonlyMap<string, CvssVersion> = new Map([
  ['CVSS_V2', '2.0'],
  ['CVSS_V3', '3.0'],
  ['CVSS_V4', '4.0'],
]);

function readSeverityEntries(record: JsonObject, path: JsonPath): { cvss?: CvssRef; words: Severity[] } {
  const refs: Array<CvssRef | undefined> = [];
  const words: Severity[] = [];
  for (const { value, path: p } of objectsIn(record, 'severity', path)) {
    const type = optString(value, 'type', p);
    const score = optString(value, 'score', p);
    if (type === undefined || score === undefined) continue;
    const version = CVSS_TYPES.get(type);
    if (version !== undefined) refs.push(cvssRef(score, undefined, version));
    else if (type === 'Ubuntu') words.push(toSeverity(score)); // Ubuntu priority words: low, medium, high...
  }
  // RUSTSEC states its vector in database_specific.cvss when severity[] is empty.
  const rustsec = looseString(looseObject(record, 'database_specific'), 'cvss');
  return { cvss: highestCvss(refs) ?? (rustsec !== undefined ? cvssRef(rustsec, undefined) : undefined), words };
}

const sameEcosystem = (a: string | undefined, b: string | undefined): boolean => a === b;
const sameBaseEcosystem = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && baseEcosystem(a) === baseEcosystem(b);

/**
 * The `affected[]` entries that describe the scanned package. An exact ecosystem match
 * (`Debian:10`) is preferred; only when there is none does the release-less match
 * (`Debian`) apply, as OSV-Scanner itself does, so another release's fixes are not mixed in.
 */
function affectedEntries(record: JsonObject, path: JsonPath, pkg: ScannedPackage): Array<{ value: JsonObject; path: JsonPath }> {
  const entries = objectsIn(record, 'affected', path).map(({ value, path: p }) => {
    const affectedPkg = optObject(value, 'package', p);
    const pkgPath = [...p, 'package'];
    return {
      value,
      path: p,
      name: affectedPkg !== undefined ? optString(affectedPkg, 'name', pkgPath) : undefined,
      ecosystem: affectedPkg !== undefined ? optString(affectedPkg, 'ecosystem', pkgPath) : undefined,
    };
  });
  const named = entries.filter((e) => e.name === pkg.name);
  const exact = named.filter((e) => sameEcosystem(e.ecosystem, pkg.ecosystem));
  return exact.length > 0 ? exact : named.filter((e) => sameBaseEcosystem(e.ecosystem, pkg.ecosystem));
}

/**
 * A fix at or below the installed version belongs to an older branch and is no upgrade
 * path. Versions can only be compared reliably in SEMVER ranges (ECOSYSTEM ranges use
 * each ecosystem's own ordering), so only there are such fixes dropped.
 */
function isUpgradeFor(fixed: string, installed: string | undefined, rangeType: string | undefined): boolean {
  if (rangeType !== 'SEMVER' || installed === undefined) return true;
  const a = semver.valid(fixed, { loose: true });
  const b = semver.valid(installed, { loose: true });
  return a === null || b === null || semver.gt(a, b);
}

function fixedVersionsOf(entries: Array<{ value: JsonObject; path: JsonPath }>, installed: string | undefined): string[] {
  const fixed: string[] = [];
  for (const { value, path } of entries) {
    for (const { value: range, path: rangePath } of objectsIn(value, 'ranges', path)) {
      // GIT ranges fix by commit hash, which is not a package version.
      const type = optString(range, 'type', rangePath);
      const isVersionRange = type === 'ECOSYSTEM' || type === 'SEMVER';
      for (const { value: event, path: eventPath } of objectsIn(range, 'events', rangePath)) {
        const version = optString(event, 'fixed', eventPath);
        if (isVersionRange && version !== undefined && !fixed.includes(version) && isUpgradeFor(version, installed, type)) {
          fixed.push(version);
        }
      }
    }
  }
  return fixed;
}

export function readOsvRecord(record: JsonObject, path: JsonPath, pkg: ScannedPackage): OsvRecord {
  const { cvss, words } = readSeverityEntries(record, path);
  const databaseSpecific = looseObject(record, 'database_specific');
  const entries = affectedEntries(record, path, pkg);
  return {
    id: reqString(record, 'id', path),
    aliases: optStringArray(record, 'aliases', path),
    summary: optString(record, 'summary', path),
    details: optString(record, 'details', path),
    statedSeverity: maxSeverity([toSeverity(looseString(databaseSpecific, 'severity')), ...words]),
    urgency: maxSeverity(entries.map((e) => toSeverity(looseString(looseObject(e.value, 'ecosystem_specific'), 'urgency')))),
    cvss,
    cwe: looseStrings(databaseSpecific, 'cwe_ids'),
    fixedVersions: fixedVersionsOf(entries, pkg.version),
  };
}
