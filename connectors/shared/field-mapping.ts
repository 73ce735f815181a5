/**
 * Generic records (an NDJSON object, a CSV row) as findings, through a field mapping:
 * for each finding field ("target"), the record field that holds it.
 *
 * One mapping engine for both formats, so that a CSV column and an NDJSON key mean
 * the same thing. A record is read through a `FieldReader` (a column lookup for CSV,
 * an own-property path for NDJSON), so the mapping never touches the record itself
 * and a key such as `__proto__` is data like any other.
 *
 * Values are coerced the same way in both formats: text may be a string or a number;
 * lists may be a JSON array or a string separated by commas or semicolons; numbers
 * may be JSON numbers or numeric strings. Empty strings and null mean absent.
 *
 * The default mapping, MODEL_MAPPING, reads the finding model's own field names, so
 * `ctem discover --format ndjson` output can be read back as it is.
 */
import { ReportError } from '../../engine/errors.ts';
import { FINDING_KINDS, type DiscoveredFinding, type FindingKind, type FindingSource } from '../../engine/model/finding.ts';
import { canonicalVulnerabilityId, normaliseAliases, normaliseId } from './advisory-id.ts';
import { cvssRef, type CvssVersion } from './cvss.ts';
import { normaliseCwes } from './cwe.ts';
import { normaliseEcosystem, purlType } from './ecosystem.ts';
import { dropUndefined, unique } from './finding.ts';
import { isJsonObject, own } from './json-reader.ts';
import { severityFromScore, toSeverity } from './severity.ts';

export const MAPPING_TARGETS = [
  'id', 'kind', 'vulnerability_id', 'aliases', 'cwe', 'title', 'description', 'severity',
  'cvss_vector', 'cvss_score', 'cvss_version',
  'package', 'ecosystem', 'purl', 'installed_version', 'fixed_version',
  'path', 'start_line', 'end_line', 'start_column', 'logical',
  'asset', 'target', 'suppressed', 'justification', 'baseline_state',
  'help_uri', 'native_fingerprint', 'native_id', 'first_seen', 'last_seen', 'tool', 'tool_version',
] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];
export type FieldMapping = Partial<Record<MappingTarget, string>>;

/** The finding model's own names (docs/finding-model.md); nested fields as dotted paths. */
export const MODEL_MAPPING: Readonly<Record<MappingTarget, string>> = {
  id: 'ruleId',
  kind: 'kind',
  vulnerability_id: 'vulnerabilityId',
  aliases: 'aliases',
  cwe: 'cwe',
  title: 'title',
  description: 'description',
  severity: 'severity',
  cvss_vector: 'cvss.vector',
  cvss_score: 'cvss.score',
  cvss_version: 'cvss.version',
  package: 'package.name',
  ecosystem: 'package.ecosystem',
  purl: 'package.purl',
  installed_version: 'package.installedVersion',
  fixed_version: 'package.fixedVersions',
  path: 'location.path',
  start_line: 'location.startLine',
  end_line: 'location.endLine',
  start_column: 'location.startColumn',
  logical: 'location.logical',
  asset: 'asset',
  target: 'target',
  suppressed: 'suppressed.kind',
  justification: 'suppressed.justification',
  baseline_state: 'baselineState',
  help_uri: 'helpUri',
  native_fingerprint: 'nativeFingerprint',
  native_id: 'sources.0.nativeId',
  first_seen: 'firstSeen',
  last_seen: 'lastSeen',
  tool: 'sources.0.tool',
  tool_version: 'sources.0.toolVersion',
};

/** A record's value for a field name, as the record holds it; undefined when it has none. */
export type FieldReader = (field: string) => unknown;

export interface RecordContext {
  /** Connector name, for `sources[0].connector`. */
  connector: string;
  file: string;
  lineNo: number;
  /** The tool named when the record names none (the `tool` option, else the connector name). */
  defaultTool: string;
  /** The kind when the record states none (the `kind` option, else `vulnerability`). */
  defaultKind: FindingKind;
  /** How a field is named in errors: `$.package.name` (NDJSON) or `column 'Package'` (CSV). */
  where(field: string): string;
  /** Sources carried from a re-ingested ctem finding (NDJSON with the default mapping). */
  carriedSources?: FindingSource[];
}

const BASELINE_STATES = ['new', 'unchanged', 'updated', 'absent'] as const;
const CVSS_VERSIONS: readonly string[] = ['2.0', '3.0', '3.1', '4.0'];
// Words that mean "not suppressed" / "suppressed, no kind given" in a spreadsheet column.
const NOT_SUPPRESSED = new Set(['false', 'no', 'n', '0']);
const SUPPRESSED = new Set(['true', 'yes', 'y', '1']);

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Reads targets through a mapping, with located, line-numbered errors. */
class MappedRecord {
  constructor(
    private readonly read: FieldReader,
    private readonly mapping: FieldMapping,
    private readonly ctx: RecordContext,
  ) {}

