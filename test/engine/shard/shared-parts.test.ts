/**
 * Decisions read back by the merge step hold the parts many decisions have in
 * common once, frozen, and print exactly as they were read; so are the strings and
 * lists of strings their findings repeat.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../engine/app/heap.ts';
import { stringifyWithSharedParts } from '../../../engine/app/shared-json.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { decisionPartSharer } from '../../../engine/shard/shared-parts.ts';
import { runCli } from '../../support/cli.ts';

describe('sharing the common parts of decisions read back', () => {
  // The example's decisions.ndjson, one decision per line.
  let lines: string[];
  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-shared-parts-'));
    expect((await runCli(['run', '--dry-run', '--out', out])).code).toBe(0);
    lines = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n');
  }, 60_000);

  it('holds equal parts once, frozen, and prints every decision as it was read', () => {
    const share = decisionPartSharer();
    const decisions = lines.map((l) => share(JSON.parse(l) as Decision));
    expect(decisions.map((d) => stringifyWithSharedParts(d))).toEqual(lines);
    expect(decisions.map((d) => JSON.stringify(d))).toEqual(lines);

    // The feed versions are the run's: one object for every decision.
    expect(new Set(decisions.map((d) => d.feeds)).size).toBe(1);
    expect(Object.isFrozen(decisions[0]!.feeds)).toBe(true);
    // Fewer owners, rules and enrichment views than decisions; equal ones are the same object.
    for (const key of ['owner', 'rule', 'enrichment', 'validation'] as const) {
      const distinctObjects = new Set(decisions.map((d) => d[key])).size;
      const distinctTexts = new Set(decisions.map((d) => JSON.stringify(d[key]))).size;
      expect(distinctObjects, key).toBe(distinctTexts);
      expect(distinctObjects, key).toBeLessThan(decisions.length);
    }
    // What is the decision's own is neither shared nor frozen.
    expect(Object.isFrozen(decisions[0]!.finding)).toBe(false);
    expect(new Set(decisions.map((d) => d.finding)).size).toBe(decisions.length);
  });

  it('shares equal lists of strings as one frozen list, and leaves other lists alone', () => {
    const share = decisionPartSharer();
    const decisions = lines.map((l) => share(JSON.parse(l) as Decision));
    expect(decisions.map((d) => JSON.stringify(d))).toEqual(lines);
    for (const list of ['aliases', 'tools'] as const) {
      const lists = decisions.map((d) => d.finding[list]).filter((l) => l.length > 0);
      expect(new Set(lists).size, list).toBe(new Set(lists.map((l) => JSON.stringify(l))).size);
      expect(new Set(lists).size, list).toBeLessThan(lists.length);
      expect(lists.every((l) => Object.isFrozen(l)), list).toBe(true);
    }
    // A list of objects (the sources) is the decision's own: neither shared nor frozen.
    expect(Object.isFrozen(decisions[0]!.finding.sources)).toBe(false);
    expect(new Set(decisions.map((d) => d.finding.sources)).size).toBe(decisions.length);
  });

  it('holds a string many decisions repeat once', () => {
    // 200 decisions with the same 100,000-character title, each parsed into its own copy: 20 MB as read.
    const title = 'x'.repeat(100_000);
    const line = (i: number) => JSON.stringify({ fingerprint: `fp${i}`, asset: 'a', finding: { kind: 'code', rule_id: 'r', title, aliases: [], tools: ['t'], sources: [] } });
    const share = decisionPartSharer();
    expect(collectGarbage()).toBe(true);
    const before = getHeapStatistics().used_heap_size;
    const held = Array.from({ length: 200 }, (_, i) => share(JSON.parse(line(i)) as Decision));
    collectGarbage();
    const grown = getHeapStatistics().used_heap_size - before;
    expect(held.every((d) => d.finding.title === title)).toBe(true);
    expect(grown).toBeLessThan(5_000_000);
  });

  it('keeps a key named __proto__ an own property', () => {
    const share = decisionPartSharer();
    const d = share(JSON.parse('{"fingerprint":"f","finding":{"__proto__":"x","package":{"__proto__":{"polluted":true}}}}') as Decision);
    const finding = d.finding as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(finding)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(finding, '__proto__')?.value).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(d)).toBe('{"fingerprint":"f","finding":{"__proto__":"x","package":{"__proto__":{"polluted":true}}}}');
  });
});
