/**
 * What one run changes in the ledger, as data: the files to write, the files to
 * delete and the counts for the commit message. Only exposures whose record
 * changed are written, so a run that changes nothing changes nothing but its run
 * record. Pure: blob hashing is passed in (Git object ids).
 */
import type { Decision } from '../model/decision.ts';
import { canonicalJson } from './canonical-json.ts';
import { indexEntryOf, parseIndex, previousDecisions, sameEntry, serialiseIndex, type IndexEntry } from './index-file.ts';
import type { PreviousDecision } from '../prioritise/input-document.ts';
import { lastSeenFrom, NOTHING_SEEN, type LastSeen } from './last-seen.ts';
import { exposurePath, FORMAT_FILE, indexPath, LEDGER_FORMAT, runPath, shardOf, SUMMARY_FILE } from './layout.ts';
import type { LedgerRecord } from './record.ts';
import { countExposures, summaryOf, type ChangeCounts, type RunRecord } from './run-record.ts';

export interface LedgerState {
  /** Blob id of every exposure record at the ledger tip, by path. */
  exposures: ReadonlyMap<string, string>;
  /** The text of every `index/<shard>.tsv` at the tip, by shard. */
  index: ReadonlyMap<string, string>;
  /** The time of every recorded run (from the names of the run records), in any order. */
  runs: readonly string[];
}

export const EMPTY_STATE: LedgerState = { exposures: new Map(), index: new Map(), runs: [] };

export interface LedgerWrite {
  /** Path → content of the run's other files to (re)write: index shards, the run record, the summary, the format. */
  files: Map<string, string>;
  /**
   * The exposure records to (re)write, path and content, made one by one as the writer reads them;
   * unchanged records are left out. Never held together: at full size (775,796 exposures) they are
   * over a gigabyte of text, and a run that held them ran out of a 2 GB heap (docs/ledger.md, "At scale").
   */
  exposures(): Iterable<readonly [path: string, content: string]>;
  /** How many records `exposures()` yields. */
  exposureCount: number;
  deletes: string[];
  run: RunRecord;
}

/** Every file a write (re)writes, path and content: the exposure records, then the others. */
export function* filesToWrite(w: LedgerWrite): Generator<readonly [path: string, content: string]> {
  yield* w.exposures();
  yield* w.files;
}

/**
 * A run's exposure records, made on demand: once to find what changed, once more as the changed
 * ones are written. `facts` are what the run's counts read (the decisions will do: a record keeps
 * their status, priority and scope).
 */
export interface LedgerRecords {
  facts: readonly Pick<Decision, 'status' | 'priority' | 'scope'>[];
  /** The records, afresh on every call, in fingerprint order (a run's decisions are in it). */
  each(): Iterable<LedgerRecord>;
}

export interface LedgerMemory {
  /** When each exposure was first seen (open and closed alike). */
  firstSeen: Map<string, string>;
  /** What the previous run decided about each exposure open in it. */
  previous: Map<string, PreviousDecision>;
  /** When each exposure was last reported: the evidence when its issue is closed. */
  lastSeen: LastSeen;
}

/** What a run needs to know from the ledger, read from the index and the run records' names alone. */
export function ledgerMemory(state: LedgerState): LedgerMemory {
  const entries = [...state.index.values()].flatMap(parseIndex);
  const firstSeen = new Map(entries.map((e) => [e.fingerprint, e.first_seen]));
  const closedAt = new Map(entries.flatMap((e) => (e.closed_at === undefined ? [] : [[e.fingerprint, e.closed_at] as const])));
  return { firstSeen, previous: previousDecisions(entries), lastSeen: lastSeenFrom(firstSeen, closedAt, state.runs) };
}

/** A run without a ledger remembers nothing. */
export const NO_MEMORY = (): LedgerMemory => ({ firstSeen: new Map(), previous: new Map(), lastSeen: NOTHING_SEEN });

