/**
 * Ingest alone: configuration and inventory are loaded first (not timed), then
 * every source is read, parsed, extracted, resolved to its asset and
 * fingerprinted through `ingestSources`, the function the cycle uses: with its
 * worker threads as a run would start them, or THREADS of them (0: the main thread alone).
 *
 *   node --import tsx bench/stages/ingest.ts ESTATE_DIR NOW [THREADS]
 */
import { checkConfiguration } from '../../engine/app/prepare.ts';
import { ingestSources } from '../../engine/discover/ingest.ts';
import { ingestThreads } from '../../engine/discover/threads/pool.ts';
import { buildAssetIndex } from '../../engine/scope/asset-index.ts';
import { report } from '../child.ts';

const [dir, now] = [process.argv[2]!, process.argv[3]!];
const threads = process.argv[4] === undefined ? ingestThreads(process.env) : Number(process.argv[4]);
const checked = await checkConfiguration(dir, now);
if (!checked.config) throw new Error(`the estate's configuration does not load: ${checked.problems.map((p) => p.message).join('; ')}`);
const index = buildAssetIndex(checked.assets);
const t0 = performance.now();
const c0 = process.cpuUsage();
const got = await ingestSources(dir, checked.config.ctem.value.sources, index, { threads });
const c = process.cpuUsage(c0);
const wallMs = performance.now() - t0;
const errors = got.problems.filter((p) => p.severity === 'error');
if (errors.length) throw new Error(`ingest failed: ${errors.slice(0, 3).map((p) => `${p.file}: ${p.message}`).join('; ')}`);
report({ wallMs, cpuMs: (c.user + c.system) / 1000, findings: got.findings.length, files: got.stats.length, threads, workerFiles: got.workerFiles });
