/**
 * A digest of what a run learns from the ledger (write-plan.ts `ledgerMemory`: the
 * index and the run records' names). The shards of a sharded run read the ledger's
 * memory and the merge step records the run: they must have seen the same ledger,
 * or the merge would record first-seen dates and changes against a past the shards
 * never saw. Pure.
 */
import { createHash } from 'node:crypto';
import type { LedgerState } from './write-plan.ts';

export function ledgerStateDigest(state: Pick<LedgerState, 'index' | 'runs'>): string {
  const h = createHash('sha256');
  for (const key of [...state.index.keys()].sort()) h.update(`index\u0000${key}\u0000${state.index.get(key)!}\u0000`);
  for (const run of [...state.runs].sort()) h.update(`run\u0000${run}\u0000`);
  return h.digest('hex').slice(0, 32);
}
