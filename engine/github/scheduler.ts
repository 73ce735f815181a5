/**
 * When the next request to GitHub may go. GitHub's documented secondary limits allow
 * at most 80 content-creating requests a minute and 500 an hour, and ask integrations
 * to send writes one at a time, a second apart; a `retry-after` or an exhausted
 * primary limit (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`) pauses
 * everything; server errors back off. The clock and the sleep are injected, so tests
 * run the real schedule without waiting for it.
 */

export interface Timer {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A timer that never waits: sleeping moves its clock instead (tests, and the CLI when an Io supplies `sleep`). */
export function virtualTimer(start: number, onSleep?: (ms: number) => Promise<void> | void): Timer & { slept: number } {
  const t = {
    slept: 0,
    now: () => start + t.slept,
    sleep: async (ms: number) => {
      t.slept += Math.max(0, ms);
      await onSleep?.(ms);
    },
  };
  return t;
}

export interface WriteLimits {
  /** Minimum spacing between two writes (default 1000 ms: GitHub asks for at least a second). */
  spacingMs: number;
  perMinute: number;
  perHour: number;
  /** Longest single wait before giving up and leaving the rest for the next run (default 15 minutes). */
  maxWaitMs: number;
}

export const GITHUB_WRITE_LIMITS: WriteLimits = { spacingMs: 1000, perMinute: 80, perHour: 500, maxWaitMs: 15 * 60_000 };

/** Thrown instead of waiting longer than `maxWaitMs`: the run stops, and the next one continues. */
export class BudgetExhausted extends Error {
  readonly untilMs: number;
  constructor(message: string, untilMs: number) {
    super(message);
    this.name = 'BudgetExhausted';
    this.untilMs = untilMs;
  }
}

export class RequestScheduler {
  readonly limits: WriteLimits;
  /** Write times (ms) within the last hour, oldest first; persisted between runs by the cache file. */
  readonly writeTimes: number[];
  private pausedUntil = 0;
  private pauseReason = '';
  private lastWrite = -Infinity;
  private consecutiveErrors = 0;
  /** Total time spent waiting, for the run's figures. */
  waitedMs = 0;

  constructor(
    readonly timer: Timer,
    limits: Partial<WriteLimits> = {},
    previousWrites: readonly number[] = [],
  ) {
    this.limits = { ...GITHUB_WRITE_LIMITS, ...limits };
    const hourAgo = timer.now() - 3600_000;
    this.writeTimes = previousWrites.filter((t) => t > hourAgo && t <= timer.now()).sort((a, b) => a - b);
    if (this.writeTimes.length > 0) this.lastWrite = this.writeTimes.at(-1)!;
  }

  /** Wait until a request may be sent. Writes also wait for their spacing and the minute/hour budgets. */
  async before(write: boolean): Promise<void> {
    for (;;) {
      const now = this.timer.now();
      let until = this.pausedUntil;
      let why = this.pauseReason;
      if (write) {
        const spaced = this.lastWrite + this.limits.spacingMs;
        if (spaced > until) [until, why] = [spaced, 'write spacing'];
        const minute = this.writeTimes.filter((t) => t > now - 60_000);
        if (minute.length >= this.limits.perMinute && minute[0]! + 60_000 > until) [until, why] = [minute[0]! + 60_000, `${this.limits.perMinute} writes a minute`];
        const hour = this.writeTimes.filter((t) => t > now - 3600_000);
        if (hour.length >= this.limits.perHour && hour[0]! + 3600_000 > until) [until, why] = [hour[0]! + 3600_000, `${this.limits.perHour} writes an hour`];
      }
      if (until <= now) break;
      if (until - now > this.limits.maxWaitMs) {
        throw new BudgetExhausted(`GitHub asks ctem to wait until ${new Date(until).toISOString()} (${why}); the next run continues from here`, until);
      }
      this.waitedMs += until - now;
      await this.timer.sleep(until - now);
    }
    if (write) {
      const now = this.timer.now();
      this.lastWrite = now;
      this.writeTimes.push(now);
      const hourAgo = now - 3600_000;
      while (this.writeTimes.length > 0 && this.writeTimes[0]! <= hourAgo) this.writeTimes.shift();
    }
  }

  /** Learn from an answer (or a failure to get one: status 0). */
  after(status: number, headers: Record<string, string | number | undefined>, message = ''): void {
    const h = (name: string): string | undefined => {
      const v = headers[name];
      return v === undefined ? undefined : String(v);
    };
    const now = this.timer.now();
    const retryAfter = Number(h('retry-after'));
    if ((status === 403 || status === 429) && Number.isFinite(retryAfter) && retryAfter >= 0 && h('retry-after') !== undefined) {
      this.pause(now + retryAfter * 1000, 'retry-after');
    } else if ((status === 403 || status === 429) && h('x-ratelimit-remaining') === '0') {
      const reset = Number(h('x-ratelimit-reset'));
      // One second past the reset, as GitHub advises.
      if (Number.isFinite(reset)) this.pause(reset * 1000 + 1000, 'primary rate limit');
    } else if (status === 403 || status === 429) {
      // A secondary limit without retry-after: GitHub says to wait at least a minute.
      if (/secondary rate/i.test(message)) this.pause(now + 60_000, 'secondary rate limit');
    }
    if (status === 0 || status >= 500) {
      this.consecutiveErrors++;
      // 1 s, 2 s, 4 s ... up to 30 s before the next attempt.
      this.pause(now + Math.min(30_000, 1000 * 2 ** (this.consecutiveErrors - 1)), 'server errors');
    } else if (status < 400 || status === 304) {
      this.consecutiveErrors = 0;
    }
  }

  private pause(until: number, why: string): void {
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pauseReason = why;
    }
  }
}
