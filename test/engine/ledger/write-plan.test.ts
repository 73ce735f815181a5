import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../../engine/ledger/index-file.ts';
import { exposurePath, indexPath } from '../../../engine/ledger/layout.ts';
import { recordsOf, toLedgerRecord } from '../../../engine/ledger/record.ts';
import { EMPTY_STATE, filesToWrite, ledgerMemory, planLedgerWrite, type LedgerState, type LedgerWrite } from '../../../engine/ledger/write-plan.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { decision } from './decisions.ts';

const hash = (c: string) => createHash('sha1').update(`blob ${Buffer.byteLength(c)}\0`).update(c).digest('hex');
const run = (run_at: string) => ({ run_at, dry_run: false, ctem_version: 'test', config_commit: null, policy_commits: {}, feeds: {}, actions: [] });

/** The ledger state a write leaves behind, as the next run would read it. */
function after(state: LedgerState, w: LedgerWrite): LedgerState {
  const exposures = new Map(state.exposures);
  const index = new Map(state.index);
  for (const p of w.deletes) exposures.delete(p);
  for (const [p, c] of filesToWrite(w)) {
    if (p.startsWith('exposures/')) exposures.set(p, hash(c));
    const shard = /^index\/([0-9a-f]+)\.tsv$/.exec(p)?.[1];
    if (shard) index.set(shard, c);
  }
  return { exposures, index, runs: [...state.runs, w.run.run_at] };
}

const A = 'aa00000000000000000a';
const B = 'bb00000000000000000b';
const C = 'aa00000000000000000c';
const records = (ds: Decision[]) => recordsOf(ds);
/** Every file a write (re)writes, by path. */
const written = (w: LedgerWrite) => new Map(filesToWrite(w));

describe('what one run writes to the ledger', () => {
  const first = planLedgerWrite(EMPTY_STATE, records([decision(A), decision(B)]), run('2026-11-01T06:00:00.000Z'), hash);
  const s1 = after(EMPTY_STATE, first);

  it('the first run: every exposure is new, with its record, its index line, the run record and the summary', () => {
    expect(first.run.changes).toEqual({ new: 2, reopened: 0, changed: 0, closed: 0, unchanged: 0 });
    expect([...written(first).keys()].sort()).toEqual(
      [exposurePath(A), exposurePath(B), indexPath('aa'), indexPath('bb'), 'ledger.json', 'runs/2026/2026-11-01T060000.000Z.json', 'summary.json'].sort(),
    );
    expect(first.deletes).toEqual([]);
    expect(JSON.parse(written(first).get('summary.json')!)).toMatchObject({ exposures: { total: 2, open: 2, by_priority: { P3: 2 } } });
  });

  it('a run where nothing changed writes no exposure record and no index, only its run record', () => {
    const again = planLedgerWrite(s1, records([decision(A), decision(B)]), run('2026-11-02T06:00:00.000Z'), hash);
    expect(again.run.changes).toEqual({ new: 0, reopened: 0, changed: 0, closed: 0, unchanged: 2 });
    expect([...written(again).keys()].filter((p) => p.startsWith('exposures/') || p.startsWith('index/'))).toEqual([]);
  });

  it('a changed decision rewrites that record and, because its priority and due date moved, its index line', () => {
    const w = planLedgerWrite(s1, records([decision(A, { priority: 'P1', due_date: '2026-11-08' }), decision(B)]), run('2026-11-02T06:00:00.000Z'), hash);
    expect(w.run.changes).toMatchObject({ changed: 1, unchanged: 1 });
    expect([...written(w).keys()].filter((p) => p.startsWith('exposures/') || p.startsWith('index/')).sort()).toEqual([exposurePath(A), indexPath('aa')]);
  });

  it('a closed exposure: its record is removed, its index line keeps its first-seen date and says when it closed', () => {
    const w = planLedgerWrite(s1, records([decision(A)]), run('2026-11-02T06:00:00.000Z'), hash);
    expect(w.run.changes).toMatchObject({ closed: 1, unchanged: 1 });
    expect(w.deletes).toEqual([exposurePath(B)]);
    expect(parseIndex(written(w).get(indexPath('bb'))!)).toEqual([
      { fingerprint: B, first_seen: '2026-11-01T06:00:00.000Z', closed_at: '2026-11-02T06:00:00.000Z', priority: 'P3', due_date: '2027-01-30' },
    ]);
  });

  it('a reopened exposure keeps its first-seen date, so its SLA does not restart', () => {
    const s2 = after(s1, planLedgerWrite(s1, records([decision(A)]), run('2026-11-02T06:00:00.000Z'), hash));
    const memory = ledgerMemory(s2);
    expect(memory.firstSeen.get(B)).toBe('2026-11-01T06:00:00.000Z');
    const back = planLedgerWrite(s2, records([decision(A), decision(B, { first_seen: memory.firstSeen.get(B)! })]), run('2026-11-03T06:00:00.000Z'), hash);
    expect(back.run.changes).toMatchObject({ reopened: 1, unchanged: 1 });
    expect(parseIndex(written(back).get(indexPath('bb'))!)[0]).toEqual({ fingerprint: B, first_seen: '2026-11-01T06:00:00.000Z', priority: 'P3', due_date: '2027-01-30' });
  });

  it('an exposure in a shard with others only touches its own index line', () => {
    const w = planLedgerWrite(s1, records([decision(A), decision(C), decision(B)]), run('2026-11-02T06:00:00.000Z'), hash);
    expect(w.run.changes).toMatchObject({ new: 1, unchanged: 2 });
    expect(parseIndex(written(w).get(indexPath('aa'))!).map((e) => e.fingerprint)).toEqual([A, C]);
  });
});

