/**
 * The merge step holds the shards' issue bodies as UTF-8 bytes and gives each back
 * exactly as it was rendered.
 */
import { describe, expect, it } from 'vitest';
import { BodyStore } from '../../../engine/shard/body-store.ts';

describe('the bodies the shards rendered', () => {
  it('gives back every body exactly, whatever its characters', () => {
    const bodies = new Map([
      ['ascii', '## 3 exposures\n\n| id | title |\n|---|---|\n| CVE-2024-1 | out-of-bounds read |'],
      ['dashes', 'P1 — due 2026-12-01 … see below'],
      ['inert', 'a&#8203;@team and #&#8203;12 stay inert\u200b'],
      ['astral', 'emoji 🔥 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the basic plane'],
      ['empty', ''],
    ]);
    const store = new BodyStore();
    for (const [k, b] of bodies) store.set(k, b);
    expect(store.size).toBe(bodies.size);
    for (const [k, b] of bodies) {
      expect(store.has(k)).toBe(true);
      expect(store.get(k)).toBe(b);
    }
    expect(store.has('other')).toBe(false);
    expect(store.get('other')).toBeUndefined();
  });

  it('keeps the last body given for a key', () => {
    const store = new BodyStore();
    store.set('k', 'first');
    store.set('k', 'second — again');
    expect(store.size).toBe(1);
    expect(store.get('k')).toBe('second — again');
  });
});
