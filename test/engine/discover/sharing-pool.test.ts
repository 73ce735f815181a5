/** The interning pools' admission: shared from the second sighting on, bounded by what repeats. */
import { describe, expect, it } from 'vitest';
import { SharingPool } from '../../../engine/discover/sharing-pool.ts';
import { internList } from '../../../engine/discover/intern.ts';

const list = (...xs: string[]) => Object.freeze(xs);

describe('a sharing pool', () => {
  it('shares nothing seen once, and shares the first value when it is seen again', () => {
    const pool = new SharingPool<readonly string[]>(10, 10);
    const first = list('CVE-1');
    expect(pool.get('CVE-1')).toBeUndefined();
    pool.offer('CVE-1', first);
    expect(pool.size).toEqual({ shared: 0, waiting: 1 });
    expect(pool.get('CVE-1')).toBe(first);
    expect(pool.size).toEqual({ shared: 1, waiting: 0 });
    expect(pool.get('CVE-1')).toBe(first);
  });

  it('forgets a first sighting once the window has filled with others, and shares from the next two sightings on', () => {
    const pool = new SharingPool<readonly string[]>(100, 3);
    const early = list('early');
    pool.offer('early', early);
    for (const k of ['a', 'b', 'c', 'd']) pool.offer(k, list(k));
    expect(pool.get('early')).toBeUndefined();
    const again = list('early');
    pool.offer('early', again);
    expect(pool.get('early')).toBe(again);
  });

  it('holds at most its two bounds, however many values pass through it', () => {
    const pool = new SharingPool<string>(50, 20);
    for (let i = 0; i < 10_000; i++) {
      const k = `v${i % 3 === 0 ? i % 300 : i}`;
      if (pool.get(k) === undefined) pool.offer(k, k);
      expect(pool.size.shared).toBeLessThanOrEqual(50);
      expect(pool.size.waiting).toBeLessThanOrEqual(20);
    }
  });

  it('keeps values that repeat and not values that never do: a stream of one-off lists leaves nothing shared', () => {
    const pool = new SharingPool<readonly string[]>(1_000, 100);
    for (let i = 0; i < 5_000; i++) {
      const k = `one-off-${i}`;
      if (pool.get(k) === undefined) pool.offer(k, list(k));
      const r = `repeated-${i % 10}`;
      if (pool.get(r) === undefined) pool.offer(r, list(r));
    }
    expect(pool.size.shared).toBe(10);
  });
});

describe('interned lists', () => {
  it('are one object from the first sighting on', () => {
    const lists = [0, 1, 2, 3].map(() => internList(['CVE-2026-1', 'GHSA-abcd'].map((s) => s.slice())));
    expect(new Set(lists).size).toBe(1);
    expect(Object.isFrozen(lists[0])).toBe(true);
  });
});
