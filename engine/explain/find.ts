/**
 * Which decision an ID on the command line means: a fingerprint, a unique prefix of
 * one (at least {@link MIN_PREFIX} characters), or a vulnerability id (CVE, GHSA or
 * the scanner's rule id) that names exactly one exposure. Pure.
 */
import type { Decision } from '../model/decision.ts';
import { plain } from './phrases.ts';

export const MIN_PREFIX = 6;

export type Lookup =
  | { kind: 'found'; decision: Decision }
  | { kind: 'ambiguous'; candidates: Decision[] }
  | { kind: 'unknown' }
  | { kind: 'too-short' };

const HEX = /^[0-9a-f]+$/;

export function findDecision(decisions: readonly Decision[], id: string): Lookup {
  const wanted = id.trim().toLowerCase();
  const exact = decisions.find((d) => d.fingerprint === wanted);
  if (exact) return { kind: 'found', decision: exact };
  if (HEX.test(wanted) && wanted.length >= MIN_PREFIX) {
    const byPrefix = decisions.filter((d) => d.fingerprint.startsWith(wanted));
    if (byPrefix.length > 0) return one(byPrefix);
  }
  const byId = decisions.filter(namedBy(wanted.toUpperCase()));
  if (byId.length > 0) return one(byId);
  // A short hex string was most likely meant as a fingerprint prefix.
  return HEX.test(wanted) && wanted.length < MIN_PREFIX ? { kind: 'too-short' } : { kind: 'unknown' };
}

const namedBy = (upper: string) => (d: Decision): boolean =>
  d.finding.vulnerability_id?.toUpperCase() === upper || d.finding.aliases.some((a) => a.toUpperCase() === upper) || d.finding.rule_id.toUpperCase() === upper;

/**
 * Whether `findDecision(…, id)` could choose this decision: it does over the decisions
 * this keeps what it does over them all. For a decisions file too large to hold,
 * read line by line.
 */
export function mayBeNamedBy(id: string): (d: Decision) => boolean {
  const wanted = id.trim().toLowerCase();
  const prefix = HEX.test(wanted) && wanted.length >= MIN_PREFIX;
  const byId = namedBy(wanted.toUpperCase());
  return (d) => d.fingerprint === wanted || (prefix && d.fingerprint.startsWith(wanted)) || byId(d);
}

/** Characters an ID may have for `lineMayName` to look for it as text: none that JSON escapes or a RegExp reads. */
const PLAIN_ID = /^[A-Za-z0-9._:/-]+$/;
/** A backslash (a JSON escape) or a character outside ASCII: text that could spell an ID differently. */
const NOT_PLAIN_TEXT = /[\\\u0080-\uffff]/;

/**
 * Whether a line of decisions.ndjson could hold a decision `mayBeNamedBy(id)` keeps, from its
 * text alone: false only when it surely could not, so a large file's other lines need not be
 * parsed. A fingerprint, a prefix of one or a vulnerability id that names a decision appears in
 * its line as it is, up to ASCII case, unless the line escapes it (a backslash) or spells it
 * with characters outside ASCII (which `toUpperCase` can map onto it, as 'ſ' onto 'S'): such
 * lines, and every line for an ID of other characters, are parsed.
 */
export function lineMayName(id: string): (line: string) => boolean {
  const wanted = id.trim();
  if (!PLAIN_ID.test(wanted)) return () => true;
  const text = new RegExp(wanted.replace(/[.]/g, '\\.'), 'i');
  return (line) => text.test(line) || NOT_PLAIN_TEXT.test(line);
}

function one(matches: Decision[]): Lookup {
  return matches.length === 1 ? { kind: 'found', decision: matches[0]! } : { kind: 'ambiguous', candidates: matches };
}

/** One line per candidate, to choose from. */
export function candidateLine(d: Decision): string {
  const what = plain(d.finding.vulnerability_id ?? d.finding.rule_id);
  const pkg = d.finding.package ? ` in ${plain(d.finding.package.name)}` : '';
  return `${d.fingerprint}  ${plain(d.asset)}  ${what}${pkg}  (${d.priority}, ${d.status})`;
}
