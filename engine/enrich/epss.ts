/**
 * FIRST EPSS daily scores (https://www.first.org/epss/data_stats):
 *
 *   #model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z
 *   cve,epss,percentile
 *   CVE-1999-0001,0.03351,0.88255
 *
 * The file has ~300,000 rows and is read on every run, so it is parsed into three
 * typed arrays (CVE key, epss, percentile) sorted by CVE, not into a Map of 300,000
 * strings and objects: measured, building the Map alone cost more than the whole
 * typed-array parse, and it holds several times the memory. Lookups are a binary
 * search (~19 steps). The row loop walks the text by character: no split(), no
 * regex, no substring per row.
 *
 * Anything that does not look exactly like the format is a ReportError with the
 * 1-based line number: a silently half-read feed would quietly lower the priority
 * of everything missing from it.
 */
import { ReportError } from '../errors.ts';
import { isIsoDateTime } from './dates.ts';
import { feedText } from './feed-text.ts';

export interface EpssScore {
  /** Probability of exploitation activity in the next 30 days, [0, 1]. */
  readonly epss: number;
  /** Rank of that probability among all scored CVEs, [0, 1]. */
  readonly percentile: number;
}

export interface EpssFeed {
  /** e.g. `v2026.06.15`: scores from different models are not comparable. */
  readonly modelVersion: string;
  /** As the file states it, e.g. `2026-09-29T12:00:22Z`. */
  readonly scoreDate: string;
  readonly scores: EpssScores;
}

const HEADER = 'cve,epss,percentile';
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** Exact powers of ten (all exactly representable up to 1e22). */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * A read-only, Map-like view of one day's scores (`get`, `has`, `size`, iteration),
 * keyed by CVE id. Lookup ids are matched case-insensitively.
 */
export class EpssScores implements Iterable<[string, EpssScore]> {
  readonly size: number;
  readonly #keys: Float64Array;
  readonly #epss: Float64Array;
  readonly #percentile: Float64Array;
  /** CVE ids whose sequence number is too long for a numeric key (none exist today). */
  readonly #overflow: ReadonlyMap<string, EpssScore>;

  /** @internal built by parseEpss: `keys` sorted ascending and unique. */
  constructor(keys: Float64Array, epss: Float64Array, percentile: Float64Array, overflow: ReadonlyMap<string, EpssScore>) {
    this.#keys = keys;
    this.#epss = epss;
    this.#percentile = percentile;
    this.#overflow = overflow;
    this.size = keys.length + overflow.size;
  }

