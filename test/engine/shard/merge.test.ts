import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../engine/model/decision.ts';
import { SHARD_FORMAT, type ShardManifest } from '../../../engine/shard/manifest.ts';
import { checkMergeHeap, checkShards, isDeferred, MERGE_HEAP_BYTES_PER_DECISION, mergeDecisions, renderedBodies } from '../../../engine/shard/merge.ts';

const manifest = (index: number, count: number, over: Partial<ShardManifest> = {}): ShardManifest => ({
  ctem_shard_format: SHARD_FORMAT,
  shard: { index, count },
  now: '2026-11-28T12:00:00.000Z',
  config_digest: 'abc',
  findings: 10,
  exposures: 8,
  decisions: 3,
  issues: 1,
  deferred_routes: [],
  sources: [],
  ...over,
});
const shards = (...ms: ShardManifest[]) => ms.map((m, i) => ({ dir: `s${i + 1}`, manifest: m }));
const messages = (ps: { message: string }[]) => ps.map((p) => p.message);

describe('checking that shards make up one run', () => {
  it('accepts 1..N of one run, in any order', () => {
    expect(checkShards(shards(manifest(2, 3), manifest(3, 3), manifest(1, 3)), 'abc')).toEqual([]);
  });

  it('names a missing shard, a shard given twice, and a shard of another run size', () => {
    expect(messages(checkShards(shards(manifest(1, 3), manifest(3, 3)), 'abc'))).toEqual(['shard 2/3 is missing']);
    expect(messages(checkShards(shards(manifest(1, 2), manifest(1, 2), manifest(2, 2)), 'abc'))).toEqual(['shard 1/2 given twice (also s1)']);
    expect(messages(checkShards(shards(manifest(1, 2), manifest(2, 3)), 'abc'))).toContain('shard 2/3 is of a run with 3 shards, not 2');
  });

  it('refuses shards run at different times, on another configuration, or over other reports', () => {
    const ps = checkShards(shards(manifest(1, 2), manifest(2, 2, { now: '2026-11-29T00:00:00.000Z', config_digest: 'other', findings: 11 })), 'abc');
    expect(messages(ps)).toEqual([
      'shard 2/2 ran at 2026-11-29T00:00:00.000Z, shard 1/2 at 2026-11-28T12:00:00.000Z',
      'shard 2/2 ran with another configuration or inventory than this checkout',
      'shard 2/2 read 11 findings (8 exposures), shard 1/2 10 (8)',
    ]);
    expect(ps.every((p) => p.severity === 'error' && p.code === 'shard-mismatch')).toBe(true);
  });

  it('needs at least one shard', () => {
    expect(messages(checkShards([], 'abc'))).toEqual(['no shard directories given']);
  });
});

describe('checking that the merge fits in the heap', () => {
  const MIB = 2 ** 20;
  // The full-size estate split in two, as measured (docs/scale.md).
  const fullSize = shards(manifest(1, 2, { decisions: 387_575 }), manifest(2, 2, { decisions: 388_221 }));

  it('lets a merge through whose decisions fit in the heap', () => {
    expect(checkMergeHeap(fullSize, 4144 * MIB)).toEqual([]);
    // The full size fits in the default heap of a standard 2-core runner (measured: a peak of 1,590 MiB).
    expect(checkMergeHeap(fullSize, 2096 * MIB)).toEqual([]);
    expect(checkMergeHeap(shards(manifest(1, 1, { decisions: 0 })), 0)).toEqual([]);
  });

  it('refuses one that does not, before reading anything, naming what it needs and how to give it', () => {
    // Twice the full size, against the default limit of Node 20 on a machine with 7 or 8 GB, such as a standard 2-core runner.
    const twice = shards(manifest(1, 2, { decisions: 775_150 }), manifest(2, 2, { decisions: 776_442 }));
    const [p, ...rest] = checkMergeHeap(twice, 2096 * MIB);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'heap-too-small', severity: 'error' });
    expect(p!.message).toBe('merging 1551592 decisions needs about 3848 MiB of heap; this Node process may use 2096 MiB');
    expect(p!.hint).toBe('run the merge with NODE_OPTIONS=--max-old-space-size=5120, on a machine with that much memory free (docs/scale.md)');
  });

  it('counts what recording in the ledger adds', () => {
    // Measured: the full size with --ledger ran out of a 2,096 MiB heap while recording, and fits in 4 GiB.
    const [p, ...rest] = checkMergeHeap(fullSize, 2096 * MIB, { ledger: true });
    expect(rest).toEqual([]);
    expect(p!.message).toBe('merging 775796 decisions and recording them in the ledger needs about 2516 MiB of heap; this Node process may use 2096 MiB');
    expect(p!.hint).toBe('run the merge with NODE_OPTIONS=--max-old-space-size=3584, on a machine with that much memory free (docs/scale.md)');
    expect(checkMergeHeap(fullSize, 4096 * MIB, { ledger: true })).toEqual([]);
    expect(checkMergeHeap(fullSize, 2096 * MIB, { ledger: false })).toEqual([]);
  });

  it('counts every shard\'s decisions', () => {
    const limit = 10 * MERGE_HEAP_BYTES_PER_DECISION;
    expect(checkMergeHeap(shards(manifest(1, 2, { decisions: 5 }), manifest(2, 2, { decisions: 5 })), limit)).toEqual([]);
    expect(checkMergeHeap(shards(manifest(1, 2, { decisions: 5 }), manifest(2, 2, { decisions: 6 })), limit)).toHaveLength(1);
  });
});

describe('merging decisions and plans', () => {
  const d = (fingerprint: string) => ({ fingerprint }) as Decision;

  it('orders the union by fingerprint, as an unsharded run writes it', () => {
    const r = mergeDecisions([[d('b'), d('e')], [d('a'), d('c')], []]);
    expect(r.decisions.map((x) => x.fingerprint)).toEqual(['a', 'b', 'c', 'e']);
    expect(r.problems).toEqual([]);
  });

  it('refuses an exposure two shards decided', () => {
    expect(messages(mergeDecisions([[d('a')], [d('a')]]).problems)).toEqual(['exposure a was decided by two shards']);
  });

  it('reuses the bodies the shards rendered, by issue key', () => {
    const bodies = renderedBodies([
      { actions: [{ op: 'create', key: 'k1', body: 'one' } as never, { op: 'close', key: 'k9' } as never] },
      { actions: [{ op: 'create', key: 'k2', body: 'two' } as never] },
    ]);
    expect([...bodies]).toEqual([['k1', 'one'], ['k2', 'two']]);
  });

  it('defers only issues that group across assets', () => {
    expect(isDeferred({ group_by: 'owner-rule' })).toBe(true);
    for (const g of ['finding', 'asset-package', 'asset'] as const) expect(isDeferred({ group_by: g })).toBe(false);
  });
});
