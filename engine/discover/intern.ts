/**
 * One copy of each repeated string across findings. A fleet's reports repeat the
 * same advisory titles and descriptions, purls, CVSS vectors and paths thousands of
 * times, and JSON.parse gives every occurrence its own copy: at a million findings
 * that is about a fifth of the heap (measured on the generated estate: 1,507 → 1,216
 * bytes per finding).
 * Interning swaps each for an equal, shared string — values never change, so it is
 * safe on any object, shared or not. Per-finding strings (pointers, fingerprints)
 * are left alone. Pure apart from the pool, which is bounded.
 */
import type { Finding } from '../model/finding.ts';
import { SharingPool } from './sharing-pool.ts';

/*
 * The full generated estate has about 370,000 distinct strings and 33,000 distinct
 * lists, so a million of each keeps its sharing whole. First sightings wait in a
 * window of 100,000 (sharing-pool.ts): on the full estate that left the findings'
 * heap within 1% of a pool that takes every value (847 against 842 MB after ingest),
 * and a stream of one-off values no longer fills the pools (docs/scale.md).
 */
const MAX_SHARED = 1_000_000;
const MAX_WAITING = 100_000;
const newStringPool = () => new SharingPool<string>(MAX_SHARED, MAX_WAITING);
const newListPool = () => new SharingPool<readonly string[]>(MAX_SHARED, MAX_WAITING);
let pool = newStringPool();

export function intern(s: string): string {
  const hit = pool.get(s);
  if (hit !== undefined) return hit;
  pool.offer(s, s);
  return s;
}

/**
 * Empty both pools. Interning never changes a value, so this changes no output: the
 * shell calls it once the findings are handed to the cycle, so that the pools do not
 * keep the findings' long text (descriptions, purls, paths) alive after them.
 */
export function releaseInternPools(): void {
  pool = newStringPool();
  lists = newListPool();
  titles = new Map();
  descriptions = new Map();
}

/*
 * An advisory's title and description are found by its id first: hashing a short id and comparing
 * the text once (equal strings of equal length compare as memory) is cheaper than hashing a
 * description of a kilobyte for the pool. The pool is still where a new text is shared from.
 */
let titles = new Map<string, string>();
let descriptions = new Map<string, string>();
/**
 * Far fewer than the pool: each entry keeps its id alive too, and a stream of millions of findings
 * with as many ids (the `--big` bench stage) had the two maps hold 140 MB. A fleet's advisories are
 * tens of thousands; past the bound a map starts again, which only costs the shortcut.
 */
const MAX_BY_ID = 100_000;

function internById(byId: Map<string, string>, id: string, s: string): string {
  const hit = byId.get(id);
  if (hit === s) return hit;
  const shared = intern(s);
  if (byId.size >= MAX_BY_ID) byId.clear();
  byId.set(id, shared);
  return shared;
}

const LIST_SEPARATOR = '\u0000';
const EMPTY: readonly string[] = Object.freeze([]);
let lists = newListPool();

/**
 * One shared, frozen copy of each list of strings (aliases, CWEs, fixed versions,
 * tool names): a list repeats for every finding of the same advisory, and an array
 * costs about 50 bytes before its first element. Frozen, because it is shared: a
 * change made through one finding would show in all of them.
 */
export function internList(xs: readonly string[]): string[] {
  if (xs.length === 0) return EMPTY as string[];
  const key = xs.length === 1 ? xs[0]! : xs.join(LIST_SEPARATOR);
  const hit = lists.get(key);
  // Compared, not trusted: an element could itself contain the separator.
  if (hit !== undefined && hit.length === xs.length && hit.every((x, i) => x === xs[i])) return hit as string[];
  const shared = Object.freeze(xs.slice());
  lists.offer(key, shared);
  return shared as string[];
}

/**
 * The finding, with its long repeated strings replaced by shared copies (in place;
 * absent fields stay absent). Only strings long enough for the saving to outweigh
 * the lookup: short ids and versions, and strings a connector already shares (the
 * file name, the tool), are left as they are. Its lists of strings are shared too.
 */
export function internFinding(f: Finding): Finding {
  const id = f.vulnerabilityId ?? f.ruleId;
  f.title = internById(titles, id, f.title);
  f.aliases = internList(f.aliases);
  f.cwe = internList(f.cwe);
  if (f.package !== undefined) f.package.fixedVersions = internList(f.package.fixedVersions);
  if (f.description !== undefined) f.description = internById(descriptions, id, f.description);
  if (f.helpUri !== undefined) f.helpUri = intern(f.helpUri);
  if (f.target !== undefined) f.target = intern(f.target);
  const p = f.package;
  if (p?.purl !== undefined) p.purl = intern(p.purl);
  if (f.cvss?.vector !== undefined) f.cvss.vector = intern(f.cvss.vector);
  const l = f.location;
  if (l !== undefined) {
    if (l.path !== undefined) l.path = intern(l.path);
    if (l.logical !== undefined) l.logical = intern(l.logical);
  }
  return f;
}
