/**
 * Write schemas/*.schema.json from the engine's TypeBox definitions, so editors and
 * the engine share one source of truth. `--check` fails when a file is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSchemaFiles } from '../engine/config/schema/render.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [name, content] of renderSchemaFiles()) {
  const path = join(root, 'schemas', name);
  const current = await readFile(path, 'utf8').catch(() => '');
  if (current === content) continue;
  if (check) {
    console.error(`schemas/${name} is out of date: run \`npm run schemas\``);
    stale++;
  } else {
    await writeFile(path, content);
    console.log(`wrote schemas/${name}`);
  }
}
if (stale) process.exit(1);
