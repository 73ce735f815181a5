/**
 * `ctem feeds update` against a feed server on the loopback interface, started here:
 * no request ever leaves 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FEED_URLS, displayUrl } from '../../../engine/app/feeds-update.ts';
import { parseEpss, parseKev } from '../../../engine/enrich/index.ts';
import { repoRoot } from '../../support/corpus.ts';
import { runCli } from '../../support/cli.ts';

interface Route {
  status: number;
  body: Uint8Array | string;
  etag?: string;
  lastModified?: string;
}

let server: Server;
let base: string;
const routes = new Map<string, Route>();
const requests: { path: string; headers: IncomingHttpHeaders }[] = [];

let epssPlain: string;
let kevText: string;

beforeAll(async () => {
  epssPlain = await readFile(join(repoRoot, 'examples/acme/feeds/epss.csv'), 'utf8');
  kevText = await readFile(join(repoRoot, 'examples/acme/feeds/kev.json'), 'utf8');
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.etag && req.headers['if-none-match'] === route.etag) {
      res.writeHead(304, { etag: route.etag }).end();
      return;
    }
    const headers: Record<string, string> = {};
    if (route.etag) headers.etag = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    res.writeHead(route.status, headers).end(route.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

beforeEach(() => {
  requests.length = 0;
  routes.clear();
  routes.set('/epss_scores-current.csv.gz', { status: 200, body: gzipSync(epssPlain), etag: '"epss-1"', lastModified: 'Fri, 27 Nov 2026 12:00:00 GMT' });
  routes.set('/kev.json', { status: 200, body: kevText, etag: '"kev-1"' });
});

/** An exposure repository whose feeds come from the loopback server. */
async function repository(paths = { epss: 'feeds/epss.csv', kev: 'feeds/kev.json' }, urls = { epss: '/epss_scores-current.csv.gz', kev: '/kev.json' }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ctem-feeds-'));
  await writeFile(
    join(dir, 'ctem.yaml'),
    `version: 1
organisation: Test
inventory: []
sources: []
feeds:
  epss: ${paths.epss}
  kev: ${paths.kev}
  epss_url: ${base}${urls.epss}
  kev_url: ${base}${urls.kev}
`,
  );
  return dir;
}

const update = (dir: string) => runCli(['feeds', 'update', '--dir', dir], { now: '2026-11-28T06:00:00.000Z' });

