/**
 * GitHub's two pagination styles, with Link headers in GitHub's exact format:
 * `<url>; rel="prev", <url>; rel="next", <url>; rel="last", <url>; rel="first"`
 * (that order; only the relations that apply). Page style (`page`, `per_page`) is
 * used by most listings; cursor style (`after`/`before`) by the Dependabot alerts
 * listings, whose Links carry only `next`/`prev`. `per_page` is capped at 100 and
 * defaults to 30, as on GitHub.
 */
import { unprocessable } from './errors.ts';

type Query = Record<string, string | string[]>;

export interface Page<T> {
  items: T[];
  link?: string;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

export function perPage(query: Query): number {
  const n = Number(one(query.per_page) ?? 30);
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 100) : 30;
}

function withParams(url: URL, set: Record<string, string>, drop: string[] = []): string {
  const u = new URL(url.href);
  for (const d of drop) u.searchParams.delete(d);
  for (const [k, v] of Object.entries(set)) u.searchParams.set(k, v);
  return u.href;
}

/** `page`/`per_page` pagination; `maxItems` models search's 1000-result window. */
export function paginateByPage<T>(all: T[], query: Query, url: URL, maxItems = Infinity): Page<T> {
  const size = perPage(query);
  const page = Math.max(1, Math.floor(Number(one(query.page) ?? 1)) || 1);
  const reachable = Math.min(all.length, maxItems);
  const last = Math.max(1, Math.ceil(reachable / size));
  const items = all.slice((page - 1) * size, Math.min(page * size, reachable));
  const rel: string[] = [];
  const at = (p: number) => withParams(url, { page: String(p) });
  if (page > 1) rel.push(`<${at(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) {
    rel.push(`<${at(page + 1)}>; rel="next"`);
    rel.push(`<${at(last)}>; rel="last"`);
  }
  if (page > 1) rel.push(`<${at(1)}>; rel="first"`);
  return { items, link: rel.length > 0 ? rel.join(', ') : undefined };
}

const encodeCursor = (index: number): string => Buffer.from(`cursor:v2:${index}`).toString('base64url');

function decodeCursor(c: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  if (!m) throw unprocessable('Invalid cursor');
  return Number(m[1]);
}

/** Cursor pagination (`after`/`before`), as GitHub's Dependabot alert listings do it. */
export function paginateByCursor<T>(all: T[], query: Query, url: URL): Page<T> {
  const size = perPage(query);
  const after = one(query.after);
  const before = one(query.before);
  let start = after ? decodeCursor(after) : 0;
  if (before && !after) start = Math.max(0, decodeCursor(before) - size);
  const end = Math.min(all.length, start + size);
  const items = all.slice(start, end);
  const rel: string[] = [];
  if (start > 0) rel.push(`<${withParams(url, { before: encodeCursor(start) }, ['after', 'page'])}>; rel="prev"`);
  if (end < all.length) rel.push(`<${withParams(url, { after: encodeCursor(end) }, ['before', 'page'])}>; rel="next"`);
  return { items, link: rel.length > 0 ? rel.join(', ') : undefined };
}
