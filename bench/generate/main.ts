/**
 * Generate the benchmark estate from the command line:
 *
 *   npx tsx bench/generate/main.ts [--size 0.01] [--seed 1] [--out bench/estate] [--force]
 *
 * Reuses an existing estate generated with the same seed and size unless --force.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { currentEstate, DEFAULT_ESTATE_DIR, generateEstate } from './estate.ts';

const { values } = parseArgs({
  options: { size: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  strict: true,
});
const size = Number(values.size ?? '1');
const seed = Number(values.seed ?? '1');
if (!(size > 0 && size <= 4) || !Number.isInteger(seed)) {
  process.stderr.write('usage: bench/generate/main.ts [--size S (0 < S <= 4)] [--seed INTEGER] [--out DIR] [--force]\n');
  process.exit(2);
}
const dir = values.out !== undefined ? resolve(values.out) : DEFAULT_ESTATE_DIR;
const existing = values.force ? undefined : await currentEstate(dir, seed, size);
if (existing) {
  process.stdout.write(`estate in ${dir} is current (seed ${seed}, size ${size}): ${existing.counts.findings.total} findings\n`);
} else {
  const t = performance.now();
  const m = await generateEstate({ seed, size, dir, log: (l) => process.stdout.write(l + '\n') });
  process.stdout.write(`generated ${m.counts.findings.total} findings on ${m.counts.assets} assets in ${((performance.now() - t) / 1000).toFixed(1)} s → ${dir}\n`);
}
