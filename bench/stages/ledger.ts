/**
 * The ledger's own benchmark (bench/ledger.ts, by the ledger's engineer) when it
 * exists: its exported `run…Bench` function, called without options, its figures
 * reported as they come. `{ available: false }` otherwise.
 *
 *   node --import tsx bench/stages/ledger.ts SIZE
 */
import { report } from '../child.ts';

// A variable, so the type checker does not require the file to exist.
const path = '../ledger.ts';
let mod: Record<string, unknown> | undefined;
try {
  mod = (await import(path)) as Record<string, unknown>;
} catch (err) {
  if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
}
const run = mod && Object.entries(mod).find(([k, v]) => /^run\w*Bench$/.test(k) && typeof v === 'function');
if (!run) {
  report({ available: false, reason: mod ? 'bench/ledger.ts exports no run…Bench function' : 'bench/ledger.ts is not there' });
} else {
  const figures = await (run[1] as (o: object) => unknown)({ print: false });
  report({ available: true, figures });
}
