/**
 * Date formats the feeds promise. Checked by shape and by calendar (a `2021-02-30`
 * in a feed is a corrupted feed, not a date to be rolled over to March).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time; FIRST's older EPSS files write the offset without a colon
// (`+0000`), so both offset spellings are accepted.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

function realDay(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD`, a real calendar day. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && realDay(m[1]!, m[2]!, m[3]!);
}

/** RFC 3339 date-time (`2026-09-29T12:00:22Z`, `2025-08-25T17:04:19.9796Z`, `…+0000`). */
export function isIsoDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  return m !== null && realDay(m[1]!, m[2]!, m[3]!);
}
