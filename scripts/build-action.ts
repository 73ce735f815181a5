/**
 * Bundle the GitHub Action into dist/index.js with esbuild. The bundle is checked
 * in (Actions run it without installing anything); `--check` fails when the
 * checked-in bundle is not what the sources build to, which CI runs.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'index.js');

const result = await build({
  entryPoints: [join(root, 'engine', 'action', 'main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  write: false,
  legalComments: 'none',
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __ctemCreateRequire } from 'node:module'; const require = __ctemCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  // Keep module paths as seen from the project (node_modules/...), so the bundle is the same wherever it is built.
  preserveSymlinks: true,
  absWorkingDir: root,
});
const code = result.outputFiles[0]!.text;

if (process.argv.includes('--check')) {
  const current = await readFile(outfile, 'utf8').catch(() => '');
  if (current !== code) {
    console.error('dist/index.js is out of date: run `npm run build:action` and commit the result');
    process.exit(1);
  }
  console.log(`dist/index.js is up to date (${(code.length / 1024).toFixed(0)} KiB)`);
} else {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, code);
  console.log(`wrote dist/index.js (${(code.length / 1024).toFixed(0)} KiB)`);
}
