/**
 * Decisions read back by the merge step hold the parts many decisions have in
 * common once, frozen, and print exactly as they were read.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringifyWithSharedParts } from '../../../engine/app/shared-json.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { decisionPartSharer } from '../../../engine/shard/shared-parts.ts';
import { runCli } from '../../support/cli.ts';

describe('sharing the common parts of decisions read back', () => {
  it('holds equal parts once, frozen, and prints every decision as it was read', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-shared-parts-'));
    expect((await runCli(['run', '--dry-run', '--out', out])).code).toBe(0);
    const lines = (await readFile(join(out, 'decisions.ndjson'), 'utf8')).trim().split('\n');
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
});
