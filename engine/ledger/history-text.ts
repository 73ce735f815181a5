/**
 * An exposure's timeline for people: one block per run that changed it, then who
 * changed its rules and exceptions. Scanner text and commit messages are untrusted:
 * control characters (terminal escapes) are stripped from every line. Pure.
 */
import { plain } from '../explain/phrases.ts';
import type { Provenance } from './provenance.ts';
import type { IssueLink } from './record.ts';
import type { TimelineEntry } from './timeline.ts';

/** The issue as people follow it: `owner/repo#12 <url>`, or that no number was recorded (a dry run, a deferred creation). */
function issueLine(i: IssueLink): string {
  if (i.number === undefined) return `${i.repository} (no issue number recorded: planned by a dry run, or not opened yet)`;
  return `${i.repository}#${i.number}${i.url ? ` ${i.url}` : ''}`;
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(none)' : String(v));

export function historyText(fingerprint: string, where: string, timeline: readonly TimelineEntry[], provenance: readonly Provenance[]): string[] {
  const latest = [...timeline].reverse().find((e) => e.record)?.record;
  const what = latest ? `${latest.finding.vulnerability_id ?? latest.finding.rule_id} on ${latest.asset}${latest.finding.package ? ` (${latest.finding.package.name})` : ''}` : '';
  const out = [`exposure ${fingerprint}${what ? `: ${what}` : ''}`, `ledger: ${where}; ${timeline.length} run(s) changed it`];
  if (latest?.issue) out.push(`issue: ${issueLine(latest.issue)}`);
  out.push('');
  for (const e of timeline) {
    const at = `${e.run_at}  ${e.commit.slice(0, 12)}`;
    const r = e.record;
    switch (e.event) {
      case 'opened':
      case 'reopened':
        out.push(
          `${at}  ${e.event}: ${r!.priority} ${r!.status}, rule ${r!.rule.id} (${r!.rule.file}${r!.rule.commit ? `@${r!.rule.commit}` : ''}), due ${r!.due_date}${r!.exception ? `, exception ${r!.exception.id}` : ''}${r!.issue?.number !== undefined ? `, issue ${r!.issue.repository}#${r!.issue.number}` : ''}`,
        );
        break;
      case 'closed':
        out.push(`${at}  closed: no longer reported`);
        break;
      case 'changed':
        out.push(`${at}  changed:`);
        for (const c of e.changes) out.push(`    ${c.field}: ${show(c.from)} → ${show(c.to)}`);
        break;
    }
  }
  if (provenance.length) {
    out.push('', 'who changed the deciding rules and exceptions:');
    for (const p of provenance) {
      const lines = p.lines ? `:${p.lines.start}-${p.lines.end}` : '';
      const head = `  ${p.what} ${p.id} (${p.file}${lines}${p.commit ? ` at ${p.commit.slice(0, 12)}` : ''})`;
      const c = p.last_change;
      out.push(c ? `${head}: last changed by ${c.author} <${c.author_mail}> on ${c.author_time.slice(0, 10)} in ${c.commit.slice(0, 12)} "${c.summary}"` : `${head}: unknown`);
      if (p.note) out.push(`    note: ${p.note}`);
    }
  }
  return out.map(plain);
}
