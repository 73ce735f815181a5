/**
 * Keeping, from a decisions file read line by line, only the decisions an ID may
 * name (`mayBeNamedBy`) must never change which decision the ID finds: on every
 * decision of the example run, for every kind of ID, the lookup over what is kept
 * equals the lookup over them all.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDecision, mayBeNamedBy } from '../../../engine/explain/find.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { runCli } from '../../support/cli.ts';

describe('the decisions an ID may name', () => {
  let all: Decision[];

  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-find-'));
    expect((await runCli(['run', '--dry-run', '--out', out])).code).toBe(0);
    all = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Decision);
  });

  it('are enough to find what the ID finds among all of them, whatever the ID', () => {
    const ids = new Set<string>(['', 'nothing-like-it', 'CVE-1999-0001', 'abc', '0', 'ffffff']);
    for (const d of all) {
      ids.add(d.fingerprint);
      ids.add(d.fingerprint.toUpperCase());
      ids.add(` ${d.fingerprint} `);
      for (const n of [3, 5, 6, 8]) ids.add(d.fingerprint.slice(0, n));
      ids.add(d.finding.rule_id);
      ids.add(d.finding.rule_id.toLowerCase());
      for (const a of d.finding.aliases) ids.add(a);
      if (d.finding.vulnerability_id) ids.add(d.finding.vulnerability_id);
    }
    expect(ids.size).toBeGreaterThan(500);
    const kinds = new Set<string>();
    for (const id of ids) {
      const kept = all.filter(mayBeNamedBy(id));
      const want = findDecision(all, id);
      expect(findDecision(kept, id), id).toEqual(want);
      kinds.add(want.kind);
    }
    // Every outcome was tried.
    expect([...kinds].sort()).toEqual(['ambiguous', 'found', 'too-short', 'unknown']);
  });

  it('are few for a fingerprint', () => {
    const d = all[Math.floor(all.length / 2)]!;
    expect(all.filter(mayBeNamedBy(d.fingerprint))).toEqual([d]);
  });
});
