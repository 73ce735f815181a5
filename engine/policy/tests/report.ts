/** What `ctem test` prints: one line per case, a one-line diff per failure, a summary and coverage. Pure. */
import type { Problem } from '../../errors.ts';
import type { CaseResult, TestReport } from './run-cases.ts';

export function reportLines(report: TestReport): string[] {
  const lines: string[] = [];
  let file: string | undefined;
  for (const r of report.results) {
    if (r.file !== file) {
      file = r.file;
      lines.push(file);
    }
    lines.push(`  ${r.passed ? 'ok  ' : 'FAIL'}  ${r.name}  → ${outcome(r)}`);
    if (!r.passed) lines.push(`        ${r.file}:${r.line}:${r.column}: ${r.failures.join('; ')}`);
  }
  const failed = report.results.filter((r) => !r.passed).length;
  const { rules, covered, uncovered } = report.coverage;
  lines.push('');
  lines.push(`ctem test: ${report.results.length} case(s), ${report.results.length - failed} passed, ${failed} failed`);
  const pct = rules.length === 0 ? 100 : Math.floor((covered.length / rules.length) * 100);
  lines.push(`coverage: ${covered.length} of ${rules.length} rule(s) exercised (${pct}%)`);
  if (uncovered.length > 0) {
    lines.push('rules no test covers:');
    const byFile = new Map<string, string[]>();
    for (const u of uncovered) byFile.set(u.file, [...(byFile.get(u.file) ?? []), u.id]);
    for (const [f, ids] of byFile) lines.push(`  ${f}: ${ids.join(', ')}`);
  }
  return lines;
}

/** What was decided, briefly: `P1 by kev-internet-facing`, `excepted (exc-1) by default`. */
export function outcome(r: CaseResult): string {
  const d = r.decision;
  const status = d.status === 'open' ? d.priority : `${d.status}${d.exception ? ` (${d.exception.id})` : ''}, ${d.priority}`;
  const downgrade = d.exception?.downgraded_from ? ` (downgraded from ${d.exception.downgraded_from} by ${d.exception.id})` : '';
  return `${status} by ${d.rule.id}${downgrade}`;
}

/** Failures as located problems, for GitHub annotations. */
export function failureProblems(report: TestReport): Problem[] {
  return report.results
    .filter((r) => !r.passed)
    .map((r) => ({
      code: 'policy-test-failed',
      severity: 'error' as const,
      message: `policy test '${r.name}' failed: ${r.failures.join('; ')}`,
      file: r.file,
      line: r.line,
      column: r.column,
    }));
}