describe('how a write holds the exposure records', () => {
  /** Records made on demand, counting how often they are made. */
  const counted = (ds: Decision[]) => {
    const made = { count: 0 };
    const each = function* () {
      for (const d of ds) {
        made.count++;
        yield toLedgerRecord(d, null);
      }
    };
    return { made, source: { facts: ds, each } };
  };

  it('not at all: each is made when planned and again when written, and the write keeps none of them', () => {
    const { made, source } = counted([decision(A), decision(C), decision(B)]);
    const w = planLedgerWrite(EMPTY_STATE, source, run('2026-11-01T06:00:00.000Z'), hash);
    expect(made.count).toBe(3);
    expect([...w.files.keys()].filter((p) => p.startsWith('exposures/'))).toEqual([]);
    const once = [...w.exposures()];
    expect(made.count).toBe(6);
    expect(once.map(([p]) => p)).toEqual([exposurePath(A), exposurePath(C), exposurePath(B)]);
    expect([...w.exposures()]).toEqual(once);
    expect(JSON.parse(once[2]![1])).toEqual(JSON.parse(JSON.stringify(toLedgerRecord(decision(B), null))));
  });

  it('one index shard at a time: records must come in fingerprint order, as a run\'s decisions do', () => {
    const unordered = [decision(A), decision(B), decision(C)];
    const each = () => unordered.map((d) => toLedgerRecord(d, null));
    expect(() => planLedgerWrite(EMPTY_STATE, { facts: unordered, each }, run('2026-11-01T06:00:00.000Z'), hash)).toThrow(
      'ledger records must come in fingerprint order (as a run\'s decisions do): shard aa came twice',
    );
    // Made from decisions in another order, the records are put in it.
    expect([...records(unordered).each()].map((r) => r.fingerprint)).toEqual([A, C, B]);
    const w = planLedgerWrite(EMPTY_STATE, records(unordered), run('2026-11-01T06:00:00.000Z'), hash);
    expect([...w.exposures()].map(([p]) => p)).toEqual([exposurePath(A), exposurePath(C), exposurePath(B)]);
  });

  it('a record the ledger does not hold yet is neither printed nor hashed to be compared; one it holds is, once', () => {
    let hashed = 0;
    const counting = (c: string) => (hashed++, hash(c));
    const first = planLedgerWrite(EMPTY_STATE, records([decision(A), decision(B)]), run('2026-11-01T06:00:00.000Z'), counting);
    expect(hashed).toBe(0);
    planLedgerWrite(after(EMPTY_STATE, first), records([decision(A), decision(C), decision(B)]), run('2026-11-02T06:00:00.000Z'), counting);
    expect(hashed).toBe(2);
  });
});

describe('what a run learns from the ledger', () => {
  it('first-seen dates of every exposure ever seen, and the previous decision of those open in the last run', () => {
    const s1 = after(EMPTY_STATE, planLedgerWrite(EMPTY_STATE, records([decision(A, { priority: 'P1', due_date: '2026-11-08' }), decision(B)]), run('2026-11-01T06:00:00.000Z'), hash));
    const s2 = after(s1, planLedgerWrite(s1, records([decision(A, { priority: 'P1', due_date: '2026-11-08' })]), run('2026-11-02T06:00:00.000Z'), hash));
    const m = ledgerMemory(s2);
    expect([...m.firstSeen.keys()].sort()).toEqual([A, B]);
    expect(m.previous).toEqual(new Map([[A, { priority: 'P1', due_date: '2026-11-08' }]]));
  });

  it('when each exposure was last reported, for the evidence when its issue closes: from the index and the run records', () => {
    const s1 = after(EMPTY_STATE, planLedgerWrite(EMPTY_STATE, records([decision(A), decision(B)]), run('2026-11-01T06:00:00.000Z'), hash));
    const s2 = after(s1, planLedgerWrite(s1, records([decision(A)]), run('2026-11-02T06:00:00.000Z'), hash));
    const m = ledgerMemory(s2);
    expect(m.lastSeen.get(A)).toBe('2026-11-02T06:00:00.000Z');
    expect(m.lastSeen.get(B)).toBe('2026-11-01T06:00:00.000Z');
    expect(m.lastSeen.get(C)).toBeUndefined();
  });
});
