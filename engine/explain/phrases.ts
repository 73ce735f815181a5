/**
 * One input of a rule, with the value the rule saw, as a phrase of plain English:
 * `kev.listed = true` → "CVE-2022-22965 is in CISA KEV (added 2022-04-04)". Known
 * variables of the input document (docs/policy.md) have their own wording; any
 * other variable falls back to "`name` is value". Pure.
 *
 * Values can come from scanner output, so every string that ends up in a phrase goes
 * through `plain` (no control characters that could drive a terminal).
 */
import type { Decision } from '../model/decision.ts';

type Phrase = (value: unknown, d: Decision) => string;

/** Strip control characters (ANSI escapes, carriage returns) from untrusted text. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

export const vulnerabilityOf = (d: Decision): string => plain(d.finding.vulnerability_id ?? d.finding.rule_id);
const assetOf = (d: Decision): string => `asset ${plain(d.asset)}`;
const scopeOf = (d: Decision): string => (d.scope === null ? 'its scope' : `scope ${plain(d.scope)}`);
const text = (v: unknown): string => (typeof v === 'string' ? plain(v) : plain(JSON.stringify(v) ?? 'null'));
const list = (v: unknown): string => (Array.isArray(v) && v.length > 0 ? v.map(text).join(', ') : 'none');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** 0.94437 → "94.4%", 0.0005 → "0.05%". */
export function percent(p: number): string {
  const v = p * 100;
  const digits = v >= 10 ? 1 : v >= 1 ? 2 : 3;
  return `${Number(v.toFixed(digits))}%`;
}

const EXPOSURE: Record<string, string> = {
  internet: 'internet-facing',
  internal: 'on the internal network only',
  isolated: 'isolated from the network',
};

const KIND: Record<string, string> = {
  vulnerability: 'it is a vulnerability',
  secret: 'it is a leaked secret',
  misconfiguration: 'it is a misconfiguration',
  code: 'it is a weakness in code',
  license: 'it is a licence finding',
  exposure: 'it is an exposed service',
};

const yesNo = (yes: string, no: string): Phrase => (v) => (v === true ? yes : no);
/** ` (edge-gateway → payments-api → payments-db)`, or nothing when the decision records no path. */
const attackPathOf = (d: Decision): string => {
  const assets = d.validation.attack_path?.assets;
  return assets && assets.length > 0 ? ` (${assets.map(plain).join(' → ')})` : '';
};

