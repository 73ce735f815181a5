/**
 * GitHub's primary rate limit, per token and per resource (`core`: 5000 an hour,
 * `search`: 30 a minute by default). Every answered request is counted except
 * conditional requests answered 304 and GET /rate_limit itself, which GitHub does
 * not charge. The x-ratelimit-* headers go on every response, and an exhausted budget
 * is GitHub's 403 with `x-ratelimit-remaining: 0`, which Octokit's throttling plugin
 * recognises.
 */
import type { Clock } from './clock.ts';

export type RateResource = 'core' | 'search';

export interface RateLimits {
  core: number;
  search: number;
}

const WINDOW_MS: Record<RateResource, number> = { core: 3600_000, search: 60_000 };

export interface RateStatus {
  resource: RateResource;
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

interface Bucket {
  used: number;
  windowStart: number;
}

export class RateLimiter {
  readonly limits: RateLimits;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    limits: Partial<RateLimits> = {},
  ) {
    this.limits = { core: limits.core ?? 5000, search: limits.search ?? 30 };
  }

  private bucket(token: string, resource: RateResource): Bucket {
    const key = `${resource}\0${token}`;
    const now = this.clock.now().getTime();
    let b = this.buckets.get(key);
    if (!b || now >= b.windowStart + WINDOW_MS[resource]) {
      b = { used: 0, windowStart: now };
      this.buckets.set(key, b);
    }
    return b;
  }

  status(token: string, resource: RateResource): RateStatus {
    const b = this.bucket(token, resource);
    const limit = this.limits[resource];
    return {
      resource,
      limit,
      used: b.used,
      remaining: Math.max(0, limit - b.used),
      reset: Math.ceil((b.windowStart + WINDOW_MS[resource]) / 1000),
    };
  }

  /** Charge one request. */
  charge(token: string, resource: RateResource): void {
    this.bucket(token, resource).used++;
  }

  /** Use up the budget (to test a bot's behaviour at the limit). */
  exhaust(token: string, resource: RateResource = 'core'): void {
    this.bucket(token, resource).used = this.limits[resource];
  }
}

export function rateHeaders(s: RateStatus): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': s.resource,
  };
}
