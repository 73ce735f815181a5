import { resolve } from 'node:path';
import { checkConfiguration } from '../../app/prepare.ts';
import { CtemError, ExitCode, type Problem } from '../../errors.ts';
import { compilePolicies } from '../../policy/compile-policy.ts';
import { prepareCases } from '../../policy/tests/prepare-cases.ts';
import { failureProblems, reportLines } from '../../policy/tests/report.ts';
import { runCases, type TestReport } from '../../policy/tests/run-cases.ts';
import { str, type Command } from '../command.ts';
import type { Io } from '../io.ts';
import { annotation, reportProblems } from '../report-problems.ts';
import { fsReader } from '../../config/fs-reader.ts';

export const testCommand: Command = {
  name: 'test',
  summary: 'Run the policy tests (policies/*.test.yaml) and report which rules no test covers.',
  usage: 'ctem test [--dir DIR] [--format text|json]',
  help: `Options:
  --dir DIR             the exposure repository (default: the current directory)
  --format FMT          text (default): one line per case, a diff per failure, coverage; json: the same as data
Exit codes: 0 every case passed, 2 usage, 3 invalid configuration or test file (nothing was run), 6 a case failed.`,
  options: { dir: { type: 'string' }, format: { type: 'string' } },
  async run(args, io) {
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const format = str(args.values.format) ?? 'text';
    if (!['text', 'json'].includes(format)) {
      throw new CtemError({ code: 'usage', severity: 'error', message: `ctem test: unknown --format '${format}'`, hint: 'text or json' }, ExitCode.usage);
    }
    const { config, assets, problems } = await checkConfiguration(root, io.now(), fsReader(root), io.env);
    // Warnings (an exception about to expire) are `ctem validate`'s to report.
    const configErrors = problems.filter((p) => p.severity === 'error');
    if (!config || configErrors.length > 0) return invalid(configErrors, 'the configuration', io);
    const env = { config, policy: compilePolicies(config), assets };
    const prepared = prepareCases(config.policyTests, env);
    if (prepared.problems.length > 0) return invalid(prepared.problems, 'policy test files', io);

    const report = runCases(prepared.cases, env);
    if (format === 'json') io.out(JSON.stringify(toJson(report), null, 2));
    else {
      if (config.policyTests.length === 0) io.out('ctem test: no policy tests found (policies/*.test.yaml)');
      for (const l of reportLines(report)) io.out(l);
    }
    if (io.env.GITHUB_ACTIONS === 'true') for (const p of failureProblems(report)) io.out(annotation(p));
    return report.results.every((r) => r.passed) ? ExitCode.ok : ExitCode.tests;
  },
};

function invalid(problems: Problem[], what: string, io: Io): number {
  reportProblems(problems, io);
  io.err(`ctem test: ${problems.length} error(s) in ${what}; no test was run`);
  return ExitCode.config;
}

function toJson(report: TestReport) {
  const failed = report.results.filter((r) => !r.passed).length;
  return {
    summary: { cases: report.results.length, passed: report.results.length - failed, failed },
    cases: report.results.map((r) => ({
      file: r.file,
      line: r.line,
      name: r.name,
      passed: r.passed,
      failures: r.failures,
      decided: { priority: r.decision.priority, rule: r.decision.rule.id, status: r.decision.status, exception: r.decision.exception?.id ?? null },
      matched: r.matched,
    })),
    coverage: report.coverage,
  };
}