const PHRASES: Record<string, Phrase> = {
  'kev.listed': (v, d) => {
    if (v !== true) return `${vulnerabilityOf(d)} is not in CISA KEV`;
    const k = d.enrichment?.kev;
    const added = k?.date_added ? ` (added ${plain(k.date_added)})` : '';
    return `${vulnerabilityOf(d)} is in CISA KEV${added}${k?.ransomware ? ' and known to be used in ransomware campaigns' : ''}`;
  },
  'kev.ransomware': (v, d) =>
    v === true ? `${vulnerabilityOf(d)} is known to be used in ransomware campaigns (CISA KEV)` : `${vulnerabilityOf(d)} is not known to be used in ransomware campaigns`,
  'kev.date_added': (v, d) => (v ? `${vulnerabilityOf(d)} was added to CISA KEV on ${text(v)}` : `${vulnerabilityOf(d)} is not in CISA KEV`),
  'kev.due_date': (v, d) => (v ? `CISA's remediation deadline for ${vulnerabilityOf(d)} was ${text(v)}` : `${vulnerabilityOf(d)} has no CISA deadline`),
  'epss.score': (v, d) =>
    isNum(v) ? `EPSS gives ${vulnerabilityOf(d)} a ${percent(v)} probability of exploitation in the next 30 days` : `${vulnerabilityOf(d)} has no EPSS score`,
  'epss.percentile': (v, d) => {
    if (!isNum(v)) return `${vulnerabilityOf(d)} has no EPSS score`;
    const top = v >= 0.9995 ? 'among the very highest' : `in the top ${percent(1 - v)}`;
    return `${vulnerabilityOf(d)} is ${top} of EPSS scores (percentile ${v})`;
  },
  'cvss.score': (v, d) => {
    const version = d.enrichment?.cvss?.version;
    return isNum(v) ? `its CVSS${version ? ` ${plain(version)}` : ''} base score is ${v}` : 'it has no CVSS score';
  },
  'cvss.severity': (v) => (v ? `its CVSS severity is ${text(v)}` : 'it has no CVSS score'),
  'cvss.version': (v) => (v ? `its CVSS vector is version ${text(v)}` : 'it has no CVSS vector'),
  'cvss.vector': (v) => (v ? `its CVSS vector is ${text(v)}` : 'it has no CVSS vector'),
  'ssvc.decision': (v) => (v ? `the CISA SSVC decision is ${text(v)}` : 'no SSVC decision was made'),
  'ssvc.exploitation': (v) => `SSVC exploitation is "${text(v)}"`,
  'ssvc.automatable': (v) => (v === 'yes' ? 'exploitation can be automated (SSVC)' : 'exploitation cannot be automated (SSVC)'),
  'ssvc.technical_impact': (v) => `its technical impact is ${text(v)} (SSVC)`,
  'ssvc.mission_wellbeing': (v) => `the mission and well-being impact is ${text(v)} (SSVC)`,
  'validation.internet_exposed': (v, d) => (v === true ? `${assetOf(d)} is internet-facing` : `${assetOf(d)} is not internet-facing`),
  'validation.crown_jewel': (v, d) => (v === true ? `${assetOf(d)} is a crown jewel` : `${assetOf(d)} is not a crown jewel`),
  'validation.reachable': (v, d) => (v === true ? `an attacker can reach ${assetOf(d)} from an entry point` : `no attack path from an entry point reaches ${assetOf(d)}`),
  'validation.on_path': (v, d) => (v === true ? `${assetOf(d)} is on an attack path to a crown jewel${attackPathOf(d)}` : `${assetOf(d)} is on no attack path to a crown jewel`),
  'validation.path_length': (v, d) =>
    isNum(v) ? `the shortest attack path through ${assetOf(d)} is ${v} hop(s) from an entry point to a crown jewel${attackPathOf(d)}` : `${assetOf(d)} is on no attack path to a crown jewel`,
  'validation.paths_to_crown_jewels': (v, d) =>
    isNum(v) && v > 0 ? `${v} entry-to-crown-jewel attack path(s) pass through ${assetOf(d)}${attackPathOf(d)}` : `no attack path to a crown jewel passes through ${assetOf(d)}`,
  'validation.choke_point': (v, d) => (v === true ? `${assetOf(d)} is a choke point: fixing it cuts attack paths to crown jewels` : `${assetOf(d)} is not a choke point`),
  'validation.pivot': yesNo('it lets an attacker move on along an attack path', 'it does not let an attacker move on along an attack path'),
  'validation.confirmed': yesNo('it was shown to be exploitable here', 'it has not been shown to be exploitable here'),
  'validation.result': (v) => (v ? `the latest validation found it ${text(v)}` : 'it has not been validated'),
  'validation.vex': (v) => (v ? `a VEX statement says ${text(v)}` : 'no VEX statement covers it'),
  'scope.id': (v, d) => (v ? `${assetOf(d)} is in scope ${text(v)}` : `${assetOf(d)} is in no scope`),
  'scope.criticality': (v, d) => (v ? `${scopeOf(d)} is of ${text(v)} criticality` : `${assetOf(d)} is in no scope`),
  'scope.exposure': (v, d) => (v ? `${scopeOf(d)} is ${EXPOSURE[String(v)] ?? text(v)}` : `${assetOf(d)} is in no scope`),
  'scope.crown_jewel': (v, d) => (v === true ? `${scopeOf(d)} is a crown jewel` : `${scopeOf(d)} is not a crown jewel`),
  'scope.data_classification': (v, d) => (Array.isArray(v) && v.length > 0 ? `${scopeOf(d)} holds ${list(v)} data` : `${scopeOf(d)} declares no data classes`),
  'asset.id': (v) => `the asset is ${text(v)}`,
  'asset.type': (v, d) => `${assetOf(d)} is of type ${text(v)}`,
  'asset.name': (v, d) => `${assetOf(d)} is named ${text(v)}`,
  'asset.exposure': (v, d) => (v ? `${assetOf(d)} is ${EXPOSURE[String(v)] ?? text(v)}` : `${assetOf(d)} has no declared exposure`),
  'asset.tags': (v, d) => `${assetOf(d)} is tagged ${list(v)}`,
  'asset.repository': (v, d) => (v ? `${assetOf(d)} lives in ${text(v)}` : `${assetOf(d)} has no repository`),
  'asset.known': yesNo('the asset is in the inventory', 'the asset is not in the inventory'),
  'finding.kind': (v) => KIND[String(v)] ?? `it is a ${text(v)} finding`,
  'finding.severity': (v) => `the scanner rates it ${text(v)}`,
  'finding.vulnerability_id': (v) => (v ? `it is ${text(v)}` : 'it has no vulnerability id'),
  'finding.rule_id': (v) => `the scanner's rule is ${text(v)}`,
  'finding.aliases': (v) => `it is also known as ${list(v)}`,
  'finding.cwe': (v) => `its weakness is ${list(v)}`,
  'finding.title': (v) => `its title is "${text(v)}"`,
  'finding.tools': (v) => `it was reported by ${list(v)}`,
  'finding.path': (v) => (v ? `it is in ${text(v)}` : 'it has no file path'),
  'finding.suppressed': yesNo('the scanner marks it suppressed', 'the scanner does not suppress it'),
  'finding.first_seen': (v) => `it was first seen on ${text(v).slice(0, 10)}`,
  'finding.age_days': (v) => `it was first seen ${text(v)} day(s) ago`,
  'finding.package': (v) => (v === null ? 'it is not in a package' : 'it is in a package'),
  'finding.package.name': (v) => (v ? `it is in package ${text(v)}` : 'it is not in a package'),
  'finding.package.ecosystem': (v) => (v ? `the package is from ${text(v)}` : 'the package ecosystem is unknown'),
  'finding.package.installed_version': (v) => (v ? `version ${text(v)} is installed` : 'the installed version is unknown'),
  'finding.package.fixed_versions': (v) => (Array.isArray(v) && v.length > 0 ? `it is fixed in ${list(v)}` : 'no fixed version is known'),
  'finding.package.fixable': (v, d) => {
    const fixed = d.finding.package?.fixed_versions ?? [];
    return v === true ? `a fix is available${fixed.length ? ` (${list(fixed)})` : ''}` : 'no fixed version is known';
  },
  'sla.previous_priority': (v) => (v ? `it was ${text(v)} in the previous run` : 'no previous decision is known'),
  'sla.previous_due_date': (v) => (v ? `it was due on ${text(v)} in the previous run` : 'no previous decision is known'),
  'sla.overdue': yesNo('its previous due date has passed', 'it is not past a previous due date'),
  now: (v) => `the run's time is ${text(v)}`,
};

/** Wording for one input, falling back to "`name` is value" for variables without a phrase of their own. */
export function describeInput(variable: string, value: unknown, d: Decision): string {
  const phrase = Object.hasOwn(PHRASES, variable) ? PHRASES[variable] : undefined;
  if (phrase) return phrase(value, d);
  if (variable.startsWith('asset.attributes.')) return `${assetOf(d)} has ${plain(variable.slice('asset.attributes.'.length))} = ${text(value)}`;
  return `${plain(variable)} is ${text(value)}`;
}

/** Variables with their own wording (for docs and tests). */
export const PHRASED_VARIABLES: readonly string[] = Object.keys(PHRASES);
