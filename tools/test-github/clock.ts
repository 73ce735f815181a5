/**
 * Time, injectable: issue dates, `updated_at` ordering, rate-limit resets and the
 * search index's lag all read this clock, so tests can make them deterministic.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(date: Date | string): void;
}

export function manualClock(start: Date | string = '2024-01-01T00:00:00Z'): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (d) => {
      t = new Date(d).getTime();
    },
  };
}

/** GitHub's timestamp format: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
