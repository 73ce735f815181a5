/** What a run writes and prints: decisions.ndjson, plan.json, plan.md and the summary table. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CycleResult } from '../cycle.ts';
import { PRIORITIES } from '../config/schema/common.ts';
import type { SourceStats } from '../discover/ingest.ts';
import type { Action } from '../mobilise/plan.ts';
import { ndjsonLines, prettyJsonChunks, writeChunksTogether, type RoutedPiece } from './chunked-write.ts';
import { collectGarbage } from './heap.ts';
import { PROGRESS_STEP_MASK, type Progress, type ProgressBar } from '../discover/progress.ts';

const STREAMED_PLAN_KEYS: ReadonlySet<string> = new Set(['actions']);

export interface RunSummary {
  exposures: number;
  findings: number;
  byScope: { scope: string; P1: number; P2: number; P3: number; P4: number; excepted: number; suppressed: number; total: number }[];
  actions: Record<Action['op'], number>;
  unscopedAssets: string[];
}

export function summarise(result: CycleResult, findings: number): RunSummary {
  const rows = new Map<string, RunSummary['byScope'][number]>();
  for (const d of result.decisions) {
    const scope = d.scope ?? '(no scope)';
    let r = rows.get(scope);
    if (!r) rows.set(scope, (r = { scope, P1: 0, P2: 0, P3: 0, P4: 0, excepted: 0, suppressed: 0, total: 0 }));
    r.total++;
    if (d.status === 'excepted') r.excepted++;
    else if (d.status === 'suppressed') r.suppressed++;
    else r[d.priority]++;
  }
  const actions = { create: 0, update: 0, comment: 0, reopen: 0, close: 0 };
  for (const a of result.plan.actions) actions[a.op]++;
  return {
    exposures: result.decisions.length,
    findings,
    byScope: [...rows.values()].sort((a, b) => a.scope.localeCompare(b.scope)),
    actions,
    unscopedAssets: result.unscoped.map((a) => a.id),
  };
}

export function summaryTable(s: RunSummary): string[] {
  const head = ['scope', ...PRIORITIES, 'excepted', 'suppressed', 'total'];
  const body = s.byScope.map((r) => [r.scope, ...PRIORITIES.map((p) => String(r[p])), String(r.excepted), String(r.suppressed), String(r.total)]);
  const total = ['TOTAL', ...PRIORITIES.map((p) => String(s.byScope.reduce((n, r) => n + r[p], 0))),
    String(s.byScope.reduce((n, r) => n + r.excepted, 0)), String(s.byScope.reduce((n, r) => n + r.suppressed, 0)), String(s.exposures)];
  const rows = [head, ...body, total];
  const width = head.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), width.map((w) => '-'.repeat(w)).join('  '), line(total)];
}

/** Asset ids the console names in its scope-drift line; plan.md lists every one. */
export const SCOPE_DRIFT_SHOWN = 10;

/**
 * The console's scope-drift line, or undefined when every asset is in a scope. An estate
 * can have thousands of unscoped assets: the line names the first few and says how many
 * more plan.md lists, instead of being thousands of ids long.
 */
export function scopeDriftLine(ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const head = `scope drift: ${ids.length} asset(s) in no scope: ${ids.slice(0, SCOPE_DRIFT_SHOWN).join(', ')}`;
  return ids.length <= SCOPE_DRIFT_SHOWN ? head : `${head} and ${ids.length - SCOPE_DRIFT_SHOWN} more (plan.md lists them all)`;
}

export function planMarkdown(result: CycleResult, s: RunSummary, meta: { now: string; dryRun: boolean }): string {
  return [...planMarkdownLines(result, s, meta)].join('');
}

/** plan.md line by line (each with its newline), so a plan of many issues is never one string. */
export function* planMarkdownLines(result: CycleResult, s: RunSummary, meta: { now: string; dryRun: boolean }): Generator<string> {
  yield* planMarkdownHead(s, meta);
  for (const a of result.plan.actions) yield* actionMarkdownLines(a);
}

const lines = (...ls: string[]) => ls.map((l) => l + '\n');

