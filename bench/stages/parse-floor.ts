/**
 * The floor: the least any tool must do with the estate's reports — read every
 * file, `JSON.parse` every JSON report, and read every NDJSON line and
 * `JSON.parse` it (line by line, as a streaming reader must). Nothing is kept.
 *
 *   node --import tsx bench/stages/parse-floor.ts ESTATE_DIR
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { report } from '../child.ts';
import type { EstateManifest } from '../generate/estate.ts';

const dir = process.argv[2]!;
const manifest = JSON.parse(await readFile(join(dir, 'estate.json'), 'utf8')) as EstateManifest;

const t0 = performance.now();
const c0 = process.cpuUsage();
let bytes = 0;
let documents = 0;
let lines = 0;
let sink = 0;
for (const rel of manifest.reports.json) {
  const text = await readFile(join(dir, rel), 'utf8');
  bytes += text.length;
  const doc = JSON.parse(text) as object;
  if (doc !== null) sink++;
  documents++;
}
for (const rel of manifest.reports.ndjson) {
  const rl = createInterface({ input: createReadStream(join(dir, rel), { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) {
    bytes += line.length + 1;
    if (line.trim() === '') continue;
    if (JSON.parse(line) !== null) sink++;
    lines++;
  }
}
const c = process.cpuUsage(c0);
report({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, bytes, documents, lines, sink });
