/**
 * Exception renewal: an exception that expires within `exception_warning_days` (or
 * has expired) gets a pull request that moves its `expires` to a new date within the
 * policy maximum (`max_exception_days`), for its approver to review — or to close,
 * letting the exception lapse. Only the date's characters change in the file. Pure.
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';

export interface ExceptionRef {
  id: string;
  file: string;
  expires: string;
  approver: string;
  reason: string;
}

/** `YYYY-MM-DD` plus `days` calendar days (UTC). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Exceptions whose expiry is at most `warningDays` away (including those already expired), soonest first. */
export function renewalsDue(exceptions: readonly ExceptionRef[], today: string, warningDays: number): ExceptionRef[] {
  const horizon = addDays(today, warningDays);
  return exceptions.filter((e) => e.expires <= horizon).sort((a, b) => a.expires.localeCompare(b.expires) || a.id.localeCompare(b.id));
}

/** Default length of a renewal when the policy sets no maximum. */
export const DEFAULT_RENEWAL_DAYS = 90;

/**
 * The new expiry to propose: the policy maximum counted from the day the renewal
 * came due (expiry minus the warning days), so the proposal stays the same from one
 * run to the next instead of moving every day; never beyond today plus the maximum,
 * and for an exception long expired, today plus the maximum.
 */
export function proposedExpiry(e: { expires: string }, today: string, warningDays: number, maxExceptionDays: number | undefined): string {
  const max = maxExceptionDays ?? DEFAULT_RENEWAL_DAYS;
  const anchored = addDays(e.expires, max - warningDays);
  const ceiling = addDays(today, max);
  if (anchored <= today) return ceiling;
  return anchored < ceiling ? anchored : ceiling;
}

/**
 * The exceptions file with one exception's `expires` set to `expires`; undefined when
 * the file does not hold that exception with an `expires` to change.
 */
export function renewExceptionText(current: string | undefined, id: string, expires: string): string | undefined {
  if (current === undefined) return undefined;
  const doc = parseDocument(current, { keepSourceTokens: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const list = (doc.contents as YAMLMap).get('exceptions', true);
  if (!isSeq(list)) return undefined;
  for (const item of (list as YAMLSeq).items) {
    if (!isMap(item) || (item as YAMLMap).get('id') !== id) continue;
    const node = (item as YAMLMap).get('expires', true);
    if (!isScalar(node) || !node.range) return undefined;
    const [start, end] = node.range;
    const quote = current[start] === '"' || current[start] === "'" ? current[start] : '';
    return current.slice(0, start) + quote + expires + quote + current.slice(end);
  }
  return undefined;
}
