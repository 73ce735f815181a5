import { describe, expect, it } from 'vitest';
import { emptySnapshot, inProgressMarker, parseSnapshot, serialiseSnapshot, trackedCount, type ListingSnapshot } from '../../../engine/github/snapshot.ts';
import type { ListedItem } from '../../../engine/github/tracked.ts';

const ID = { api: 'https://api.github.com', label: 'ctem' };
const item = (number: number, over: Partial<ListedItem> = {}): ListedItem => ({
  number,
  state: 'open',
  title: `issue ${number}`,
  body: `<!-- ctem:issue {"key":"k${number}","priority":"P2","due":"2026-12-01"} -->`,
  labels: [{ name: 'ctem' }],
  assignees: [{ login: 'alice' }],
  updated_at: '2026-11-28T10:00:00Z',
  user: { login: 'ctem-bot' },
  ...over,
});

function snapshot(): ListingSnapshot {
  const s = emptySnapshot(ID, '2026-11-28T10:00:00.000Z');
  s.repositories.set('acme/web', { repository: 'acme/Web', listedAt: '2026-11-28T10:00:05.000Z', items: [item(1), item(2, { state: 'closed' })] });
  s.repositories.set('acme/api', { repository: 'acme/api', listedAt: '2026-11-27T10:00:00.000Z', items: [item(7, { pull_request: { merged_at: null } })] });
  return s;
}

describe('the listing snapshot file', () => {
  it('reads back what it wrote, and counts what it tracks', () => {
    const text = serialiseSnapshot(snapshot());
    const back = parseSnapshot(text, ID);
    expect(back).toEqual({ usable: true, snapshot: snapshot() });
    expect(trackedCount(snapshot())).toBe(3);
    // Stable text: the same snapshot always writes the same file.
    expect(serialiseSnapshot((back as { snapshot: ListingSnapshot }).snapshot)).toBe(text);
  });

  it('is unusable when missing, unreadable, for another API or label, or left "in progress" by a run that did not finish', () => {
    const text = serialiseSnapshot(snapshot());
    expect(parseSnapshot(undefined, ID)).toEqual({ usable: false, reason: 'no snapshot of an earlier listing' });
    expect(parseSnapshot(text.slice(0, 50), ID)).toEqual({ usable: false, reason: 'the snapshot of the last listing is unreadable' });
    expect(parseSnapshot('[]', ID)).toEqual({ usable: false, reason: 'the snapshot of the last listing is unreadable' });
    expect(parseSnapshot(text.replace('"version":1', '"version":2'), ID).usable).toBe(false);
    expect(parseSnapshot(text, { ...ID, api: 'https://ghe.example.test/api/v3' })).toEqual({ usable: false, reason: 'the snapshot is of another GitHub or tracking label' });
    expect(parseSnapshot(text, { ...ID, label: 'security' })).toEqual({ usable: false, reason: 'the snapshot is of another GitHub or tracking label' });
    expect(parseSnapshot(inProgressMarker(ID, '2026-11-28T11:00:00.000Z'), ID)).toEqual({
      usable: false,
      reason: 'the run that started 2026-11-28T11:00:00.000Z did not finish, so what it did is not in the snapshot',
    });
    expect(parseSnapshot(text.replace('"as_of":"2026-11-28T10:00:00.000Z"', '"as_of":"yesterday"'), ID).usable).toBe(false);
  });

  it('drops a damaged repository entry (it is listed in full again) and keeps the rest', () => {
    const raw = JSON.parse(serialiseSnapshot(snapshot())) as { repositories: Record<string, { repository: string; listed_at: string; items: unknown[] }> };
    raw.repositories['acme/api']!.items.push({ number: 'eight', state: 'open' });
    raw.repositories['acme/other'] = { repository: 'acme/not-other', listed_at: '2026-11-28T10:00:00Z', items: [] };
    const back = parseSnapshot(JSON.stringify(raw), ID);
    expect(back.usable && [...back.snapshot.repositories.keys()]).toEqual(['acme/web']);
  });

  it('reads attacker-written keys as data: no prototype pollution, no inherited properties', () => {
    const hostile = JSON.stringify({
      version: 1,
      api: ID.api,
      label: ID.label,
      state: 'complete',
      as_of: '2026-11-28T10:00:00Z',
      repositories: JSON.parse('{"__proto__":{"repository":"__proto__","listed_at":"2026-11-28T10:00:00Z","items":[{"number":1,"state":"open","__proto__":{"polluted":true}}]}}'),
    });
    const back = parseSnapshot(hostile, ID);
    expect(back.usable).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const items = back.usable ? back.snapshot.repositories.get('__proto__')?.items : undefined;
    expect(items).toEqual([{ number: 1, state: 'open', title: '', body: '', labels: [], assignees: [] }]);
  });
});
