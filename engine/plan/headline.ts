/** The plan in one sentence: "raises 41 exposures to P1, lowers 3 to P4; opens 6 issues, updates 2, closes 2". Pure. */
import { PRIORITIES } from '../config/schema/common.ts';
import type { Impact } from './impact.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One phrase per kind of change in decisions, most urgent first. */
export function decisionPhrases(i: Impact): string[] {
  const out: string[] = [];
  for (const p of PRIORITIES) if (i.raised[p]) out.push(`raises ${plural(i.raised[p], 'exposure')} to ${p}`);
  for (const p of [...PRIORITIES].reverse()) if (i.lowered[p]) out.push(`lowers ${plural(i.lowered[p], 'exposure')} to ${p}`);
  for (const [k, n] of Object.entries(i.status).sort()) out.push(`${plural(n, 'exposure')} ${k}`);
  if (i.due_earlier) out.push(`brings ${plural(i.due_earlier, 'due date')} forward`);
  if (i.due_later) out.push(`pushes ${plural(i.due_later, 'due date')} back`);
  if (i.exception_changed) out.push(`changes the exception of ${plural(i.exception_changed, 'exposure')}`);
  if (i.priority_not_open) out.push(`changes the priority of ${plural(i.priority_not_open, 'excepted or suppressed exposure')} (no issue either way)`);
  if (i.route_changed) out.push(`routes ${plural(i.route_changed, 'exposure')} elsewhere`);
  if (i.rule_only) out.push(`${plural(i.rule_only, 'exposure')} decided by another rule with the same outcome`);
  return out;
}

export function issuePhrase(i: Impact): string {
  const { open, update, close } = i.issues;
  if (open.length + update.length + close.length === 0) return 'no issue changes';
  return `opens ${plural(open.length, 'issue')}, updates ${update.length}, closes ${close.length}`;
}

export function headline(i: Impact): string {
  const d = decisionPhrases(i);
  return `${d.length ? d.join(', ') : 'no decision changes'}; ${issuePhrase(i)}`;
}
