/** Print problems for people (one line each, sorted) and, in GitHub Actions, as annotations. */
import { formatProblem, sortProblems, type Problem } from '../errors.ts';
import { expiryWarningsNotInUse, isExpiryWarning } from '../prioritise/exceptions.ts';
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

/**
 * The problems found before the cycle. When the cycle runs, an expired exception's
 * warning waits for it: the cycle says how many exposures the exception no longer
 * covers (reportCycleProblems).
 */
export function reportPreparationProblems(problems: readonly Problem[], cycleRuns: boolean, io: Io): void {
  reportProblems(cycleRuns ? problems.filter((p) => !isExpiryWarning(p)) : problems, io);
}

/** After the cycle: the expiry warnings held back and not said better by the cycle, and the cycle's own problems. */
export function reportCycleProblems(preparation: readonly Problem[], cycle: readonly Problem[], io: Io): void {
  reportProblems([...expiryWarningsNotInUse(preparation, cycle), ...cycle], io);
}
