/**
 * Decisions read back from the shards' files, with what many of them have in common
 * held once. A run's decisions point at a few thousand shared owners, rules, feed
 * versions, enrichment views and validation facts (engine/prioritise/decide.ts), and
 * their findings repeat the same titles, package names, versions, dates, file names
 * and lists of aliases and tools (engine/discover/intern.ts shares them at ingest).
 * Parsed from JSON, each decision has its own copy of every one, and the merge step,
 * which holds every decision of the run, needed more than twice the memory of the
 * run itself.
 *
 * Shared parts are frozen all the way down, as the run's are, so they print as before
 * (engine/app/shared-json.ts prints a frozen part once); shared lists are frozen as
 * ingest's are. What is the decision's own (its fingerprint, its finding object) stays
 * its own. Pure apart from the pools, which belong to one sharer and are bounded.
 */
import type { Decision } from '../model/decision.ts';
import { setOwnField } from '../model/own-field.ts';
import { deepFreeze } from '../policy/jsonlogic/node.ts';

/** The top-level parts of a decision that many decisions share. */
const SHARED_KEYS = ['owner', 'rule', 'feeds', 'enrichment', 'validation', 'labels', 'inputs'] as const;
const SHARED: ReadonlySet<string> = new Set(SHARED_KEYS);

/** Distinct parts kept at most; past this, new parts are left unshared (memory, not correctness). */
const MAX_PARTS = 200_000;

/**
 * Strings and lists remembered at most; a pool that is full starts again (a bound, not an eviction
 * policy). Every value is remembered from its first sighting, unlike ingest's pools
 * (engine/discover/sharing-pool.ts), which share a value only when it is seen again soon: decisions
 * come in fingerprint order, so the repeats of a title or a version are spread over the whole run,
 * and the merge holds every decision anyway, so a remembered value costs a map entry, not a copy. The
 * pools belong to one sharer, and go when reading is done.
 */
const MAX_REMEMBERED = 2_000_000;

/** Nested deeper than this, a finding's values are left as they are (a finding is three levels deep). */
const MAX_DEPTH = 6;

const LIST_SEPARATOR = '\u0000';

/** A function that returns its decision with each shared part replaced by the one copy of it seen first. */
export function decisionPartSharer(): (d: Decision) => Decision {
  const pool = new Map<string, unknown>();
  let strings = new Map<string, string>();
  let lists = new Map<string, readonly string[]>();

  const string = (s: string): string => {
    const hit = strings.get(s);
    if (hit !== undefined) return hit;
    if (strings.size >= MAX_REMEMBERED) strings = new Map();
    strings.set(s, s);
    return s;
  };
  const list = (xs: string[]): readonly string[] => {
    const key = xs.join(LIST_SEPARATOR);
    const hit = lists.get(key);
    // Compared, not trusted: an element could itself contain the separator.
    if (hit !== undefined && hit.length === xs.length && hit.every((x, i) => x === xs[i])) return hit;
    for (let i = 0; i < xs.length; i++) xs[i] = string(xs[i]!);
    Object.freeze(xs);
    if (lists.size >= MAX_REMEMBERED) lists = new Map();
    lists.set(key, xs);
    return xs;
  };
  /** `value` with its strings and lists of strings shared; objects and other arrays are changed in place. */
  const within = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return string(value);
    if (typeof value !== 'object' || value === null || Object.isFrozen(value) || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every((x) => typeof x === 'string')) return list(value as string[]);
      for (let i = 0; i < value.length; i++) value[i] = within(value[i], depth + 1);
      return value;
    }
    const o = value as Record<string, unknown>;
    // Assigned whatever came back: an equal string compares equal to its shared copy.
    for (const k of Object.keys(o)) setOwnField(o, k, within(o[k], depth + 1));
    return o;
  };

  return (d) => {
    const parts = d as unknown as Record<string, unknown>;
    for (const key of Object.keys(parts)) {
      const value = parts[key];
      if (!SHARED.has(key)) {
        // The fingerprint is the one string no other decision has.
        if (key !== 'fingerprint') setOwnField(parts, key, within(value, 1));
        continue;
      }
      if (typeof value !== 'object' || value === null) continue;
      const text = `${key}\u0000${JSON.stringify(value)}`;
      const seen = pool.get(text);
      if (seen !== undefined) parts[key] = seen;
      else if (pool.size < MAX_PARTS) pool.set(text, deepFreeze(value));
    }
    return d;
  };
}