export function planLedgerWrite(
  state: LedgerState,
  records: LedgerRecords,
  run: Omit<RunRecord, 'changes' | 'exposures'>,
  hash: (content: string) => string,
): LedgerWrite {
  const counts: ChangeCounts = { new: 0, reopened: 0, changed: 0, closed: 0, unchanged: 0 };
  const deletes: string[] = [];

  // One index shard at a time: the records come in fingerprint order, so each shard's are together, and the
  // whole index parsed at once (an object per exposure ever seen) was the largest thing a steady run held.
  const indexFiles = new Map<string, string>();
  const finished = new Set<string>();
  const current = new Set<string>();
  const changed = new Set<string>();
  let open: { shard: string; entries: Map<string, IndexEntry>; dirty: boolean } | undefined;
  const parsed = (shard: string) => new Map(parseIndex(state.index.get(shard) ?? '').map((e) => [e.fingerprint, e]));
  /** Close the open shard's entries no record of this run named, and write its index if anything changed. */
  const finish = () => {
    if (open === undefined) return;
    for (const e of open.entries.values()) {
      if (e.closed_at !== undefined || current.has(e.fingerprint)) continue;
      open.entries.set(e.fingerprint, { ...e, closed_at: run.run_at });
      open.dirty = true;
      counts.closed++;
    }
    if (open.dirty) indexFiles.set(open.shard, serialiseIndex(open.entries.values()));
    finished.add(open.shard);
    open = undefined;
  };

  for (const r of records.each()) {
    const shard = shardOf(r.fingerprint);
    if (open?.shard !== shard) {
      finish();
      if (finished.has(shard)) throw new Error(`ledger records must come in fingerprint order (as a run's decisions do): shard ${shard} came twice`);
      open = { shard, entries: parsed(shard), dirty: false };
    }
    current.add(r.fingerprint);
    const entries = open.entries;
    const e = entries.get(r.fingerprint);
    let fresh = false;
    if (!e) {
      counts.new++;
      fresh = true;
    } else if (e.closed_at !== undefined) {
      counts.reopened++;
      fresh = true;
    }
    const next = indexEntryOf(r, e ? min(e.first_seen, r.first_seen) : r.first_seen);
    if (!e || !sameEntry(e, next)) {
      entries.set(r.fingerprint, next);
      open.dirty = true;
    }
    // A record the ledger does not hold is written without being compared (nor printed, here).
    const held = state.exposures.get(exposurePath(r.fingerprint));
    if (held !== undefined && held === hash(canonicalJson(r))) {
      counts.unchanged++;
      continue;
    }
    changed.add(r.fingerprint);
    if (!fresh) counts.changed++;
  }
  finish();
  // Shards none of this run's exposures falls in: every entry still open there is closed.
  for (const shard of state.index.keys()) {
    if (finished.has(shard)) continue;
    open = { shard, entries: parsed(shard), dirty: false };
    finish();
  }

  // A record without an open index entry (a ledger written by hand, or damaged) is removed too.
  for (const path of state.exposures.keys()) {
    const fp = /([0-9a-f]+)\.json$/.exec(path)?.[1];
    if (fp === undefined || !current.has(fp)) deletes.push(path);
  }
  const files = new Map<string, string>();
  for (const shard of [...indexFiles.keys()].sort()) files.set(indexPath(shard), indexFiles.get(shard)!);

  const full: RunRecord = { ...run, exposures: countExposures(records.facts), changes: counts };
  files.set(runPath(run.run_at), canonicalJson(full));
  files.set(SUMMARY_FILE, canonicalJson(summaryOf(records.facts)));
  files.set(FORMAT_FILE, canonicalJson({ format: LEDGER_FORMAT, layout: 'docs/ledger.md' }));
  return { files, exposures: () => changedRecords(records, changed), exposureCount: changed.size, deletes: deletes.sort(), run: full };
}

const min = (a: string, b: string) => (a < b ? a : b);

/*
 * Outside planLedgerWrite, on purpose: a closure made there shares its scope, and would keep what
 * the planning parsed alive for as long as the write is.
 */
function* changedRecords(records: LedgerRecords, changed: ReadonlySet<string>): Generator<readonly [string, string]> {
  for (const r of records.each()) if (changed.has(r.fingerprint)) yield [exposurePath(r.fingerprint), canonicalJson(r)];
}
