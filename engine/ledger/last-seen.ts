/**
 * When each exposure was last reported, for the evidence in a close comment ("Last
 * seen: …"). The index already says it without a column of its own, which would
 * change on every run: an exposure still open in the index was reported by the latest
 * recorded run, and one closed at run T was reported by the run just before T (a run
 * closes exactly the exposures the previous run reported and it does not). Answered
 * per fingerprint on demand from what the run reads anyway (first-seen dates) and the
 * closing times of closed exposures, so a million open exposures cost no extra map. Pure.
 */

export interface LastSeen {
  /** The time of the last run that reported the exposure, or undefined when the ledger does not know it. */
  get(fingerprint: string): string | undefined;
}

export const NOTHING_SEEN: LastSeen = { get: () => undefined };

/**
 * `known`: every exposure in the index (open or closed); `closedAt`: when each closed
 * one closed; `runs`: every recorded run's time (ISO UTC), in any order.
 */
export function lastSeenFrom(known: ReadonlySet<string> | ReadonlyMap<string, unknown>, closedAt: ReadonlyMap<string, string>, runs: readonly string[]): LastSeen {
  const times = [...runs].sort();
  const latest = times.at(-1);
  if (latest === undefined) return NOTHING_SEEN;
  return {
    get(fingerprint) {
      const closed = closedAt.get(fingerprint);
      if (closed !== undefined) return runBefore(times, closed);
      return known.has(fingerprint) ? latest : undefined;
    },
  };
}

/** The latest of the sorted times that is earlier than `at` (binary search: a year of daily runs is 365). */
function runBefore(sorted: readonly string[], at: string): string | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}
