/**
 * The plan as a pull request comment. It starts with a hidden marker so the one
 * sticky comment can be found and updated (sticky-comment.ts), and always fits in
 * GitHub's 65,536 characters: long lists are cut with a count, the full list of
 * changed decisions sits in a collapsed section, as long as it fits. Every string
 * that came from a scanner or from the pull request goes through sanitize.ts. Pure.
 */
import { formatProblem, type Problem } from '../errors.ts';
import { inlineText } from '../mobilise/sanitize.ts';
import { decisionPhrases, issuePhrase } from './headline.ts';
import type { DecisionView, ExposureChange, Impact, IssueChange } from './impact.ts';
import type { PlanReport } from './report.ts';

export const PLAN_MARKER = '<!-- ctem:plan -->';
export const COMMENT_LIMIT = 65_536;
/** Rows of the issue and policy-test tables before "… and N more". */
const TABLE_ROWS = 30;

export function planMarkdown(report: PlanReport, limit = COMMENT_LIMIT): string {
  // Rows are rendered once; only how many of them fit is searched for.
  const rows = (report.impact?.changes ?? []).map(changeRow);
  const total = rows.length;
  const render = (shown: number) => compose(report, rows, shown);
  let text = render(total);
  if (text.length > limit) {
    let lo = 0;
    let hi = total;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (render(mid).length <= limit) lo = mid;
      else hi = mid - 1;
    }
    text = render(lo);
  }
  if (text.length > limit) {
    const cut = '\n\n… (comment truncated to GitHub\'s size limit; run `ctem plan` for the full report)\n';
    text = text.slice(0, limit - cut.length) + cut;
  }
  return text;
}

function compose(r: PlanReport, rows: readonly string[], shownChanges: number): string {
  const out: string[] = [PLAN_MARKER, '## ctem plan', ''];
  const base = `\`${inlineText(r.base.ref, 100).replace(/`/g, '')}\` (\`${r.base.commit.slice(0, 12)}\`)`;
  if (r.errors.length > 0) {
    out.push(`:x: **The configuration is invalid**: ${r.errors.length} error(s). Nothing was compared with ${base}.`, '');
    for (const p of r.errors.slice(0, TABLE_ROWS)) out.push(`- ${inlineText(formatProblem(p), 500)}${p.hint ? ` — ${inlineText(p.hint, 300)}` : ''}`);
    if (r.errors.length > TABLE_ROWS) out.push(`- … and ${r.errors.length - TABLE_ROWS} more`);
    out.push('');
  }
  const i = r.impact;
  if (i) {
    const phrases = decisionPhrases(i);
    out.push(
      `Compared with ${base}, over ${i.exposures} exposures: ${phrases.length ? `**${phrases[0]}**${phrases.length > 1 ? ', ' + phrases.slice(1).join(', ') : ''}` : 'no decision changes'}; ${issuePhrase(i)}.`,
      '',
    );
    out.push(...issuesSection(i));
  }
  if (r.ruleFailures?.length) out.push(...ruleFailuresSection(r.ruleFailures));
  if (r.policyTests) out.push(...testsSection(r));
  if (rows.length > 0) out.push(...changesSection(rows, shownChanges));
  out.push('<sub>Posted by `ctem plan`; updated on every push. The run after merging takes these actions on GitHub.</sub>', '');
  return out.join('\n');
}

function issuesSection(i: Impact): string[] {
  const rows: [string, IssueChange][] = [
    ...i.issues.open.map((x) => ['open', x] as [string, IssueChange]),
    ...i.issues.update.map((x) => ['update', x] as [string, IssueChange]),
    ...i.issues.close.map((x) => ['close', x] as [string, IssueChange]),
  ];
  if (rows.length === 0) return [];
  const out = ['### Issues the next run would change', '', '| action | repository | issue | priority | due | exposures |', '|---|---|---|---|---|--:|'];
  for (const [op, x] of rows.slice(0, TABLE_ROWS)) {
    const what = op === 'update' && x.before && x.before.priority !== x.priority ? `${x.before.priority} → ${x.priority}` : x.priority;
    const due = op === 'update' && x.before && x.before.due_date !== x.due_date ? `${x.before.due_date} → ${x.due_date}` : x.due_date;
    const fields = op === 'update' && x.fields?.length ? ` (${x.fields.join(', ')})` : '';
    out.push(`| ${op}${fields} | ${inlineText(x.repository, 100)} | ${inlineText(x.title, 200)} | ${what} | ${due} | ${x.exposures} |`);
  }
  if (rows.length > TABLE_ROWS) out.push('', `… and ${rows.length - TABLE_ROWS} more issue changes.`);
  out.push('');
  return out;
}

function ruleFailuresSection(failures: readonly Problem[]): string[] {
  const out = ['### Rules that fail', '', ':warning: A rule that fails counts as not holding: the exposures it failed on were decided by a later rule or the default.', ''];
  for (const p of failures.slice(0, TABLE_ROWS)) out.push(`- ${inlineText(formatProblem(p), 500)}`);
  if (failures.length > TABLE_ROWS) out.push(`- … and ${failures.length - TABLE_ROWS} more`);
  out.push('');
  return out;
}

function testsSection(r: PlanReport): string[] {
  const t = r.policyTests!;
  const out = ['### Policy tests', ''];
  if (t.failing.length === 0 && t.problems.length === 0) {
    out.push(`:white_check_mark: all ${t.cases} case(s) pass.`, '');
    return out;
  }
  if (t.failing.length) out.push(`:x: ${t.failing.length} of ${t.cases} case(s) fail:`, '');
  for (const f of t.failing.slice(0, TABLE_ROWS)) {
    const was = f.failed_at_base === true ? ' (already failing on the base)' : f.failed_at_base === false ? ' (passes on the base)' : '';
    out.push(`- ${inlineText(f.file, 200)}:${f.line} ${inlineText(f.name, 200)}${was}: ${inlineText(f.failures.join('; '), 500)}`);
  }
  if (t.failing.length > TABLE_ROWS) out.push(`- … and ${t.failing.length - TABLE_ROWS} more`);
  for (const p of t.problems.slice(0, TABLE_ROWS)) out.push(`- ${inlineText(formatProblem(p), 500)}`);
  out.push('');
  return out;
}

const state = (v: DecisionView | null) => (v === null ? '—' : v.status === 'open' ? `${v.priority}, due ${v.due_date}` : `${v.status} (${v.priority})`);

function changeRow(c: ExposureChange): string {
  const rule = c.before && c.after && c.before.rule !== c.after.rule ? `; rule ${inlineText(c.before.rule, 100)} → ${inlineText(c.after.rule, 100)}` : '';
  const exc = c.before && c.after && c.before.exception !== c.after.exception ? `; exception ${inlineText(c.before.exception ?? 'none', 100)} → ${inlineText(c.after.exception ?? 'none', 100)}` : '';
  return `| \`${c.fingerprint}\` | ${inlineText(c.asset, 100)} | ${inlineText(c.finding, 100)} | ${state(c.before)} | ${state(c.after)} | ${c.changed.join(', ')}${rule}${exc} |`;
}

function changesSection(rows: readonly string[], shown: number): string[] {
  const out = [
    `<details><summary>Decisions that change (${rows.length})</summary>`,
    '',
    '| exposure | asset | finding | before | after | changed |',
    '|---|---|---|---|---|---|',
    ...rows.slice(0, shown),
  ];
  if (shown < rows.length) out.push('', `… and ${rows.length - shown} more, left out to fit GitHub's comment size limit: run \`ctem plan\` for the full list.`);
  out.push('', '</details>', '');
  return out;
}
