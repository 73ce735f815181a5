/**
 * CISA Known Exploited Vulnerabilities catalog
 * (https://www.cisa.gov/known-exploited-vulnerabilities-catalog), JSON form,
 * checked against the rules of its published schema
 * (known_exploited_vulnerabilities_schema.json): required fields, CVE and CWE id
 * patterns, YYYY-MM-DD dates. Errors name the JSON path of the bad value
 * (`$.vulnerabilities[12].dateAdded`); the shell adds the file name.
 *
 * Fields the schema does not know are ignored, so that CISA adding one does not
 * stop every ctem run. A `count` that disagrees with the array is only a warning:
 * the entries themselves are still usable.
 */
import { ReportError, type Problem } from '../errors.ts';
import { toJsonPath, type PathSegment } from '../model/json-path.ts';
import { isIsoDate, isIsoDateTime } from './dates.ts';
import { feedText } from './feed-text.ts';

export type KevRansomwareUse = 'Known' | 'Unknown';

export interface KevEntry {
  readonly cveID: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  /** YYYY-MM-DD. */
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  /** YYYY-MM-DD: the BOD 22-01 remediation deadline for US federal agencies. */
  readonly dueDate: string;
  /** Optional in the schema; an absent value reads as 'Unknown'. */
  readonly knownRansomwareCampaignUse: KevRansomwareUse;
  /** Optional in the schema; '' when absent. */
  readonly notes: string;
  /** Optional in the schema; [] when absent. */
  readonly cwes: readonly string[];
}

export interface KevCatalog {
  readonly catalogVersion: string;
  /** Date-time of the release, as CISA wrote it. */
  readonly dateReleased: string;
  /** Keyed by CVE id (upper case, as in the catalog). */
  readonly entries: ReadonlyMap<string, KevEntry>;
  /** Problems that do not make the catalog unusable (e.g. a wrong `count`). */
  readonly warnings: readonly Problem[];
}

const CVE_ID = /^CVE-[0-9]{4}-[0-9]{4,19}$/;
const CWE_ID = /^CWE-[0-9]+$/;
const REQUIRED_TEXT = ['vendorProject', 'product', 'vulnerabilityName', 'shortDescription', 'requiredAction'] as const;

/** Parse the catalog from JSON text or bytes (plain or gzipped). */
export function parseKev(input: string | Uint8Array): KevCatalog {
  const text = feedText(input);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    throw new ReportError('$', `not valid JSON: ${message}`, lineOfJsonError(text, message));
  }
  return readKev(doc);
}

/** Validate an already-parsed catalog document. */
export function readKev(doc: unknown): KevCatalog {
  const root = object(doc, []);
  const catalogVersion = text(root, 'catalogVersion', [], true);
  const dateReleased = text(root, 'dateReleased', [], false);
  if (!isIsoDateTime(dateReleased)) fail(['dateReleased'], `must be an ISO date-time, found ${JSON.stringify(dateReleased)}`);
  const count = root.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    fail(['count'], count === undefined ? 'is missing' : `must be a non-negative integer, found ${JSON.stringify(count)}`);
  }
  const list = root.vulnerabilities;
  if (!Array.isArray(list)) fail(['vulnerabilities'], list === undefined ? 'is missing' : 'must be an array');

  const entries = new Map<string, KevEntry>();
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const entry = readEntry(list[i], i);
    const seen = firstIndex.get(entry.cveID);
    if (seen !== undefined) {
      fail(['vulnerabilities', i, 'cveID'], `${entry.cveID} is listed twice (also at $.vulnerabilities[${seen}])`);
    }
    firstIndex.set(entry.cveID, i);
    entries.set(entry.cveID, entry);
  }

  const warnings: Problem[] = [];
  if (count !== list.length) {
    warnings.push({
      code: 'kev-count',
      severity: 'warning',
      message: `count says ${count} but the catalog lists ${list.length} vulnerabilities`,
      path: '$.count',
    });
  }
  return { catalogVersion, dateReleased, entries, warnings };
}

function readEntry(value: unknown, i: number): KevEntry {
  const at: PathSegment[] = ['vulnerabilities', i];
  const v = object(value, at);
  const cveID = text(v, 'cveID', at, false);
  if (!CVE_ID.test(cveID)) fail([...at, 'cveID'], `must be a CVE id (CVE-YYYY-NNNN), found ${JSON.stringify(cveID)}`);
  const [vendorProject, product, vulnerabilityName, shortDescription, requiredAction] = REQUIRED_TEXT.map((k) =>
    text(v, k, at, false),
  ) as [string, string, string, string, string];
  const dateAdded = date(v, 'dateAdded', at);
  const dueDate = date(v, 'dueDate', at);

  let knownRansomwareCampaignUse: KevRansomwareUse = 'Unknown';
  if (v.knownRansomwareCampaignUse !== undefined) {
    const use = v.knownRansomwareCampaignUse;
    if (use !== 'Known' && use !== 'Unknown') {
      fail([...at, 'knownRansomwareCampaignUse'], `must be 'Known' or 'Unknown', found ${JSON.stringify(use)}`);
    }
    knownRansomwareCampaignUse = use;
  }
  const notes = v.notes === undefined ? '' : text(v, 'notes', at, false);
  let cwes: readonly string[] = [];
  if (v.cwes !== undefined) {
    if (!Array.isArray(v.cwes)) fail([...at, 'cwes'], 'must be an array of CWE ids');
    cwes = v.cwes.map((c: unknown, j: number) => {
      if (typeof c !== 'string' || !CWE_ID.test(c)) {
        fail([...at, 'cwes', j], `must be a CWE id (CWE-N), found ${JSON.stringify(c)}`);
      }
      return c;
    });
  }
  return {
    cveID, vendorProject, product, vulnerabilityName, dateAdded, shortDescription, requiredAction, dueDate,
    knownRansomwareCampaignUse, notes, cwes,
  };
}

/**
 * The message names the field but not the whole path: the CLI prints the path
 * beside it (`… (at $.vulnerabilities[12].dateAdded)`).
 */
function fail(at: readonly PathSegment[], message: string): never {
  const last = at[at.length - 1];
  const subject = last === undefined ? 'the catalog' : typeof last === 'number' ? `item ${last}` : last;
  throw new ReportError(toJsonPath(at), `${subject} ${message}`);
}

function object(value: unknown, at: readonly PathSegment[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, 'must be an object');
  return value as Record<string, unknown>;
}

function text(o: Record<string, unknown>, key: string, at: readonly PathSegment[], nonEmpty: boolean): string {
  const value = o[key];
  if (value === undefined) fail([...at, key], 'is missing');
  if (typeof value !== 'string') fail([...at, key], `must be a string, found ${JSON.stringify(value)}`);
  if (nonEmpty && value.trim() === '') fail([...at, key], 'must not be empty');
  return value;
}

function date(o: Record<string, unknown>, key: string, at: readonly PathSegment[]): string {
  const value = text(o, key, at, false);
  if (!isIsoDate(value)) fail([...at, key], `must be a YYYY-MM-DD date, found ${JSON.stringify(value)}`);
  return value;
}

/** V8 says `... at position 123` (Node 20) or `(line 4 column 7)` (newer); either gives a line. */
function lineOfJsonError(text: string, message: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(message);
  if (line) return Number(line[1]);
  const position = /at position (\d+)/.exec(message);
  if (!position) return undefined;
  const end = Math.min(Number(position[1]), text.length);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