  get(cve: string): EpssScore | undefined {
    const i = this.#indexOf(cve);
    if (i >= 0) return { epss: this.#epss[i]!, percentile: this.#percentile[i]! };
    return this.#overflow.size === 0 ? undefined : this.#overflow.get(cve.toUpperCase());
  }

  has(cve: string): boolean {
    return this.#indexOf(cve) >= 0 || (this.#overflow.size > 0 && this.#overflow.has(cve.toUpperCase()));
  }

  *entries(): IterableIterator<[string, EpssScore]> {
    for (let i = 0; i < this.#keys.length; i++) {
      yield [cveOfKey(this.#keys[i]!), { epss: this.#epss[i]!, percentile: this.#percentile[i]! }];
    }
    yield* this.#overflow;
  }

  [Symbol.iterator](): IterableIterator<[string, EpssScore]> {
    return this.entries();
  }

  #indexOf(cve: string): number {
    const key = cveKey(cve, 0, cve.length, true);
    if (key < 0) return -1;
    const keys = this.#keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -1;
  }
}

const where = (line: number): string => `line:${line}`;

/** Parse an EPSS CSV given as text, or as bytes that may be gzipped. */
export function parseEpss(input: string | Uint8Array): EpssFeed {
  const text = feedText(input);
  const len = text.length;

  // Line 1: the metadata comment. Without it the scores cannot be dated.
  let end = lineEnd(text, 0);
  const meta = parseMetadata(text.slice(0, trimCr(text, 0, end)));

  // Line 2: the header, exactly.
  let pos = end + 1;
  if (pos > len) throw new ReportError(where(2), `missing the header '${HEADER}'`, 2);
  end = lineEnd(text, pos);
  const header = text.slice(pos, trimCr(text, pos, end));
  if (header !== HEADER) {
    throw new ReportError(where(2), `expected the header '${HEADER}', found '${clip(header)}'`, 2);
  }
  pos = end + 1;

  // One pass to size the arrays exactly (indexOf over the text is cheap).
  let capacity = 0;
  for (let i = pos; i < len; i = lineEnd(text, i) + 1) capacity++;
  let keys = new Float64Array(capacity);
  let epss = new Float64Array(capacity);
  let percentile = new Float64Array(capacity);
  // Row n (0-based) is on line n + 3: blank lines are rejected, so this holds.
  let rows = new Uint32Array(capacity);
  const overflow = new Map<string, EpssScore>();
  let n = 0;
  let sorted = true;
  let line = 2;

  while (pos < len) {
    line++;
    end = lineEnd(text, pos);
    const stop = trimCr(text, pos, end);
    if (stop === pos) {
      // A final newline is normal; an empty line with rows after it is not.
      if (onlyLineBreaks(text, end)) break;
      throw new ReportError(where(line), 'empty line', line);
    }

    const c1 = commaBefore(text, pos, stop);
    const c2 = c1 < 0 ? -1 : commaBefore(text, c1 + 1, stop);
    if (c2 < 0 || commaBefore(text, c2 + 1, stop) >= 0) {
      const columns = countCommas(text, pos, stop) + 1;
      throw new ReportError(where(line), `expected 3 columns (${HEADER}), found ${columns}`, line);
    }

    const key = cveKey(text, pos, c1, false);
    if (key === NOT_CVE) {
      throw new ReportError(where(line), `'${clip(text.slice(pos, c1))}' is not a CVE id`, line);
    }
    const e = probability(text, c1 + 1, c2, 'epss', line);
    const p = probability(text, c2 + 1, stop, 'percentile', line);
    if (key === TOO_LONG) {
      const cve = text.slice(pos, c1);
      if (overflow.has(cve)) throw duplicate(text, cve, line);
      overflow.set(cve, { epss: e, percentile: p });
    } else {
      if (n > 0 && key <= keys[n - 1]!) sorted = false;
      keys[n] = key;
      epss[n] = e;
      percentile[n] = p;
      rows[n] = line;
      n++;
    }
    pos = end + 1;
  }

  if (n < capacity) {
    keys = keys.subarray(0, n);
    epss = epss.subarray(0, n);
    percentile = percentile.subarray(0, n);
    rows = rows.subarray(0, n);
  }
  if (!sorted) {
    // FIRST's files are in CVE order; anything else is sorted here once.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || rows[a]! - rows[b]!);
    keys = Float64Array.from(order, (i) => keys[i]!);
    epss = Float64Array.from(order, (i) => epss[i]!);
    percentile = Float64Array.from(order, (i) => percentile[i]!);
    rows = Uint32Array.from(order, (i) => rows[i]!);
  }
  for (let i = 1; i < n; i++) {
    if (keys[i] === keys[i - 1]) {
      const cve = cveOfKey(keys[i]!);
      throw new ReportError(where(rows[i]!), `duplicate row for ${cve} (first on line ${rows[i - 1]})`, rows[i]);
    }
  }

  return {
    modelVersion: meta.modelVersion,
    scoreDate: meta.scoreDate,
    scores: new EpssScores(keys, epss, percentile, overflow),
  };
}

function parseMetadata(first: string): { modelVersion: string; scoreDate: string } {
  const expected = "expected the EPSS metadata line '#model_version:…,score_date:…'";
  if (!first.startsWith('#')) throw new ReportError(where(1), `${expected}, found '${clip(first)}'`, 1);
  const fields = new Map<string, string>();
  for (const part of first.slice(1).split(',')) {
    // score_date's value holds colons itself: split on the first one only.
    const colon = part.indexOf(':');
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  const modelVersion = fields.get('model_version');
  const scoreDate = fields.get('score_date');
  if (modelVersion === undefined || modelVersion === '') {
    throw new ReportError(where(1), `${expected}: model_version is missing`, 1);
  }
  if (scoreDate === undefined || !isIsoDateTime(scoreDate)) {
    const found = scoreDate === undefined ? 'missing' : `'${clip(scoreDate)}', not an ISO date-time`;
    throw new ReportError(where(1), `${expected}: score_date is ${found}`, 1);
  }
  return { modelVersion, scoreDate };
}

// ---------------------------------------------------------------------------
// CVE keys. `CVE-YYYY-N…` maps to year·1e11 + (digits−4)·1e10 + N, an integer
// below 2^53, so it is exact in a double and orders like the CVE ids do (the CVE
// syntax forbids leading zeros beyond four digits, so longer means larger).

const NOT_CVE = -1;
const TOO_LONG = -2;
const MAX_SEQ_DIGITS = 10;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * The numeric key of the CVE id in `s[start, stop)`, NOT_CVE if it is not one, or
 * TOO_LONG for a valid id with more than 10 sequence digits. The feed is held to
 * upper case; lookups (`anyCase`) accept `cve-…` too.
 */
function cveKey(s: string, start: number, stop: number, anyCase: boolean): number {
  const length = stop - start;
  if (length < 13 || s.charCodeAt(start + 3) !== 0x2d || s.charCodeAt(start + 8) !== 0x2d) return NOT_CVE;
  const fold = anyCase ? 0x20 : 0;
  if ((s.charCodeAt(start) | fold) !== (0x43 | fold)) return NOT_CVE; // C
  if ((s.charCodeAt(start + 1) | fold) !== (0x56 | fold)) return NOT_CVE; // V
  if ((s.charCodeAt(start + 2) | fold) !== (0x45 | fold)) return NOT_CVE; // E
  let year = 0;
  for (let i = start + 4; i < start + 8; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return NOT_CVE;
    year = year * 10 + (c - 0x30);
  }
  let seq = 0;
  for (let i = start + 9; i < stop; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return NOT_CVE;
    seq = seq * 10 + (c - 0x30);
  }
  const digits = length - 9;
  if (digits > MAX_SEQ_DIGITS) return TOO_LONG;
  return year * 1e11 + (digits - 4) * 1e10 + seq;
}

function cveOfKey(key: number): string {
  const year = Math.floor(key / 1e11);
  const rest = key - year * 1e11;
  const digits = Math.floor(rest / 1e10) + 4;
  const seq = rest - (digits - 4) * 1e10;
  return `CVE-${String(year).padStart(4, '0')}-${String(seq).padStart(digits, '0')}`;
}

/** `CVE-YYYY-NNNN…`, upper case (the sequence number has 4 or more digits). */
export function isCveId(s: string): boolean {
  const key = cveKey(s, 0, s.length, false);
  return key !== NOT_CVE;
}

// ---------------------------------------------------------------------------
// Line and number scanning.

/** Index of the `\n` ending the line that starts at `from`, or the text length. */
function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** Drop a `\r` before `end` (CRLF files). */
function trimCr(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

function onlyLineBreaks(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== LF && c !== CR) return false;
  }
  return true;
}

function commaBefore(text: string, from: number, stop: number): number {
  for (let i = from; i < stop; i++) if (text.charCodeAt(i) === COMMA) return i;
  return -1;
}

function countCommas(text: string, from: number, stop: number): number {
  let n = 0;
  for (let i = from; i < stop; i++) if (text.charCodeAt(i) === COMMA) n++;
  return n;
}

/**
 * A decimal in [0, 1] in `text[start, stop)`: digits, an optional fraction, an
 * optional exponent (Number() alone would also take '', ' 1', '0x1', 'Infinity').
 * Up to 15 significant digits the value is built as mantissa / 10^scale: both are
 * exact doubles and IEEE division rounds correctly, so the result is the same
 * double Number() gives, without cutting a substring per field.
 */
function probability(text: string, start: number, stop: number, column: string, line: number): number {
  let i = start;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let ok = true;
  while (i < stop && isDigit(text.charCodeAt(i))) {
    mantissa = mantissa * 10 + (text.charCodeAt(i) - 0x30);
    digits++;
    i++;
  }
  if (digits === 0) ok = false;
  if (ok && i < stop && text.charCodeAt(i) === DOT) {
    i++;
    while (i < stop && isDigit(text.charCodeAt(i))) {
      mantissa = mantissa * 10 + (text.charCodeAt(i) - 0x30);
      scale++;
      i++;
    }
    if (scale === 0) ok = false;
  }
  let exponent = false;
  if (ok && i < stop && (text.charCodeAt(i) | 0x20) === 0x65) {
    exponent = true;
    i++;
    if (i < stop && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
    const first = i;
    while (i < stop && isDigit(text.charCodeAt(i))) i++;
    if (i === first) ok = false;
  }
  if (!ok || i !== stop) {
    throw new ReportError(where(line), `${column} '${clip(text.slice(start, stop))}' is not a number`, line);
  }
  const value =
    exponent || digits + scale > 15 ? Number(text.slice(start, stop)) : mantissa / POW10[scale]!;
  if (!(value >= 0 && value <= 1)) {
    throw new ReportError(where(line), `${column} ${text.slice(start, stop)} is outside [0, 1]`, line);
  }
  return value;
}

function duplicate(text: string, cve: string, line: number): ReportError {
  // Error path only: find the first row for `cve`.
  const at = text.indexOf(`\n${cve},`);
  let first = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i <= at; i = text.indexOf('\n', i + 1)) first++;
  return new ReportError(where(line), `duplicate row for ${cve} (first on line ${first})`, line);
}

/** Keep untrusted feed text short in messages. */
function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
