/**
 * `ctem feeds update`: download fresh copies of the EPSS and KEV feeds to the paths
 * in ctem.yaml. The shell around the pure parsers:
 *
 * - conditional requests: the ETag and Last-Modified of the last download are kept in
 *   a small sidecar file next to the feed (`<feed>.cache.json`); a 304 keeps the file;
 * - nothing replaces a good feed unless the real parser accepts the download (and it
 *   is not empty): a truncated gzip, an HTML error page or a 5xx leaves the old file;
 * - the new file is written beside the old one and renamed over it, so a reader never
 *   sees half a feed.
 *
 * This file is the one place that names the official download locations.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { isGzip } from '../enrich/feed-text.ts';
import { parseEpss, parseKev } from '../enrich/index.ts';
import { ReportError } from '../errors.ts';

/** The official locations: FIRST's current daily EPSS scores and CISA's KEV catalog in JSON. */
export const DEFAULT_FEED_URLS = {
  epss: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
  kev: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
} as const;

export type FeedName = keyof typeof DEFAULT_FEED_URLS;

/** Far above today's feeds (EPSS ~2 MB gzipped, ~12 MB plain; KEV ~1.5 MB); stops a runaway download. */
export const MAX_FEED_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

export interface FeedsConfig {
  epss?: string;
  kev?: string;
  epss_url?: string;
  kev_url?: string;
}

export interface FeedUpdate {
  feed: FeedName;
  /** As configured, relative to the repository root. */
  file: string;
  /** Where it was downloaded from, without credentials or query. */
  source: string;
  outcome: 'updated' | 'not-modified' | 'failed';
  /** What the feed now is: `model v2026.06.15, scores of 2026-11-27T12:00:00Z (312,345 CVEs)`. */
  version?: string;
  /** Why it failed. */
  message?: string;
}

/** What the sidecar remembers about the last download. */
interface CacheRecord {
  url: string;
  etag?: string;
  last_modified?: string;
  downloaded_at: string;
  version: string;
}

export interface UpdateOptions {
  now: string;
  fetch?: typeof fetch;
  maxBytes?: number;
}

export async function updateFeeds(root: string, config: FeedsConfig, options: UpdateOptions): Promise<FeedUpdate[]> {
  const out: FeedUpdate[] = [];
  for (const feed of ['epss', 'kev'] as const) {
    const file = config[feed];
    if (file === undefined) continue;
    const url = config[`${feed}_url`] ?? DEFAULT_FEED_URLS[feed];
    out.push(await updateFeed(root, feed, file, url, options));
  }
  return out;
}

export const cachePath = (path: string): string => `${path}.cache.json`;

export async function updateFeed(root: string, feed: FeedName, file: string, url: string, options: UpdateOptions): Promise<FeedUpdate> {
  const path = join(root, file);
  const source = displayUrl(url);
  const result = (outcome: FeedUpdate['outcome'], extra: Partial<FeedUpdate> = {}): FeedUpdate => ({ feed, file, source, outcome, ...extra });

  // Conditional only when the file we would keep is there and came from this URL.
  const cached = await readCache(path);
  const haveFile = await stat(path).then((s) => s.isFile(), () => false);
  const headers: Record<string, string> = {};
  if (cached && haveFile && cached.url === url) {
    if (cached.etag) headers['if-none-match'] = cached.etag;
    if (cached.last_modified) headers['if-modified-since'] = cached.last_modified;
  }

  let response: Response;
  try {
    const target = withoutCredentials(url, headers);
    response = await (options.fetch ?? fetch)(target, { headers, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    return result('failed', { message: `cannot download: ${scrub(causeOf(err), url)}` });
  }
  if (response.status === 304 && Object.keys(headers).length > 0) {
    await response.body?.cancel();
    return result('not-modified', { version: cached?.version });
  }
  if (!response.ok) {
    await response.body?.cancel();
    return result('failed', { message: `download failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` });
  }

  let bytes: Uint8Array;
  try {
    bytes = await readBody(response, options.maxBytes ?? MAX_FEED_BYTES);
  } catch (err) {
    return result('failed', { message: `download failed: ${causeOf(err)}` });
  }

  let version: string;
  try {
    version = check(feed, bytes);
  } catch (err) {
    if (!(err instanceof ReportError)) throw err;
    const where = err.line !== undefined ? `line ${err.line}: ` : err.path !== '$' ? `${err.path}: ` : '';
    return result('failed', { message: `download rejected, the old file is kept: not a valid ${feed.toUpperCase()} feed: ${where}${err.message}` });
  }

  // Keep the file's form: gzip for a `.gz` path, plain text otherwise.
  const content = file.endsWith('.gz') ? (isGzip(bytes) ? bytes : gzipSync(bytes)) : isGzip(bytes) ? gunzipSync(bytes) : bytes;
  const record: CacheRecord = {
    url,
    etag: response.headers.get('etag') ?? undefined,
    last_modified: response.headers.get('last-modified') ?? undefined,
    downloaded_at: options.now,
    version,
  };
  try {
    await mkdir(dirname(path), { recursive: true });
    await replaceAtomically(path, content);
    await replaceAtomically(cachePath(path), JSON.stringify(record, null, 2) + '\n');
  } catch (err) {
    return result('failed', { message: `cannot write the feed: ${causeOf(err)}` });
  }
  return result('updated', { version });
}

/** Parse with the real parser; a feed with nothing in it is as bad as a broken one. */
function check(feed: FeedName, bytes: Uint8Array): string {
  if (feed === 'epss') {
    const f = parseEpss(bytes);
    if (f.scores.size === 0) throw new ReportError('$', 'it scores no CVE');
    return `model ${f.modelVersion}, scores of ${f.scoreDate} (${f.scores.size.toLocaleString('en-US')} CVEs)`;
  }
  const k = parseKev(bytes);
  if (k.entries.size === 0) throw new ReportError('$', 'it lists no vulnerability');
  return `catalog ${k.catalogVersion} (${k.entries.size.toLocaleString('en-US')} vulnerabilities)`;
}

async function readBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new Error(`the server announces ${declared} bytes, more than the ${maxBytes} allowed`);
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`the download exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

async function readCache(path: string): Promise<CacheRecord | undefined> {
  try {
    const v = JSON.parse(await readFile(cachePath(path), 'utf8')) as unknown;
    if (typeof v !== 'object' || v === null || typeof (v as CacheRecord).url !== 'string') return undefined;
    const r = v as CacheRecord;
    const opt = (s: unknown) => (typeof s === 'string' ? s : undefined);
    return { url: r.url, etag: opt(r.etag), last_modified: opt(r.last_modified), downloaded_at: String(r.downloaded_at), version: String(r.version) };
  } catch {
    // No sidecar, or an unreadable one: download unconditionally.
    return undefined;
  }
}

/** Write beside the target and rename over it: readers see the old file or the new one, never a part. */
async function replaceAtomically(path: string, content: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * fetch refuses URLs with user info; a mirror behind basic authentication is written
 * `https://user:token@host/...` in ctem.yaml, so the credentials move into a header.
 */
function withoutCredentials(url: string, headers: Record<string, string>): string {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return url;
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return u.toString();
}

/** A message that might quote the URL, with the URL's secret parts removed. */
function scrub(message: string, url: string): string {
  let out = message.split(url).join(displayUrl(url));
  try {
    const u = new URL(url);
    for (const secret of [u.password, u.search.slice(1)]) if (secret.length >= 3) out = out.split(secret).join('***');
  } catch {
    // An unparsable URL has nothing more to hide than itself, already replaced.
  }
  return out;
}

/** The URL without user info or query string: those may hold credentials. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
