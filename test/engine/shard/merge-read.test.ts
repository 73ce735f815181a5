/**
 * How the merge step reads the shards' outputs: decisions line by line and each
 * plan.json assembled from a stream when large (a full-size shard's files can be
 * longer than V8's longest string), with the same result as reading them whole, and
 * a located error for a damaged file.
 */
import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeShards, writeMerged } from '../../../engine/app/shard-merge.ts';
import { CtemError } from '../../../engine/errors.ts';
import { MERGE_HEAP_BYTES_PER_DECISION, MERGE_LEDGER_HEAP_BYTES_PER_DECISION } from '../../../engine/shard/merge.ts';
import { planShards } from './plan-shards.ts';
import { repoRoot } from '../../support/corpus.ts';
import { recordingProgress } from '../../support/recording-progress.ts';

const NOW = '2026-11-28T12:00:00.000Z';
const N = 3;

describe('the merge step reading shard outputs', () => {
  let work: string;
  let dirs: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ctem-merge-read-'));
    ({ dirs } = await planShards(N, work, { now: NOW }));
  }, 120_000);

  it('gives the same merged run whether the plans are parsed whole or assembled from a stream', async () => {
    const outputs = async (largeJsonBytes: number | undefined, out: string) => {
      const r = await mergeShards({ root: repoRoot, shardDirs: dirs, largeJsonBytes });
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const files = await writeMerged(out, r.merged!);
      return Promise.all(files.map((f) => readFile(f, 'utf8')));
    };
    const whole = await outputs(undefined, join(work, 'whole'));
    const streamed = await outputs(1, join(work, 'streamed'));
    expect(streamed).toEqual(whole);
    expect(whole[0]!.split('\n').length).toBeGreaterThan(100);
  }, 60_000);

  it("reports reading each shard's decisions and writing the merged files to a bar, with the same outputs", async () => {
    const { progress, events } = recordingProgress();
    const r = await mergeShards({ root: repoRoot, shardDirs: dirs, progress });
    const files = await writeMerged(join(work, 'barred'), r.merged!, progress);
    const plain = await writeMerged(join(work, 'plain'), (await mergeShards({ root: repoRoot, shardDirs: dirs })).merged!);
    const starts = events.filter((e) => e.startsWith('start '));
    expect(starts.slice(0, N)).toEqual(await Promise.all(dirs.map(async (d) => `start ${join(d, 'decisions.ndjson')} ${(await stat(join(d, 'decisions.ndjson'))).size} bytes`)));
    const items = r.merged!.result.decisions.length + r.merged!.result.plan.actions.length;
    expect(starts.slice(N)).toEqual([`start writing decisions.ndjson, plan.json, plan.md ${items} items`]);
    expect(events.filter((e) => e === 'stop')).toHaveLength(N + 1);
    expect(await Promise.all(files.map((f) => readFile(f, 'utf8')))).toEqual(await Promise.all(plain.map((f) => readFile(f, 'utf8'))));
  }, 60_000);

  it('names the file and line of a damaged decision, and the place a plan breaks off', async () => {
    const { dirs: copies } = await planShards(N, join(work, 'broken'), { now: NOW });
    for (const [k, d] of dirs.entries()) expect(await readFile(join(copies[k]!, 'plan.json'), 'utf8')).toBe(await readFile(join(d, 'plan.json'), 'utf8'));
    const lines = (await readFile(join(copies[1]!, 'decisions.ndjson'), 'utf8')).split('\n').length - 1;
    await appendFile(join(copies[1]!, 'decisions.ndjson'), '{"fingerprint": "truncated\n');
    const bad = await mergeShards({ root: repoRoot, shardDirs: copies }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CtemError);
    expect((bad as CtemError).problems[0]).toMatchObject({ code: 'not-a-shard', message: 'decisions.ndjson is not valid JSON', file: join(copies[1]!, 'decisions.ndjson'), line: lines + 1 });

    await writeFile(join(copies[1]!, 'decisions.ndjson'), (await readFile(join(dirs[1]!, 'decisions.ndjson'), 'utf8')));
    const plan = await readFile(join(copies[2]!, 'plan.json'), 'utf8');
    await writeFile(join(copies[2]!, 'plan.json'), plan.slice(0, Math.floor(plan.length / 2)));
    for (const largeJsonBytes of [undefined, 1]) {
      const cut = await mergeShards({ root: repoRoot, shardDirs: copies, largeJsonBytes }).catch((e: unknown) => e);
      expect(cut).toBeInstanceOf(CtemError);
      expect((cut as CtemError).problems[0]).toMatchObject({ code: 'json-syntax', file: join(copies[2]!, 'plan.json'), line: expect.any(Number) });
    }
  }, 120_000);

  it('counts recording in the ledger in the heap it checks for, before reading any decision', async () => {
    let decisions = 0;
    for (const d of dirs) decisions += (JSON.parse(await readFile(join(d, 'shard.json'), 'utf8')) as { decisions: number }).decisions;
    // Room for the decisions, not for recording them too.
    const heapLimit = decisions * (MERGE_HEAP_BYTES_PER_DECISION + MERGE_LEDGER_HEAP_BYTES_PER_DECISION / 2);
    const recording = await mergeShards({ root: repoRoot, shardDirs: dirs, ledger: true, heapLimit });
    expect(recording.merged).toBeUndefined();
    expect(recording.problems).toEqual([expect.objectContaining({ code: 'heap-too-small', message: expect.stringContaining('and recording them in the ledger') })]);
    const planning = await mergeShards({ root: repoRoot, shardDirs: dirs, heapLimit });
    expect(planning.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(planning.merged).toBeDefined();
  }, 60_000);
});