  fail(target: MappingTarget, message: string): never {
    const field = this.mapping[target] ?? target;
    throw new ReportError(this.ctx.where(field), message, this.ctx.lineNo);
  }

  raw(target: MappingTarget): unknown {
    const field = this.mapping[target];
    if (field === undefined) return undefined;
    const value = this.read(field);
    return value === null || value === '' ? undefined : value;
  }

  text(target: MappingTarget): string | undefined {
    const value = this.raw(target);
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.fail(target, `must be text (got ${typeName(value)})`);
  }

  number(target: MappingTarget): number | undefined {
    const value = this.raw(target);
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
    if (!Number.isFinite(n)) this.fail(target, `must be a number (got ${describeValue(value)})`);
    return n;
  }

  /** A positive line or column number; 0 means absent (tools write 0 for "unknown"). */
  position(target: MappingTarget): number | undefined {
    const n = this.number(target);
    if (n === undefined || n === 0) return undefined;
    if (!Number.isInteger(n) || n < 0) this.fail(target, `must be a whole number of 0 or more (got ${n})`);
    return n;
  }

  list(target: MappingTarget, separator: RegExp): string[] {
    const value = this.raw(target);
    if (value === undefined) return [];
    const items = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    items.forEach((item) => {
      if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
      else if (typeof item === 'string') out.push(...item.split(separator).map((s) => s.trim()).filter((s) => s !== ''));
      else if (item !== null) this.fail(target, `must be text or a list of text (got ${typeName(item)} in it)`);
    });
    return out;
  }
}

const describeValue = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeName(value));

// Advisory and CWE ids never contain these; fixed versions may contain spaces (`1.2 beta`), so only , and ;.
const ID_SEPARATOR = /[\s,;]+/;
const VERSION_SEPARATOR = /[,;]/;

/** One record as a finding. Throws ReportError (with the line number) when a mapped value is unusable. */
export function mapRecord(read: FieldReader, mapping: FieldMapping, ctx: RecordContext): DiscoveredFinding {
  const r = new MappedRecord(read, mapping, ctx);
  const ruleId = r.text('id') ?? r.fail('id', 'is required: the rule or advisory id of the finding');

  const kindText = r.text('kind')?.trim().toLowerCase();
  if (kindText !== undefined && !(FINDING_KINDS as readonly string[]).includes(kindText)) {
    r.fail('kind', `must be one of ${FINDING_KINDS.join(', ')} (got ${describeValue(kindText)})`);
  }
  const kind = (kindText as FindingKind | undefined) ?? ctx.defaultKind;

  const listed = r.list('aliases', ID_SEPARATOR);
  const aliases = normaliseAliases(kind === 'vulnerability' ? [ruleId, ...listed] : listed);
  const statedId = r.text('vulnerability_id');
  const vulnerabilityId = statedId !== undefined ? normaliseId(statedId) : kind === 'vulnerability' ? canonicalVulnerabilityId(ruleId, aliases) : undefined;

  const pkgName = r.text('package');
  const purl = r.text('purl');
  const pkg =
    pkgName === undefined
      ? undefined
      : dropUndefined({
          name: pkgName,
          ecosystem: normaliseEcosystem(r.text('ecosystem')) ?? purlType(purl),
          purl,
          installedVersion: r.text('installed_version'),
          fixedVersions: unique(r.list('fixed_version', VERSION_SEPARATOR)),
        });

  const location = dropUndefined({
    path: r.text('path'),
    startLine: r.position('start_line'),
    endLine: r.position('end_line'),
    startColumn: r.position('start_column'),
    logical: r.text('logical'),
  });

  const sourceOwn: FindingSource = dropUndefined({
    connector: ctx.connector,
    tool: r.text('tool') ?? ctx.defaultTool,
    toolVersion: r.text('tool_version'),
    file: ctx.file,
    pointer: `line:${ctx.lineNo}`,
    nativeId: r.text('native_id'),
  });

  return dropUndefined<DiscoveredFinding>({
    kind,
    ruleId,
    vulnerabilityId,
    aliases,
    cwe: normaliseCwes(r.list('cwe', ID_SEPARATOR)),
    title: r.text('title') ?? (pkgName !== undefined ? `${ruleId} in ${pkgName}` : ruleId),
    description: r.text('description'),
    severity: severityOf(r),
    cvss: cvssOf(r),
    package: pkg,
    location: Object.keys(location).length > 0 ? location : undefined,
    assetHint: r.text('asset'),
    target: r.text('target'),
    suppressed: suppressionOf(r),
    baselineState: baselineOf(r),
    helpUri: r.text('help_uri'),
    nativeFingerprint: r.text('native_fingerprint'),
    firstSeen: r.text('first_seen'),
    lastSeen: r.text('last_seen'),
    sources: [sourceOwn, ...(ctx.carriedSources ?? [])],
  });
}

