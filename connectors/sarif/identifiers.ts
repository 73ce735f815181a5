/**
 * Weakness (CWE) and advisory (CVE, GHSA, OSV-style, Snyk) identifiers of a result.
 *
 * CWE ids come from where real tools put them:
 *   - `properties.tags` of the rule and the result: CodeQL `external/cwe/cwe-079`, Snyk
 *     `CWE-400`, Semgrep `CWE-89: Improper Neutralization...`;
 *   - rule `relationships` and result `taxa` that point into a taxonomy named `CWE`
 *     (gosec, the Fortify converter), by id or by index into `run.taxonomies[*].taxa`;
 *   - a rule id that is itself a CWE id (`CWE-306`).
 * They are normalised to `CWE-<n>` without leading zeros, and sorted by number.
 *
 * Advisory ids are searched in identifiers only (rule ids, rule names, deprecatedIds, tags,
 * `cve` properties, and the few tool texts tools.ts knows to be identifier lists), never in
 * free prose, where "fixed together with CVE-..." would attach the wrong advisory.
 */
import {
  arrayField,
  field,
  indexField,
  isObject,
  objectField,
  stringField,
  stringsField,
  textField,
  type JsonObject,
} from './json.ts';

const CWE_TAG = /^(?:external\/cwe\/)?cwe[-_: ]?0*(\d{1,6})(?!\d)/i;
const CWE_ID = /^(?:cwe[-_: ]?)?0*(\d{1,6})$/i;

// Token-bounded, so `CVE-2005-2541-tar` (a Grype rule id: advisory + package) yields
// CVE-2005-2541, and `XCVE-...` or `CVE-2021-44228999x` yield nothing.
const ADVISORY =
  /(?<![A-Za-z0-9])(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|(?:RUSTSEC|PYSEC|GO|OSV|GSD|MAL)-\d{4}-\d{1,7}|SNYK-[A-Z0-9]+(?:-[A-Z0-9]+)*-\d+)(?![A-Za-z0-9])/gi;

export function tagsOf(obj: JsonObject | undefined): string[] {
  return stringsField(objectField(obj, 'properties'), 'tags');
}

/**
 * Identifier-only properties some converters add (the sarif-sdk's Nessus converter writes
 * `properties.cve: ["CVE-...", ...]`): a string or an array of strings.
 */
export function advisoryProperties(obj: JsonObject | undefined): string[] {
  const bag = objectField(obj, 'properties');
  const out: string[] = [];
  for (const key of ['cve', 'cves']) {
    const value = field(bag, key);
    if (typeof value === 'string') out.push(value);
    else out.push(...stringsField(bag, key));
  }
  return out;
}

export function cweIds(ruleId: string, result: JsonObject, rule: JsonObject | undefined, run: JsonObject): string[] {
  const found = new Set<number>();
  const add = (n: number | undefined): void => {
    if (n !== undefined && n > 0) found.add(n);
  };

  for (const tag of [...tagsOf(rule), ...tagsOf(result)]) add(match(CWE_TAG, tag));
  for (const id of [ruleId, stringField(rule, 'id')]) {
    if (id !== undefined && /^CWE-\d+$/i.test(id)) add(match(CWE_ID, id));
  }
  const references = [
    ...(arrayField(rule, 'relationships') ?? []).map((r) => field(r, 'target')),
    ...(arrayField(result, 'taxa') ?? []),
  ];
  for (const ref of references) {
    if (isObject(ref)) add(cweFromReference(ref, run));
  }
  return [...found].sort((a, b) => a - b).map((n) => `CWE-${n}`);
}

function match(re: RegExp, text: string): number | undefined {
  const m = re.exec(text);
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 10);
}

/** A reportingDescriptorReference into the CWE taxonomy, as a CWE number. */
function cweFromReference(ref: JsonObject, run: JsonObject): number | undefined {
  const componentRef = objectField(ref, 'toolComponent');
  const taxonomy = findTaxonomy(componentRef, run);
  const name = stringField(componentRef, 'name') ?? stringField(taxonomy, 'name');
  if (name === undefined || name.toUpperCase() !== 'CWE') return undefined;
  let id = textField(ref, 'id');
  if (id === undefined) {
    const index = indexField(ref, 'index');
    if (index !== undefined) id = textField(arrayField(taxonomy, 'taxa')?.[index], 'id');
  }
  return id === undefined ? undefined : match(CWE_ID, id);
}

function findTaxonomy(componentRef: JsonObject | undefined, run: JsonObject): JsonObject | undefined {
  if (componentRef === undefined) return undefined;
  const taxonomies = (arrayField(run, 'taxonomies') ?? []).filter(isObject);
  const index = indexField(componentRef, 'index');
  if (index !== undefined) return taxonomies[index];
  const guid = stringField(componentRef, 'guid')?.toLowerCase();
  if (guid !== undefined) return taxonomies.find((t) => stringField(t, 'guid')?.toLowerCase() === guid);
  const name = stringField(componentRef, 'name');
  return name === undefined ? undefined : taxonomies.find((t) => stringField(t, 'name') === name);
}

/** Every advisory id in `text`, upper-cased, in order of appearance. */
export function findAdvisoryIds(text: string): string[] {
  return [...text.matchAll(ADVISORY)].map((m) => m[0].toUpperCase());
}

export interface Advisories {
  /** A CVE if one is known, else a GHSA, else the first other advisory id. */
  vulnerabilityId?: string;
  /** Upper-cased, sorted, unique. */
  aliases: string[];
}

/**
 * The advisory ids found in `sources`, which are listed most authoritative first, plus
 * `known`: ids the caller knows to be advisories whatever their shape.
 */
export function advisories(sources: Iterable<string>, known: readonly string[] = []): Advisories {
  const ordered: string[] = [];
  for (const id of known) {
    const upper = id.toUpperCase();
    if (!ordered.includes(upper)) ordered.push(upper);
  }
  for (const source of sources) {
    for (const id of findAdvisoryIds(source)) if (!ordered.includes(id)) ordered.push(id);
  }
  const vulnerabilityId =
    ordered.find((id) => id.startsWith('CVE-')) ?? ordered.find((id) => id.startsWith('GHSA-')) ?? ordered[0];
  const aliases = [...ordered].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return vulnerabilityId === undefined ? { aliases } : { vulnerabilityId, aliases };
}
