/**
 * The comments ctem writes on its issues: when an issue closes (with the evidence),
 * reopens, changes priority or due date, or escalates. Each ends with a hidden marker
 * saying what it was about, so a run that retries after a crash can see that it
 * already said it. Bodies stay under GitHub's limit. Pure.
 */
import { commentMarker, type CommentMarker } from './markers.ts';
import { GITHUB_BODY_LIMIT } from './render.ts';

/** Fingerprints listed in a comment before "and N more". */
const LIST_MAX = 200;

/** A comment body with its marker, cut to fit GitHub's limit (the marker always survives). */
export function commentBody(text: string, m: CommentMarker): string {
  const tail = '\n\n' + commentMarker(m);
  const room = GITHUB_BODY_LIMIT - tail.length;
  const cut = text.length > room ? text.slice(0, room - 1) + '…' : text;
  return cut + tail;
}

function fingerprintList(fps: readonly string[], more = 0): string {
  const shown = fps.slice(0, LIST_MAX).map((f) => `\`${f.replace(/[^0-9A-Za-z._:-]/g, '')}\``);
  const left = fps.length - shown.length + more;
  return shown.join(', ') + (left > 0 ? ` and ${left} more` : '');
}

export interface CloseEvidence {
  key: string;
  /** Fingerprints the issue covered (from its marker), none of which were reported any more. */
  fingerprints: readonly string[];
  more?: number;
  /** When they were last reported, if known (the ledger knows), else when ctem last touched the issue. */
  lastSeen?: string;
  lastTouched?: string;
  today?: string;
}

export function closeComment(e: CloseEvidence): string {
  const n = e.fingerprints.length + (e.more ?? 0);
  const lines = [
    `Closed by ctem${e.today ? ` on ${e.today}` : ''}: none of the ${n || 'listed'} exposure(s) of this issue ${n === 1 ? 'was' : 'were'} reported in the latest run (fixed, excepted, or out of scope).`,
  ];
  if (n > 0) lines.push('', `No longer reported: ${fingerprintList(e.fingerprints, e.more)}.`);
  if (e.lastSeen) lines.push('', `Last seen: ${e.lastSeen}.`);
  else if (e.lastTouched) lines.push('', `Last confirmed by ctem: ${e.lastTouched}.`);
  lines.push('', 'If an exposure comes back, ctem reopens this issue.');
  return commentBody(lines.join('\n'), { key: e.key, kind: 'close' });
}

export function reopenComment(i: { key: string; exposures: number; priority: string; due: string; fingerprints: readonly string[]; today?: string }): string {
  const text = [
    `Reopened by ctem${i.today ? ` on ${i.today}` : ''}: the exposure is back — ${i.exposures} open, ${i.priority}, due ${i.due}.`,
    '',
    `Reported again: ${fingerprintList(i.fingerprints)}.`,
  ].join('\n');
  return commentBody(text, { key: i.key, kind: 'reopen' });
}

export function changeComment(c: { key: string; from: { priority: string; due: string }; to: { priority: string; due: string } }): string {
  const ref = `${c.from.priority}/${c.from.due}->${c.to.priority}/${c.to.due}`;
  const text = `Priority or due date changed: ${c.from.priority} due ${c.from.due || '—'} → **${c.to.priority}** due **${c.to.due}**.`;
  return commentBody(text, { key: c.key, kind: 'change', ref });
}

export function escalationComment(e: { key: string; mention: string; priority: string; due: string; exposures: number }): string {
  const who = e.mention ? `${e.mention}: ` : '';
  const text = [
    `⚠️ ${who}this issue is **overdue**: ${e.exposures} exposure(s), ${e.priority}, were due on ${e.due}.`,
    '',
    'Please fix them, or record a time-boxed exception in the exposure repository. ctem says this once; the `overdue` label stays until the issue is closed or the due date moves.',
  ].join('\n');
  return commentBody(text, { key: e.key, kind: 'escalate' });
}