/** A word (`High`, `moderate`) or a CVSS-like score (`7.5`). */
function severityOf(r: MappedRecord) {
  const value = r.raw('severity');
  if (value === undefined) return 'unknown';
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))) {
    const score = r.number('severity')!;
    if (score < 0 || score > 10) r.fail('severity', `a numeric severity must be a score from 0 to 10 (got ${score})`);
    return severityFromScore(score);
  }
  return toSeverity(r.text('severity'));
}

function cvssOf(r: MappedRecord) {
  const stated = r.text('cvss_version');
  if (stated !== undefined && !CVSS_VERSIONS.includes(stated)) r.fail('cvss_version', `must be one of ${CVSS_VERSIONS.join(', ')} (got ${describeValue(stated)})`);
  const score = r.number('cvss_score');
  if (score !== undefined && (score < 0 || score > 10)) r.fail('cvss_score', `must be from 0 to 10 (got ${score})`);
  return cvssRef(r.text('cvss_vector'), score, stated as CvssVersion | undefined);
}

function suppressionOf(r: MappedRecord): DiscoveredFinding['suppressed'] {
  const value = r.text('suppressed')?.trim();
  if (value === undefined || NOT_SUPPRESSED.has(value.toLowerCase())) return undefined;
  const kind = SUPPRESSED.has(value.toLowerCase()) ? 'external' : value;
  return dropUndefined({ kind, justification: r.text('justification') });
}

function baselineOf(r: MappedRecord): DiscoveredFinding['baselineState'] {
  const value = r.text('baseline_state')?.trim().toLowerCase();
  if (value === undefined) return undefined;
  if (!(BASELINE_STATES as readonly string[]).includes(value)) r.fail('baseline_state', `must be one of ${BASELINE_STATES.join(', ')} (got ${describeValue(value)})`);
  return value as DiscoveredFinding['baselineState'];
}

/**
 * A reader over a parsed JSON object: the field is an own key, or else a dotted path
 * of own keys and array indexes (`package.name`, `sources.0.tool`).
 */
export function jsonFieldReader(record: Readonly<Record<string, unknown>>): FieldReader {
  return (field) => {
    if (Object.hasOwn(record, field)) return record[field];
    let current: unknown = record;
    for (const segment of segmentsOf(field)) {
      if (Array.isArray(current)) {
        if (!/^\d+$/.test(segment)) return undefined;
        current = Object.hasOwn(current, segment) ? (current as unknown[])[Number(segment)] : undefined;
      } else if (isJsonObject(current)) {
        current = own(current, segment);
      } else {
        return undefined;
      }
    }
    return current;
  };
}

/**
 * The `sources` of a ctem finding being read back, validated and copied field by
 * field (only the model's fields; anything else in the record stays behind).
 */
export function carriedSources(value: unknown, lineNo: number): FindingSource[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ReportError('$.sources', 'must be an array', lineNo);
  return value.map((s, i) => {
    const at = `$.sources[${i}]`;
    if (!isJsonObject(s)) throw new ReportError(at, 'must be an object', lineNo);
    const str = (key: string, required: boolean): string | undefined => {
      const v = own(s, key);
      if (v === undefined || v === null) {
        if (required) throw new ReportError(`${at}.${key}`, 'is required', lineNo);
        return undefined;
      }
      if (typeof v !== 'string') throw new ReportError(`${at}.${key}`, `must be a string (got ${typeName(v)})`, lineNo);
      return v;
    };
    return dropUndefined<FindingSource>({
      connector: str('connector', true)!,
      tool: str('tool', true)!,
      toolVersion: str('toolVersion', false),
      file: str('file', false),
      pointer: str('pointer', true)!,
      nativeId: str('nativeId', false),
    });
  });
}

// A mapping names the same few dotted fields for every record: split once.
const fieldSegments = new Map<string, readonly string[]>();
function segmentsOf(field: string): readonly string[] {
  let s = fieldSegments.get(field);
  if (s === undefined) {
    if (fieldSegments.size >= 1_000) fieldSegments.clear();
    fieldSegments.set(field, (s = field.split('.')));
  }
  return s;
}
