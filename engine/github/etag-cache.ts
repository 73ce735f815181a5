/**
 * The ETag cache: for each GET URL, the ETag GitHub gave and the (trimmed) data that
 * came with it, so the next run can ask "changed since?" (If-None-Match) and, on a 304
 * that costs nothing against the rate limit, use what it already has. Also remembers
 * the times of recent writes, so the hourly write budget holds across runs.
 *
 * The file may come back from a CI cache, so it is read as untrusted: wrong shapes
 * are dropped, and cached data goes through the same parsing as a fresh answer.
 */

export interface CachedResponse {
  etag: string;
  data: unknown;
  /** Whether the listing had a next page. */
  next: boolean;
  /**
   * The answer can never change (a file at a commit sha): used without asking again.
   * `data: null` records that the file does not exist at that commit.
   */
  immutable?: boolean;
}

interface CacheFile {
  version: 1;
  api: string;
  entries: Record<string, CachedResponse>;
  writes: number[];
}

export class EtagCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly used = new Set<string>();
  writes: number[] = [];

  constructor(readonly api: string) {}

  get(url: string): CachedResponse | undefined {
    return this.entries.get(url);
  }

  /** Mark an entry as still in use (answered 304), so it is kept when saving. */
  touch(url: string): void {
    this.used.add(url);
  }

  set(url: string, entry: CachedResponse): void {
    this.entries.set(url, entry);
    this.used.add(url);
  }

  delete(url: string): void {
    this.entries.delete(url);
    this.used.delete(url);
  }

  get size(): number {
    return this.entries.size;
  }

  /** JSON for the cache file: only the entries this run used, so the file never grows without bound. */
  serialise(): string {
    const entries: Record<string, CachedResponse> = {};
    for (const url of [...this.used].sort()) {
      const e = this.entries.get(url);
      if (e) entries[url] = e;
    }
    const file: CacheFile = { version: 1, api: this.api, entries, writes: this.writes };
    return JSON.stringify(file) + '\n';
  }

  /** A cache from a file's text; an unreadable file, or one for another API, gives an empty cache. */
  static parse(text: string | undefined, api: string): EtagCache {
    const cache = new EtagCache(api);
    if (!text) return cache;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return cache;
    }
    if (!isRecord(raw) || raw.version !== 1 || raw.api !== api) return cache;
    const entries = Object.hasOwn(raw, 'entries') ? raw.entries : undefined;
    if (isRecord(entries)) {
      for (const url of Object.keys(entries)) {
        const e = entries[url];
        if (!isRecord(e) || typeof e.etag !== 'string' || e.etag.length > 200 || !Object.hasOwn(e, 'data')) continue;
        cache.entries.set(url, { etag: e.etag, data: e.data, next: e.next === true, ...(e.immutable === true ? { immutable: true } : {}) });
      }
    }
    const writes = Object.hasOwn(raw, 'writes') ? raw.writes : undefined;
    if (Array.isArray(writes)) cache.writes = writes.filter((w): w is number => typeof w === 'number' && Number.isFinite(w)).slice(-1000);
    return cache;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
