/**
 * Ingest one large NDJSON file through the streaming ingest (`forEachFileFinding`,
 * the function every report goes through), counting findings without keeping
 * them: what issue 3 asks of a 2 GB file is bounded memory while reading it.
 * The process's peak RSS is the figure.
 *
 *   node --import tsx bench/stages/big-ndjson.ts FILE
 */
import { stat } from 'node:fs/promises';
import { forEachFileFinding } from '../../engine/discover/ingest.ts';
import { report } from '../child.ts';

const file = process.argv[2]!;
const { size } = await stat(file);
const t0 = performance.now();
let findings = 0;
await forEachFileFinding(file, 'big.ndjson', 'ndjson', (hint) => hint ?? 'unknown', {}, () => {
  findings++;
});
const wallMs = performance.now() - t0;
report({ bytes: size, findings, wallMs, rate: (findings / wallMs) * 1000 });
