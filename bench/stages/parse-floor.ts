/**
 * The floor: the least any tool must do with the estate's reports — read every
 * file, `JSON.parse` every JSON report, and read every NDJSON line and
 * `JSON.parse` it (line by line, as a streaming reader must). Nothing is kept.
 *
 * With THREADS > 0, that many worker threads parse beside the main thread, each
 * taking its next file from a shared counter (as ingest's workers do): the
 * **ceiling** of any ingest that parses its reports with `JSON.parse` on this
 * machine's cores, however little it does besides.
 *
 *   node --import tsx bench/stages/parse-floor.ts ESTATE_DIR [THREADS]
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { moduleWorker } from '../../engine/discover/threads/pool.ts';
import { report } from '../child.ts';
import type { EstateManifest } from '../generate/estate.ts';

interface Counts { bytes: number; documents: number; lines: number; sink: number }
interface Shared { dir: string; files: { rel: string; ndjson: boolean }[]; next: SharedArrayBuffer }

/** Parse files, taking each next one from the shared counter, until none is left. */
async function parseFiles({ dir, files, next }: Shared): Promise<Counts> {
  const counter = new Int32Array(next);
  const n: Counts = { bytes: 0, documents: 0, lines: 0, sink: 0 };
  for (;;) {
    const file = files[Atomics.add(counter, 0, 1)];
    if (file === undefined) return n;
    const path = join(dir, file.rel);
    if (!file.ndjson) {
      const text = await readFile(path, 'utf8');
      n.bytes += text.length;
      if (JSON.parse(text) !== null) n.sink++;
      n.documents++;
      continue;
    }
    const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of rl) {
      n.bytes += line.length + 1;
      if (line.trim() === '') continue;
      if (JSON.parse(line) !== null) n.sink++;
      n.lines++;
    }
  }
}

if (!isMainThread && parentPort !== null) {
  parentPort.postMessage(await parseFiles(workerData as Shared));
} else {
  const dir = process.argv[2]!;
  const threads = Number(process.argv[3] ?? '0');
  const manifest = JSON.parse(await readFile(join(dir, 'estate.json'), 'utf8')) as EstateManifest;
  // NDJSON files (large, few) first, so that no thread is left with one at the end.
  const files = [...manifest.reports.ndjson.map((rel) => ({ rel, ndjson: true })), ...manifest.reports.json.map((rel) => ({ rel, ndjson: false }))];

  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const shared: Shared = { dir, files, next: new SharedArrayBuffer(4) };
  const workers = Array.from({ length: threads }, () => new Promise<Counts>((resolve, reject) => {
    const w = moduleWorker(import.meta.url, shared);
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const all = await Promise.all([parseFiles(shared), ...workers]);
  const c = process.cpuUsage(c0);
  const sum = (k: keyof Counts) => all.reduce((s, n) => s + n[k], 0);
  report({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, threads, bytes: sum('bytes'), documents: sum('documents'), lines: sum('lines'), sink: sum('sink') });
}
