import { describe, expect, it } from 'vitest';
import { lastSeenFrom } from '../../../engine/ledger/last-seen.ts';

const RUN1 = '2026-11-01T06:00:00.000Z';
const RUN2 = '2026-11-02T06:00:00.000Z';
const RUN3 = '2026-11-03T06:00:00.000Z';
const OPEN = 'aa00000000000000000a';
const CLOSED_AT_RUN3 = 'bb00000000000000000b';
const CLOSED_AT_RUN2 = 'cc00000000000000000c';

describe('when the ledger last saw an exposure', () => {
  const known = new Set([OPEN, CLOSED_AT_RUN3, CLOSED_AT_RUN2]);
  const closedAt = new Map([
    [CLOSED_AT_RUN3, RUN3],
    [CLOSED_AT_RUN2, RUN2],
  ]);
  // Run records come from a tree listing, in no particular order.
  const seen = lastSeenFrom(known, closedAt, [RUN2, RUN3, RUN1]);

  it('an exposure still open was reported by the latest run', () => {
    expect(seen.get(OPEN)).toBe(RUN3);
  });

  it('an exposure closed by a run was last reported by the run before it', () => {
    expect(seen.get(CLOSED_AT_RUN3)).toBe(RUN2);
    expect(seen.get(CLOSED_AT_RUN2)).toBe(RUN1);
  });

  it('knows nothing of an exposure the ledger never saw, or of anything in a ledger without runs', () => {
    expect(seen.get('dd00000000000000000d')).toBeUndefined();
    expect(lastSeenFrom(known, closedAt, []).get(OPEN)).toBeUndefined();
  });

  it('knows nothing of an exposure whose closing run has no run before it (a damaged ledger)', () => {
    expect(lastSeenFrom(known, new Map([[CLOSED_AT_RUN2, RUN1]]), [RUN1, RUN2]).get(CLOSED_AT_RUN2)).toBeUndefined();
  });
});
