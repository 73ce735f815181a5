/**
 * Decisions read back from the shards' files, with the parts many of them have in
 * common held once. A run's decisions point at a few thousand shared owners, rules,
 * feed versions, enrichment views and validation facts (engine/prioritise/decide.ts);
 * parsed from JSON, each decision has its own copy of every one, and the merge step,
 * which holds every decision of the run, needed more than twice the memory of the
 * run itself. Shared parts are frozen all the way down, as the run's are, so they
 * print as before (engine/app/shared-json.ts prints a frozen part once). Pure.
 */
import type { Decision } from '../model/decision.ts';
import { deepFreeze } from '../policy/jsonlogic/node.ts';

/** The top-level parts of a decision that many decisions share. */
const SHARED_KEYS = ['owner', 'rule', 'feeds', 'enrichment', 'validation', 'labels', 'inputs'] as const;

/** Distinct parts kept at most; past this, new parts are left unshared (memory, not correctness). */
const MAX_PARTS = 200_000;

/** A function that returns its decision with each shared part replaced by the one copy of it seen first. */
export function decisionPartSharer(): (d: Decision) => Decision {
  const pool = new Map<string, unknown>();
  return (d) => {
    const parts = d as unknown as Record<string, unknown>;
    for (const key of SHARED_KEYS) {
      const value = parts[key];
      if (typeof value !== 'object' || value === null) continue;
      const text = `${key}\u0000${JSON.stringify(value)}`;
      const seen = pool.get(text);
      if (seen !== undefined) parts[key] = seen;
      else if (pool.size < MAX_PARTS) pool.set(text, deepFreeze(value));
    }
    return d;
  };
}
