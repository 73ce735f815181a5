import { describe, expect, it } from 'vitest';
import { BudgetExhausted, RequestScheduler, virtualTimer } from '../../../engine/github/scheduler.ts';

const T0 = Date.parse('2026-11-28T10:00:00Z');

/** Times (ms after T0) at which each of `n` writes went out. */
async function writeTimes(s: RequestScheduler, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await s.before(true);
    out.push(s.timer.now() - T0);
  }
  return out;
}

describe('the write scheduler (virtual clock: nothing actually waits)', () => {
  it('sends writes one at a time, a second apart, and reads without waiting', async () => {
    const s = new RequestScheduler(virtualTimer(T0));
    expect(await writeTimes(s, 4)).toEqual([0, 1000, 2000, 3000]);
    const before = s.timer.now();
    await s.before(false);
    await s.before(false);
    expect(s.timer.now()).toBe(before);
  });

  it('keeps to 80 content-creating requests a minute', async () => {
    const s = new RequestScheduler(virtualTimer(T0), { spacingMs: 0 });
    const times = await writeTimes(s, 161);
    expect(times.slice(0, 80).every((t) => t === 0)).toBe(true);
    expect(times[80]).toBe(60_000);
    expect(times[160]).toBe(120_000);
    // No 60-second window ever holds more than 80 writes.
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(80);
  });

  it('keeps to 500 an hour, counting the writes of earlier runs in the hour', async () => {
    const earlier = Array.from({ length: 500 }, (_, i) => T0 - 3_000_000 + i * 1000);
    const s = new RequestScheduler(virtualTimer(T0), { spacingMs: 0, maxWaitMs: 3_600_000 }, earlier);
    const [first] = await writeTimes(s, 1);
    // The oldest of the 500 leaves the hour 600 s from now.
    expect(first).toBe(600_000);
  });

  it('gives up rather than wait longer than allowed, so the next run carries on', async () => {
    const earlier = Array.from({ length: 500 }, (_, i) => T0 - 60_000 + i);
    const s = new RequestScheduler(virtualTimer(T0), {}, earlier);
    await expect(s.before(true)).rejects.toBeInstanceOf(BudgetExhausted);
    await expect(s.before(false)).resolves.toBeUndefined();
  });

  it('honours retry-after on a secondary rate limit, for every request', async () => {
    const s = new RequestScheduler(virtualTimer(T0));
    s.after(403, { 'retry-after': '7' }, 'You have exceeded a secondary rate limit');
    await s.before(false);
    expect(s.timer.now() - T0).toBe(7000);
  });

  it('waits a minute on a secondary rate limit that names no time', async () => {
    const s = new RequestScheduler(virtualTimer(T0));
    s.after(403, {}, 'You have exceeded a secondary rate limit.');
    await s.before(false);
    expect(s.timer.now() - T0).toBe(60_000);
  });

  it('waits for x-ratelimit-reset (plus a second) when the primary limit is spent', async () => {
    const s = new RequestScheduler(virtualTimer(T0));
    s.after(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(T0 / 1000 + 120) }, 'API rate limit exceeded');
    await s.before(true);
    expect(s.timer.now() - T0).toBe(121_000);
    expect(s.waitedMs).toBe(121_000);
  });

  it('backs off after server errors and dropped connections, and recovers', async () => {
    const s = new RequestScheduler(virtualTimer(T0));
    s.after(502, {});
    await s.before(false);
    s.after(0, {});
    await s.before(false);
    expect(s.timer.now() - T0).toBe(1000 + 2000);
    s.after(200, {});
    s.after(500, {});
    const t = s.timer.now();
    await s.before(false);
    expect(s.timer.now() - t).toBe(1000);
  });

  it('forgets writes older than an hour', () => {
    const s = new RequestScheduler(virtualTimer(T0), {}, [T0 - 4_000_000, T0 - 10_000, T0 + 99_999_999]);
    expect(s.writeTimes).toEqual([T0 - 10_000]);
  });
});