describe('ctem feeds update', () => {
  it('downloads both feeds, checks them with the real parsers, and remembers their ETags', async () => {
    const dir = await repository();
    const r = await update(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual([
      `EPSS  feeds/epss.csv: updated from ${base}/epss_scores-current.csv.gz: model v2026.06.15, scores of 2026-11-27T12:00:00Z (${parseEpss(epssPlain).scores.size} CVEs)`,
      `KEV   feeds/kev.json: updated from ${base}/kev.json: catalog 2025.08.25 (${parseKev(kevText).entries.size.toLocaleString('en-US')} vulnerabilities)`,
    ]);
    // The gzip download is stored as the plain CSV the path names.
    expect(await readFile(join(dir, 'feeds/epss.csv'), 'utf8')).toBe(epssPlain);
    expect(await readFile(join(dir, 'feeds/kev.json'), 'utf8')).toBe(kevText);
    const cache = JSON.parse(await readFile(join(dir, 'feeds/epss.csv.cache.json'), 'utf8')) as Record<string, string>;
    expect(cache).toMatchObject({ url: `${base}/epss_scores-current.csv.gz`, etag: '"epss-1"', last_modified: 'Fri, 27 Nov 2026 12:00:00 GMT', downloaded_at: '2026-11-28T06:00:00.000Z' });
    expect(requests.every((q) => q.headers['if-none-match'] === undefined)).toBe(true);
  });

  it('keeps the file on a 304, having asked with If-None-Match and If-Modified-Since', async () => {
    const dir = await repository();
    await update(dir);
    requests.length = 0;
    const r = await update(dir);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe(`EPSS  feeds/epss.csv: unchanged since the last download (${base}/epss_scores-current.csv.gz): model v2026.06.15, scores of 2026-11-27T12:00:00Z (${parseEpss(epssPlain).scores.size} CVEs)`);
    expect(r.stdout[1]).toMatch(/^KEV {3}feeds\/kev\.json: unchanged since the last download/);
    expect(requests.map((q) => [q.path, q.headers['if-none-match'], q.headers['if-modified-since']])).toEqual([
      ['/epss_scores-current.csv.gz', '"epss-1"', 'Fri, 27 Nov 2026 12:00:00 GMT'],
      ['/kev.json', '"kev-1"', undefined],
    ]);
    expect(await readFile(join(dir, 'feeds/epss.csv'), 'utf8')).toBe(epssPlain);
  });

  it('downloads again when the new version differs from the cached one', async () => {
    const dir = await repository();
    await update(dir);
    const newer = kevText.replace('"catalogVersion": "2025.08.25"', '"catalogVersion": "2025.08.26"');
    routes.set('/kev.json', { status: 200, body: newer, etag: '"kev-2"' });
    const r = await update(dir);
    expect(r.stdout[1]).toMatch(/^KEV {3}feeds\/kev\.json: updated from .*: catalog 2025\.08\.26 /);
    expect(await readFile(join(dir, 'feeds/kev.json'), 'utf8')).toBe(newer);
  });

  it('never replaces a good feed with a corrupt download (exit 4), and leaves no temporary file', async () => {
    const dir = await repository();
    await update(dir);
    const cacheBefore = await readFile(join(dir, 'feeds/kev.json.cache.json'), 'utf8');
    routes.set('/epss_scores-current.csv.gz', { status: 200, body: gzipSync(epssPlain).subarray(0, 200), etag: '"epss-2"' });
    routes.set('/kev.json', { status: 200, body: '<html>Access Denied</html>', etag: '"kev-2"' });
    const r = await update(dir);
    expect(r.code).toBe(4);
    expect(r.stdout).toEqual([]);
    expect(r.stderr[0]).toMatch(/^feeds\/epss\.csv: download rejected, the old file is kept: not a valid EPSS feed: not a readable gzip stream/);
    expect(r.stderr).toContainEqual(expect.stringMatching(/^feeds\/kev\.json: download rejected, the old file is kept: not a valid KEV feed: not valid JSON: .* \(http:\/\/127\.0\.0\.1:\d+\/kev\.json\)$/));
    expect(await readFile(join(dir, 'feeds/epss.csv'), 'utf8')).toBe(epssPlain);
    expect(await readFile(join(dir, 'feeds/kev.json'), 'utf8')).toBe(kevText);
    expect(await readFile(join(dir, 'feeds/kev.json.cache.json'), 'utf8')).toBe(cacheBefore);
    expect((await readdir(join(dir, 'feeds'))).sort()).toEqual(['epss.csv', 'epss.csv.cache.json', 'kev.json', 'kev.json.cache.json']);
  });

  it('rejects a well-formed but empty feed', async () => {
    const dir = await repository();
    await update(dir);
    routes.set('/kev.json', { status: 200, body: JSON.stringify({ catalogVersion: '2026.01.01', dateReleased: '2026-01-01T00:00:00Z', count: 0, vulnerabilities: [] }), etag: '"kev-empty"' });
    const r = await update(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContainEqual(expect.stringMatching(/^feeds\/kev\.json: download rejected, the old file is kept: not a valid KEV feed: it lists no vulnerability/));
    expect(await readFile(join(dir, 'feeds/kev.json'), 'utf8')).toBe(kevText);
  });

  it('keeps the old file on a server error (exit 4) and updates the other feed', async () => {
    const dir = await repository();
    await update(dir);
    routes.set('/epss_scores-current.csv.gz', { status: 503, body: 'maintenance' });
    routes.set('/kev.json', { status: 200, body: kevText.replace('"catalogVersion": "2025.08.25"', '"catalogVersion": "2025.08.27"'), etag: '"kev-3"' });
    const r = await update(dir);
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toBe(`feeds/epss.csv: download failed: HTTP 503 Service Unavailable (${base}/epss_scores-current.csv.gz)`);
    expect(r.stdout).toEqual([expect.stringMatching(/^KEV {3}feeds\/kev\.json: updated from .*: catalog 2025\.08\.27 /)]);
    expect(await readFile(join(dir, 'feeds/epss.csv'), 'utf8')).toBe(epssPlain);
  });

  it('stores a .gz path gzipped, and fetches unconditionally when the file is gone', async () => {
    const dir = await repository({ epss: 'feeds/epss.csv.gz', kev: 'feeds/kev.json' });
    expect((await update(dir)).code).toBe(0);
    const stored = await readFile(join(dir, 'feeds/epss.csv.gz'));
    expect(gunzipSync(stored).toString('utf8')).toBe(epssPlain);
    // The cached ETag is sent only while its file exists: deleting the feed forces a download.
    await rm(join(dir, 'feeds/kev.json'));
    requests.length = 0;
    const r = await update(dir);
    expect(requests.find((q) => q.path === '/kev.json')?.headers['if-none-match']).toBeUndefined();
    expect(r.stdout[1]).toMatch(/^KEV {3}feeds\/kev\.json: updated from /);
    expect(await readFile(join(dir, 'feeds/kev.json'), 'utf8')).toBe(kevText);
  });

  it('sends URL credentials as basic authentication, and never prints them or the query string', async () => {
    const dir = await repository(undefined, { epss: '/epss_scores-current.csv.gz?token=s3cret', kev: '/kev.json' });
    const yaml = (await readFile(join(dir, 'ctem.yaml'), 'utf8')).replace(`${base}/kev.json`, `${base.replace('http://', 'http://mirror:hunter2@')}/missing.json`);
    await writeFile(join(dir, 'ctem.yaml'), yaml);
    const r = await update(dir);
    const all = [...r.stdout, ...r.stderr].join('\n');
    expect(all).not.toContain('s3cret');
    expect(all).not.toContain('hunter2');
    expect(r.stdout[0]).toMatch(new RegExp(`^EPSS  feeds/epss\\.csv: updated from ${base}/epss_scores-current\\.csv\\.gz: `));
    expect(r.stderr[0]).toBe(`feeds/kev.json: download failed: HTTP 404 Not Found (${base}/missing.json)`);
    const kevRequest = requests.find((q) => q.path === '/missing.json')!;
    expect(kevRequest.headers.authorization).toBe(`Basic ${Buffer.from('mirror:hunter2').toString('base64')}`);
    expect(displayUrl('https://a:b@example.invalid/x?y=z')).toBe('https://example.invalid/x');
  });

  it('is a usage error without the action, and a configuration error on a broken ctem.yaml', async () => {
    expect((await runCli(['feeds'])).code).toBe(2);
    expect((await runCli(['feeds', 'refresh'])).code).toBe(2);
    const dir = await repository();
    await writeFile(join(dir, 'ctem.yaml'), (await readFile(join(dir, 'ctem.yaml'), 'utf8')).replace(`epss_url: ${base}`, 'epss_url: ftp://example.invalid'));
    const r = await update(dir);
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toMatch(/^ctem\.yaml:\d+:\d+: 'feeds\.epss_url' has an invalid format$/);
    expect(requests).toEqual([]);
  });

  it('defaults to HTTPS downloads', () => {
    for (const url of Object.values(DEFAULT_FEED_URLS)) expect(new URL(url).protocol).toBe('https:');
  });
});