function planMarkdownHead(s: RunSummary, meta: { now: string; dryRun: boolean }): string[] {
  const out = lines(`# ctem ${meta.dryRun ? 'dry-run plan' : 'run'} — ${meta.now}`, '');
  out.push(...lines(`${s.findings} findings → ${s.exposures} exposures. Planned: ${Object.entries(s.actions).map(([k, v]) => `${v} ${k}`).join(', ')}.`, ''));
  out.push(...lines('| scope | P1 | P2 | P3 | P4 | excepted | suppressed | total |', '|---|--:|--:|--:|--:|--:|--:|--:|'));
  for (const r of s.byScope) out.push(...lines(`| ${r.scope} | ${r.P1} | ${r.P2} | ${r.P3} | ${r.P4} | ${r.excepted} | ${r.suppressed} | ${r.total} |`));
  if (s.unscopedAssets.length) out.push(...lines('', `Assets no scope covers (scope drift): ${s.unscopedAssets.join(', ')}`));
  out.push(...lines('', '## Actions', ''));
  return out;
}

function actionMarkdownLines(a: Action): string[] {
  switch (a.op) {
    case 'create':
      return lines(`### create in ${a.repository}: ${a.title}`, '', `priority **${a.priority}**, due **${a.due_date}**, ${a.exposures} exposure(s); labels: ${a.labels.join(', ')}; assignees: ${a.assignees.join(', ') || '—'}`, '', '<details><summary>body</summary>', '', a.body, '', '</details>', '');
    case 'update':
      return lines(`### update ${a.repository}#${a.number}: ${Object.keys(a.changes).join(', ')}`, '');
    default:
      return lines(`### ${a.op} ${a.repository}#${a.number}`, '');
  }
}

const DECISIONS = 0;
const PLAN_JSON = 1;
const PLAN_MD = 2;
const OUTPUT_FILES = ['decisions.ndjson', 'plan.json', 'plan.md'];

export async function writeOutputs(
  dir: string,
  result: CycleResult,
  s: RunSummary,
  stats: SourceStats[],
  meta: { now: string; dryRun: boolean },
  /** A bar over the decisions and actions written (the shell passes one only on a terminal). */
  progress?: Progress,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths = OUTPUT_FILES.map((f) => join(dir, f));
  // The cycle's temporaries (input documents, exposures) are dead, and writing makes gigabytes of short-lived
  // text: collected first, so that the heap is sized from what the run still holds (heap.ts).
  collectGarbage();
  const items = result.decisions.length + result.plan.actions.length;
  const bar = progress?.start(`writing ${OUTPUT_FILES.join(', ')}`, items, 'items');
  // Streamed: at a million decisions each file is gigabytes (docs/scale.md).
  await writeChunksTogether(paths, outputPieces(result, s, stats, meta, bar));
  bar?.update(items);
  bar?.stop();
  return paths;
}

/**
 * The three files' text, in one pass. plan.json and plan.md are made side by side,
 * one action at a time: a `create` action's body is rendered when read
 * (engine/mobilise/lazy-body.ts), so it is read once, into a plain copy both print.
 */
function* outputPieces(result: CycleResult, s: RunSummary, stats: SourceStats[], meta: { now: string; dryRun: boolean }, bar?: ProgressBar): Generator<RoutedPiece> {
  let written = 0;
  const step = () => {
    written++;
    if (bar !== undefined && (written & PROGRESS_STEP_MASK) === 0) bar.update(written);
  };
  for (const line of ndjsonLines(result.decisions)) {
    step();
    yield [DECISIONS, line];
  }
  for (const line of planMarkdownHead(s, meta)) yield [PLAN_MD, line];
  let pending: string[] = [];
  function* actions(): Generator<Action> {
    for (const a of result.plan.actions) {
      step();
      const plain = a.op === 'create' ? { ...a } : a;
      pending = actionMarkdownLines(plain);
      yield plain;
    }
  }
  const plan = { generated_at: meta.now, dry_run: meta.dryRun, summary: s, sources: stats, actions: actions(), unchanged: result.plan.unchanged };
  for (const piece of prettyJsonChunks(plan, STREAMED_PLAN_KEYS)) {
    yield [PLAN_JSON, piece];
    for (const line of pending) yield [PLAN_MD, line];
    pending = [];
  }
  yield [PLAN_JSON, '\n'];
}
