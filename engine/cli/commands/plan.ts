import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkConfiguration, cycleInputFrom, prepareRun, type Prepared } from '../../app/prepare.ts';
import { openRevision, type Revision } from '../../config/git-reader.ts';
import { progressFor } from '../../discover/progress.ts';
import { runCycles, type CycleResult } from '../../cycle.ts';
import { RULE_FAILED } from '../../prioritise/rule-failures.ts';
import { CtemError, ExitCode, exitCodeForProblems, type Problem } from '../../errors.ts';
import { ledgerLocation } from '../../ledger/location.ts';
import { openLedger } from '../../ledger/open-ledger.ts';
import { ledgerMemory, NO_MEMORY, type LedgerMemory } from '../../ledger/write-plan.ts';
import { compilePolicies } from '../../policy/compile-policy.ts';
import { compareDecisions } from '../../plan/impact.ts';
import { checkPlanHeap } from '../../plan/heap-need.ts';
import { heapLimitBytes } from '../../app/heap.ts';
import { planMarkdown } from '../../plan/markdown.ts';
import { policyTestOutcome } from '../../plan/policy-tests.ts';
import { planFailed, type PlanReport } from '../../plan/report.ts';
import { planText } from '../../plan/text.ts';
import { str, type Command } from '../command.ts';
import type { Io } from '../io.ts';
import { reportProblems } from '../report-problems.ts';

const FORMATS = ['text', 'markdown', 'json'];

export const planCommand: Command = {
  name: 'plan',
  summary: 'Preview a configuration change: decide the current findings under REF and under the working tree, and compare.',
  usage: 'ctem plan --base REF [--dir DIR] [--format text|markdown|json] [--out FILE] [--ledger]',
  help: `The configuration (ctem.yaml, scopes, policies, exceptions, templates) is read at REF straight from
Git, without touching the working tree; findings, inventory and feeds are the working tree's, so only
the configuration differs. Prints which decisions change (priority, status, due date, exception) and
which issues the next run would open, update or close; runs the policy tests. See docs/plan.md.

Options:
  --base REF            the branch, tag or commit to compare with, e.g. main or origin/main (required)
  --dir DIR             the exposure repository (default: the current directory)
  --format FMT          text (default); markdown: a pull request comment (starts with <!-- ctem:plan -->);
                        json: the comparison as data
  --out FILE            write the report to FILE instead of standard output (written even when the exit code is not 0)
  --ledger              take first-seen dates and previous decisions from the ledger (automatic when ctem.yaml has ledger:)
Exit codes: 0 compared, 2 usage, or a Node heap too small for the comparison (NODE_OPTIONS=--max-old-space-size),
3 the working tree's or REF's configuration is invalid, 4 malformed report or feed, 6 a policy test fails, 7 REF does
not exist or is not in this (shallow) clone, or the ledger diverged.`,
  options: { base: { type: 'string' }, dir: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, ledger: { type: 'boolean' } },
  async run(args, io) {
    const usage = (message: string) => new CtemError({ code: 'usage', severity: 'error', message: `ctem plan: ${message}`, hint: 'see ctem plan --help' }, ExitCode.usage);
    const ref = str(args.values.base);
    if (ref === undefined) throw usage('--base REF is required: the branch to compare with, e.g. --base main');
    const format = str(args.values.format) ?? 'text';
    if (!FORMATS.includes(format)) throw usage(`unknown --format '${format}' (text, markdown or json)`);
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const now = io.now();

    // The base first: a wrong ref is the cheapest mistake to report.
    const revision = await openRevision(root, ref);
    // Bars on a terminal: reading the reports, deciding (each long only on a large estate).
    const progress = progressFor(io.errIsTTY, io.env);
    const { prepared, problems } = await prepareRun(root, now, { env: io.env, progress });
    if (!prepared) {
      const errors = problems.filter((p) => p.severity === 'error');
      reportProblems(problems, io);
      await emit({ base: { ref, commit: revision.commit }, errors }, format, args.values.out, io);
      io.err(`ctem plan: ${errors.length} error(s) in the working tree; nothing was compared`);
      return exitCodeForProblems(errors);
    }
    reportProblems(problems, io);
    // Before either side is decided: out of heap, V8 stops the process with a native stack trace.
    const heap = checkPlanHeap(prepared.findings.length, heapLimitBytes());
    if (heap.length > 0) {
      reportProblems(heap, io);
      return ExitCode.usage;
    }
    const base = await loadBase(revision, root, now, io);
    const memory = await readMemory(root, prepared, args.values.ledger === true);

    // Both sides decide the same exposures with the same memory: only the configuration differs. They decide
    // together, each exposure under both configurations and then let go, so that the exposures are never held
    // beside two runs' decisions (docs/plan.md, "At scale").
    const common = cycleInputFrom(prepared, now, { firstSeen: memory.firstSeen, previous: memory.previous, handOver: true, progress });
    const [head, before] = runCycles([common, { ...common, config: base.config, policy: base.policy, policyCommits: new Map() }]) as [CycleResult, CycleResult];
    const hasTests = prepared.config.policyTests.length > 0;
    const report: PlanReport = {
      base: { ref, commit: revision.commit },
      errors: [],
      impact: compareDecisions(before, head),
      ruleFailures: head.problems.filter((p) => p.code === RULE_FAILED),
      policyTests: hasTests
        ? policyTestOutcome({ config: prepared.config, policy: prepared.policy, assets: prepared.assets }, { config: base.config, policy: base.policy, assets: prepared.assets })
        : undefined,
    };
    await emit(report, format, args.values.out, io);
    if (report.policyTests?.problems.length) return ExitCode.config;
    return planFailed(report) ? ExitCode.tests : ExitCode.ok;
  },
};

/** The configuration at the base, checked like the working tree's; an invalid base cannot be compared with. */
async function loadBase(revision: Revision, root: string, now: string, io: Io) {
  const checked = await checkConfiguration(root, now, revision.reader);
  const errors = checked.problems.filter((p) => p.severity === 'error');
  if (!checked.config || errors.length > 0) {
    const at = (p: Problem): Problem => ({ ...p, file: p.file ? `${revision.ref}:${p.file}` : revision.ref });
    reportProblems(errors.map(at), io);
    throw new CtemError(
      {
        code: 'invalid-base',
        severity: 'error',
        message: `ctem plan: the configuration at '${revision.ref}' (${revision.commit.slice(0, 12)}) has ${errors.length} error(s), so there is nothing valid to compare with`,
        hint: 'fix the base branch first, or compare with an earlier commit: --base REF~1',
      },
      ExitCode.config,
    );
  }
  return { config: checked.config, policy: compilePolicies(checked.config) };
}

/** The same ledger memory on both sides, so only the configuration differs. */
async function readMemory(root: string, prepared: Prepared, flag: boolean): Promise<LedgerMemory> {
  const configured = prepared.config.ctem.value.ledger;
  if (!flag && configured === undefined) return NO_MEMORY();
  const ledger = await openLedger(root, ledgerLocation(configured));
  return ledgerMemory(await ledger.state());
}

async function emit(report: PlanReport, format: string, out: unknown, io: Io): Promise<void> {
  const text = format === 'markdown' ? planMarkdown(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : planText(report).join('\n') + '\n';
  const file = str(out);
  if (file === undefined) {
    io.out(text.replace(/\n$/, ''));
    return;
  }
  const path = resolve(io.cwd, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
