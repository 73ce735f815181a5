/**
 * Write schemas/*.schema.json from the engine's TypeBox definitions, so editors and
 * the engine share one source of truth. `--check` fails when a file is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReference } from '../engine/config/schema/reference.ts';
import { renderSchemaFiles } from '../engine/config/schema/render.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
const outputs = new Map<string, string>([...renderSchemaFiles()].map(([n, c]) => [`schemas/${n}`, c]));
outputs.set('docs/reference.md', renderReference());
for (const [name, content] of outputs) {
  const path = join(root, name);
  const current = await readFile(path, 'utf8').catch(() => '');
  if (current === content) continue;
  if (check) {
    console.error(`${name} is out of date: run \`npm run schemas\``);
    stale++;
  } else {
    await writeFile(path, content);
    console.log(`wrote ${name}`);
  }
}
if (stale) process.exit(1);
