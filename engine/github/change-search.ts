/**
 * One issue search, paginated: the tracked issues updated since a time, newest first.
 * Newest first, so that an item updated while the pages are read moves to a page
 * already read (and is seen by the next run, which looks back further) instead of
 * pushing an unread item out of reach. A search that cannot be trusted to be complete
 * — GitHub says `incomplete_results`, or there are more than the 1,000 results it will
 * ever return — is reported as unusable, and the caller lists everything instead.
 */
import type { GitHubClient } from './client.ts';
import { SEARCH_MAX_RESULTS, type SearchHit } from './listing-plan.ts';
import { parseListedItem } from './tracked.ts';

export type SearchResult = { usable: true; hits: SearchHit[]; total: number } | { usable: false; reason: string };

const PER_PAGE = 100;
const own = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

/** `owner/name` from an item's `repository_url` (`https://api.github.com/repos/owner/name`). */
export function repositoryOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const m = /\/repos\/([^/?#]+)\/([^/?#]+)\/?$/.exec(url);
  return m ? `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}` : undefined;
}

export async function searchChanges(client: GitHubClient, q: string): Promise<SearchResult> {
  const hits: SearchHit[] = [];
  for (let page = 1; page <= SEARCH_MAX_RESULTS / PER_PAGE; page++) {
    // Octokit sends a `+` in `q` as is, which GitHub reads as a space: the time's `+00:00`
    // would become the text "00:00" and the search silently find nothing. So `q` goes
    // into the URL already encoded.
    const res = await client.octokit.request(`GET /search/issues?q=${encodeURIComponent(q)}`, { sort: 'updated', order: 'desc', per_page: PER_PAGE, page });
    const data: unknown = res.data;
    const total = own(data, 'total_count');
    const items = own(data, 'items');
    if (typeof total !== 'number' || !Array.isArray(items)) return { usable: false, reason: 'the search answer was not understood' };
    if (own(data, 'incomplete_results') === true) return { usable: false, reason: "GitHub's search timed out (incomplete results)" };
    if (total > SEARCH_MAX_RESULTS) return { usable: false, reason: `the search found ${total} changed issues, more than the ${SEARCH_MAX_RESULTS} it returns` };
    for (const raw of items) {
      const item = parseListedItem(raw);
      const repository = repositoryOfUrl(own(raw, 'repository_url'));
      if (!item || !repository) return { usable: false, reason: 'a search result did not say which issue it was' };
      hits.push({ repository, item });
    }
    if (items.length < PER_PAGE || hits.length >= total) return { usable: true, hits, total };
  }
  return { usable: true, hits, total: hits.length };
}
