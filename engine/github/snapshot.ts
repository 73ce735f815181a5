/**
 * The listing snapshot: what the listing of ctem's issues and pull requests found, per
 * repository, kept between runs next to the ETag cache. A quiet run then asks GitHub
 * only what changed since (one issue search, listing.ts) instead of listing every
 * repository again.
 *
 * The file is written twice per run: an "in progress" marker before anything is sent,
 * and the snapshot itself once the run is over. A run that is killed leaves the marker,
 * and the next run lists everything — so an issue created by a run that never got to
 * record it can never be missed (search is eventually consistent and might not show it
 * yet). The file may come back from a CI cache, so it is read as untrusted: wrong
 * shapes make it unusable, and every item goes through the listing's own parser.
 */
import { parseListedItem, type ListedItem } from './tracked.ts';

const VERSION = 1;

export interface RepoSnapshot {
  /** The repository's spelling as configured. */
  repository: string;
  /** When it was last listed in full (ISO): a snapshot older than the limit is listed again. */
  listedAt: string;
  items: ListedItem[];
}

export interface ListingSnapshot {
  api: string;
  label: string;
  /**
   * When the run that made the snapshot started looking (ISO). Every change made to a
   * tracked item before then is in the snapshot — or, if GitHub's search had not
   * indexed it yet, is found by the next search, which looks back a margin before this.
   */
  asOf: string;
  /** By lower-case `owner/name`. */
  repositories: Map<string, RepoSnapshot>;
}

export type LoadedSnapshot = { usable: true; snapshot: ListingSnapshot } | { usable: false; reason: string };

interface Identity {
  api: string;
  label: string;
}

const own = (o: object, k: string): unknown => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);
const isObj = (v: unknown): v is object => v !== null && typeof v === 'object' && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && Number.isFinite(Date.parse(v));

export const repoKey = (repository: string): string => repository.toLowerCase();

export function emptySnapshot(id: Identity, asOf: string): ListingSnapshot {
  return { api: id.api, label: id.label, asOf, repositories: new Map() };
}

/** The marker written before a run sends anything; replaced by the snapshot when the run ends. */
export function inProgressMarker(id: Identity, startedAt: string): string {
  return JSON.stringify({ version: VERSION, api: id.api, label: id.label, state: 'in-progress', started_at: startedAt }) + '\n';
}

export function serialiseSnapshot(s: ListingSnapshot): string {
  const repositories: Record<string, { repository: string; listed_at: string; items: ListedItem[] }> = {};
  for (const key of [...s.repositories.keys()].sort()) {
    const r = s.repositories.get(key)!;
    repositories[key] = { repository: r.repository, listed_at: r.listedAt, items: r.items };
  }
  return JSON.stringify({ version: VERSION, api: s.api, label: s.label, state: 'complete', as_of: s.asOf, repositories }) + '\n';
}

/** The snapshot in a file's text, if this run may rely on it; otherwise why not (one line, for the run's output). */
export function parseSnapshot(text: string | undefined, id: Identity): LoadedSnapshot {
  if (text === undefined || text.trim() === '') return { usable: false, reason: 'no snapshot of an earlier listing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { usable: false, reason: 'the snapshot of the last listing is unreadable' };
  }
  if (!isObj(raw) || own(raw, 'version') !== VERSION) return { usable: false, reason: 'the snapshot of the last listing is unreadable' };
  if (own(raw, 'api') !== id.api || own(raw, 'label') !== id.label) return { usable: false, reason: 'the snapshot is of another GitHub or tracking label' };
  const state = own(raw, 'state');
  if (state === 'in-progress') {
    const started = own(raw, 'started_at');
    return { usable: false, reason: `the run that started ${isTime(started) ? started : 'last'} did not finish, so what it did is not in the snapshot` };
  }
  const asOf = own(raw, 'as_of');
  const repos = own(raw, 'repositories');
  if (state !== 'complete' || !isTime(asOf) || !isObj(repos)) return { usable: false, reason: 'the snapshot of the last listing is unreadable' };
  const snapshot = emptySnapshot(id, asOf);
  for (const key of Object.keys(repos)) {
    const r = own(repos, key);
    if (!isObj(r)) continue;
    const repository = own(r, 'repository');
    const listedAt = own(r, 'listed_at');
    const items = own(r, 'items');
    // A damaged entry is dropped: that repository is listed in full again.
    if (typeof repository !== 'string' || repoKey(repository) !== key || !isTime(listedAt) || !Array.isArray(items)) continue;
    const parsed = items.map(parseListedItem);
    if (parsed.some((i) => i === undefined)) continue;
    snapshot.repositories.set(key, { repository, listedAt, items: parsed as ListedItem[] });
  }
  return { usable: true, snapshot };
}

/** How many issues and pull requests the snapshot tracks: the N of the ceil(N/100) bound. */
export function trackedCount(s: ListingSnapshot): number {
  let n = 0;
  for (const r of s.repositories.values()) n += r.items.length;
  return n;
}
