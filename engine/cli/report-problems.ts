/** Print problems for people (one line each, sorted) and, in GitHub Actions, as annotations. */
import { formatProblem, sortProblems, type Problem } from '../errors.ts';
import type { Io } from './io.ts';

export function reportProblems(problems: readonly Problem[], io: Io): void {
  for (const p of sortProblems(problems)) {
    io.err(formatProblem(p));
    if (p.hint) io.err(`  hint: ${p.hint}`);
    if (io.env.GITHUB_ACTIONS === 'true') io.out(annotation(p));
  }
}

/** `::error file=F,line=L,col=C::message`, escaped as the workflow command syntax requires. */
export function annotation(p: Problem): string {
  const props: string[] = [];
  if (p.file) props.push(`file=${escapeProperty(p.file)}`);
  if (p.line !== undefined) props.push(`line=${p.line}`);
  if (p.column !== undefined) props.push(`col=${p.column}`);
  const level = p.severity === 'warning' ? 'warning' : 'error';
  return `::${level}${props.length ? ' ' + props.join(',') : ''}::${escapeData(p.message + (p.hint ? ` (hint: ${p.hint})` : ''))}`;
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
