/**
 * The whole dry run, as `ctem run --dry-run` does it, through the public
 * functions: prepareRun (configuration, inventory, every report, feeds, policy),
 * runCycle (scope, merge, prioritise, plan), then the summary and the output
 * files. The process's peak RSS is the run's.
 *
 *   node --import tsx bench/stages/cycle.ts ESTATE_DIR OUT_DIR NOW
 */
import { summarise, writeOutputs } from '../../engine/app/outputs.ts';
import { cycleInputFrom, prepareRun } from '../../engine/app/prepare.ts';
import { runCycle } from '../../engine/cycle.ts';
import { heapLimitBytes } from '../../engine/app/heap.ts';
import { report } from '../child.ts';

const [dir, out, now] = [process.argv[2]!, process.argv[3]!, process.argv[4]!];
const t0 = performance.now();
const c0 = process.cpuUsage();
// The environment, for CTEM_INGEST_THREADS (the estate has no GitHub source).
const { prepared, problems } = await prepareRun(dir, now, { env: process.env });
if (!prepared) throw new Error(`prepareRun failed: ${problems.filter((p) => p.severity === 'error').slice(0, 3).map((p) => `${p.file}: ${p.message}`).join('; ')}`);
const t1 = performance.now();
const result = runCycle(cycleInputFrom(prepared, now, { handOver: true }));
const t2 = performance.now();
const summary = summarise(result, prepared.findingCount);
await writeOutputs(out, result, summary, prepared.stats, { now, dryRun: true });
const t3 = performance.now();
const c = process.cpuUsage(c0);
report({
  wallMs: t3 - t0,
  cpuMs: (c.user + c.system) / 1000,
  stagesMs: { prepare: t1 - t0, cycle: t2 - t1, write: t3 - t2 },
  findings: prepared.findingCount,
  exposures: result.exposureCount,
  decisions: result.decisions.length,
  issues: result.issues.length,
  actions: result.plan.actions.length,
  heapLimitMb: Math.round(heapLimitBytes() / 2 ** 20),
});
