/**
 * The plan for a terminal: the headline, then every issue action and every changed
 * decision. Titles and ids come from scanners, so control characters (terminal
 * escapes) are stripped from every line. Pure.
 */
import { formatProblem } from '../errors.ts';
import { plain } from '../explain/phrases.ts';
import { headline } from './headline.ts';
import type { DecisionView } from './impact.ts';
import type { PlanReport } from './report.ts';

const state = (v: DecisionView | null) => (v === null ? '(none)' : v.status === 'open' ? `${v.priority} due ${v.due_date}` : `${v.status} (${v.priority})`);

export function planText(r: PlanReport): string[] {
  const out: string[] = [];
  const base = `${r.base.ref} (${r.base.commit.slice(0, 12)})`;
  if (r.errors.length) {
    out.push(`ctem plan: the working tree's configuration has ${r.errors.length} error(s); nothing was compared with ${base}`);
    for (const p of r.errors) out.push(`  ${formatProblem(p)}`);
  }
  const i = r.impact;
  if (i) {
    out.push(`ctem plan: working tree against ${base}, ${i.exposures} exposures: ${headline(i)}`);
    const issues = [
      ...i.issues.open.map((x) => `  open    ${x.repository}  ${x.priority} due ${x.due_date}  ${x.title}`),
      ...i.issues.update.map((x) => {
        const was = x.before && (x.before.priority !== x.priority || x.before.due_date !== x.due_date) ? `${x.before.priority} due ${x.before.due_date} → ` : '';
        return `  update  ${x.repository}  ${was}${x.priority} due ${x.due_date}  ${x.title}${x.fields?.length ? `  [${x.fields.join(', ')}]` : ''}`;
      }),
      ...i.issues.close.map((x) => `  close   ${x.repository}  ${x.title}`),
    ];
    if (issues.length) out.push('', `issues (${i.issues.unchanged} unchanged):`, ...issues);
    if (i.changes.length) {
      out.push('', `decisions that change (${i.changes.length}):`);
      for (const c of i.changes) {
        const rule = c.before && c.after && c.before.rule !== c.after.rule ? `  rule ${c.before.rule} → ${c.after.rule}` : '';
        out.push(`  ${c.fingerprint}  ${c.asset}  ${c.finding}  ${state(c.before)} → ${state(c.after)}  [${c.changed.join(', ')}]${rule}`);
      }
    }
  }
  if (r.ruleFailures?.length) {
    out.push('', `rules that fail (${r.ruleFailures.length}; a rule that fails counts as not holding):`);
    for (const p of r.ruleFailures) out.push(`  ${formatProblem(p)}`);
  }
  const t = r.policyTests;
  if (t) {
    out.push('', t.failing.length ? `policy tests: ${t.failing.length} of ${t.cases} case(s) fail` : `policy tests: all ${t.cases} case(s) pass`);
    for (const f of t.failing) {
      const was = f.failed_at_base === true ? ' (already failing on the base)' : f.failed_at_base === false ? ' (passes on the base)' : '';
      out.push(`  ${f.file}:${f.line}: ${f.name}${was}: ${f.failures.join('; ')}`);
    }
    for (const p of t.problems) out.push(`  ${formatProblem(p)}`);
  }
  return out.map(plain);
}
