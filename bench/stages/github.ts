/**
 * GitHub in steady state: the mobiliser (engine/github/) against the test GitHub
 * (tools/test-github). Not available until the mobiliser is there.
 *
 *   node --import tsx bench/stages/github.ts SIZE
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from '../child.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const needed = ['engine/github/execute-issues.ts', 'tools/test-github/server.ts'];
const missing = needed.filter((f) => !existsSync(join(root, f)));
report({ available: false, reason: missing.length ? `missing ${missing.join(', ')}` : 'not wired yet' });
