/** What a run writes and prints: decisions.ndjson, plan.json, plan.md and the summary table. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CycleResult } from '../cycle.ts';
import { PRIORITIES } from '../config/schema/common.ts';
import type { SourceStats } from '../discover/ingest.ts';
import type { Action } from '../mobilise/plan.ts';
import { ndjsonLines, prettyJsonChunks, writeChunks } from './chunked-write.ts';

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

export function planMarkdown(result: CycleResult, s: RunSummary, meta: { now: string; dryRun: boolean }): string {
  return [...planMarkdownLines(result, s, meta)].join('');
}

/** plan.md line by line (each with its newline), so a plan of many issues is never one string. */
export function* planMarkdownLines(result: CycleResult, s: RunSummary, meta: { now: string; dryRun: boolean }): Generator<string> {
  const lines = (...ls: string[]) => ls.map((l) => l + '\n');
  yield* lines(`# ctem ${meta.dryRun ? 'dry-run plan' : 'run'} — ${meta.now}`, '');
  yield* lines(`${s.findings} findings → ${s.exposures} exposures. Planned: ${Object.entries(s.actions).map(([k, v]) => `${v} ${k}`).join(', ')}.`, '');
  yield* lines('| scope | P1 | P2 | P3 | P4 | excepted | suppressed | total |', '|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of s.byScope) yield* lines(`| ${r.scope} | ${r.P1} | ${r.P2} | ${r.P3} | ${r.P4} | ${r.excepted} | ${r.suppressed} | ${r.total} |`);
  if (s.unscopedAssets.length) yield* lines('', `Assets no scope covers (scope drift): ${s.unscopedAssets.join(', ')}`);
  yield* lines('', '## Actions', '');
  for (const a of result.plan.actions) {
    switch (a.op) {
      case 'create':
        yield* lines(`### create in ${a.repository}: ${a.title}`, '', `priority **${a.priority}**, due **${a.due_date}**, ${a.exposures} exposure(s); labels: ${a.labels.join(', ')}; assignees: ${a.assignees.join(', ') || '—'}`, '', '<details><summary>body</summary>', '', a.body, '', '</details>', '');
        break;
      case 'update':
        yield* lines(`### update ${a.repository}#${a.number}: ${Object.keys(a.changes).join(', ')}`, '');
        break;
      default:
        yield* lines(`### ${a.op} ${a.repository}#${a.number}`, '');
    }
  }
}

export async function writeOutputs(dir: string, result: CycleResult, s: RunSummary, stats: SourceStats[], meta: { now: string; dryRun: boolean }): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  // Streamed: at a million decisions each file is gigabytes (docs/scale.md).
  const plan = { generated_at: meta.now, dry_run: meta.dryRun, summary: s, sources: stats, actions: result.plan.actions, unchanged: result.plan.unchanged };
  const files: [string, Iterable<string>][] = [
    ['decisions.ndjson', ndjsonLines(result.decisions)],
    ['plan.json', withNewline(prettyJsonChunks(plan, STREAMED_PLAN_KEYS))],
    ['plan.md', planMarkdownLines(result, s, meta)],
  ];
  for (const [name, pieces] of files) await writeChunks(join(dir, name), pieces);
  return files.map(([f]) => join(dir, f));
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}
