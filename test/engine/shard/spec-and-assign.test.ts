import { describe, expect, it } from 'vitest';
import { CtemError } from '../../../engine/errors.ts';
import { assetHash, ownsAsset, shardOf } from '../../../engine/shard/assign.ts';
import { formatShard, parseShardSpec } from '../../../engine/shard/spec.ts';

describe('--shard K/N', () => {
  it('reads K/N, 1-based as a matrix counts', () => {
    expect(parseShardSpec('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShardSpec(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(formatShard({ index: 3, count: 4 })).toBe('3/4');
  });

  it.each(['0/3', '4/3', '3', '1/0', 'a/b', '1/257', '-1/2', '1.5/3', ''])('refuses %j as a usage error', (text) => {
    expect(() => parseShardSpec(text)).toThrow(CtemError);
    try {
      parseShardSpec(text);
    } catch (e) {
      expect((e as CtemError).exitCode).toBe(2);
    }
  });
});

describe('which shard owns an asset', () => {
  it('is FNV-1a of the asset id, modulo N, plus one: fixed, so every machine agrees', () => {
    // FNV-1a 32-bit test vectors.
    expect(assetHash('')).toBe(0x811c9dc5);
    expect(assetHash('a')).toBe(0xe40c292c);
    expect(assetHash('foobar')).toBe(0xbf9cf968);
    expect(shardOf('foobar', 8)).toBe((0xbf9cf968 % 8) + 1);
  });

  it('puts every asset in exactly one of N shards', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `img-payments-api-${String(i).padStart(5, '0')}`);
    for (const n of [1, 3, 8]) {
      const owners = Array.from({ length: n }, (_, k) => ownsAsset({ index: k + 1, count: n }));
      for (const id of ids) expect(owners.filter((owns) => owns(id))).toHaveLength(1);
    }
  });

  it('spreads ids with a common prefix evenly', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`host-billing-web-${i}`, 8) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});
