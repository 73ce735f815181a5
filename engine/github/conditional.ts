/**
 * Conditional GETs: ask with the cached ETag; a 304 answer (free against the rate
 * limit) means the cached data is still right. Listings are fetched page by page,
 * each page revalidated on its own, so a steady state costs one 304 per page.
 */
import type { GitHubClient } from './client.ts';
import type { EtagCache } from './etag-cache.ts';

export interface GetResult<T> {
  data: T;
  next: boolean;
  notModified: boolean;
}

const hasNext = (link: unknown): boolean => typeof link === 'string' && /rel="next"/.test(link);

/**
 * GET `route` with If-None-Match. `parse` turns GitHub's answer into the small shape
 * that is cached; it is applied to cached data too, so it must accept its own output.
 */
export async function conditionalGet<T>(
  client: GitHubClient,
  cache: EtagCache,
  route: string,
  params: Record<string, unknown>,
  parse: (data: unknown) => T,
): Promise<GetResult<T>> {
  const { url } = client.octokit.request.endpoint(route, params);
  const cached = cache.get(url);
  try {
    const res = await client.octokit.request(route, { ...params, headers: cached ? { 'if-none-match': cached.etag } : {} });
    const data = parse(res.data);
    const next = hasNext(res.headers.link);
    const etag = res.headers.etag;
    if (typeof etag === 'string') cache.set(url, { etag, data, next });
    else cache.delete(url);
    return { data, next, notModified: false };
  } catch (e) {
    if ((e as { status?: number }).status === 304 && cached) {
      cache.touch(url);
      return { data: parse(cached.data), next: cached.next, notModified: true };
    }
    throw e;
  }
}

/**
 * GET something that can never change — a file at a commit sha — once: later runs
 * use the cached answer without asking. A 404 (no such file at that commit) is
 * remembered too, as undefined.
 */
export async function immutableGet<T>(client: GitHubClient, cache: EtagCache, route: string, params: Record<string, unknown>, parse: (data: unknown) => T): Promise<T | undefined> {
  const { url } = client.octokit.request.endpoint(route, params);
  const cached = cache.get(url);
  if (cached?.immutable) {
    cache.touch(url);
    return cached.data === null ? undefined : parse(cached.data);
  }
  try {
    const res = await client.octokit.request(route, params);
    const data = parse(res.data);
    cache.set(url, { etag: '', data, next: false, immutable: true });
    return data;
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
    cache.set(url, { etag: '', data: null, next: false, immutable: true });
    return undefined;
  }
}

/** Every page of a listing (`per_page=100`), each page conditional. */
export async function conditionalList<T>(
  client: GitHubClient,
  cache: EtagCache,
  route: string,
  params: Record<string, unknown>,
  parseItem: (item: unknown) => T | undefined,
  maxPages = 100,
): Promise<T[]> {
  const out: T[] = [];
  const parsePage = (data: unknown): T[] => (Array.isArray(data) ? data.map(parseItem).filter((x): x is T => x !== undefined) : []);
  for (let page = 1; page <= maxPages; page++) {
    const r = await conditionalGet(client, cache, route, { ...params, per_page: 100, page }, parsePage);
    out.push(...r.data);
    if (!r.next) break;
  }
  return out;
}
