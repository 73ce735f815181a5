/**
 * The promise of sharding: running the cycle as N shards and merging them gives
 * exactly what one unsharded run gives — the same decisions, decision for
 * decision, and the same plan, action for action, byte for byte in every output
 * file — for N = 1, 3 and 8, on the bundled example and on a generated estate
 * (whose policy has an owner-rule route: issues that span assets, planned by the
 * merge step).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../bench/generate/estate.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import type { Action } from '../../../engine/mobilise/plan.ts';
import { shardOf } from '../../../engine/shard/assign.ts';
import { runCli } from '../../support/cli.ts';
import { repoRoot } from '../../support/corpus.ts';
import { planShards } from './plan-shards.ts';

const NOW = '2026-11-28T12:00:00.000Z';
const OUTPUTS = ['decisions.ndjson', 'plan.json', 'plan.md'] as const;

interface Outputs {
  files: Record<(typeof OUTPUTS)[number], string>;
  decisions: Decision[];
  actions: Action[];
}

async function readOutputs(dir: string): Promise<Outputs> {
  const files = Object.fromEntries(await Promise.all(OUTPUTS.map(async (f) => [f, await readFile(join(dir, f), 'utf8')]))) as Outputs['files'];
  return {
    files,
    decisions: files['decisions.ndjson'].split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Decision),
    actions: (JSON.parse(files['plan.json']) as { actions: Action[] }).actions,
  };
}

async function unsharded(root: string, work: string): Promise<Outputs> {
  const out = join(work, 'unsharded');
  const r = await runCli(['run', '--dry-run', '--dir', root, '--out', out], { now: NOW });
  expect(r.code, r.stderr.join('\n')).toBe(0);
  return readOutputs(out);
}

async function sharded(root: string, work: string, n: number): Promise<{ merged: Outputs; shards: Outputs[] }> {
  const { dirs } = await planShards(n, join(work, `n${n}`), { now: NOW, dir: root });
  const merged = join(work, `n${n}-merged`);
  // In reverse order: the merge must not depend on the order the artifacts arrive in.
  const r = await runCli(['merge-shards', '--dir', root, '--out', merged, ...[...dirs].reverse()], { now: '2030-01-01T00:00:00.000Z' });
  expect(r.code, r.stderr.join('\n')).toBe(0);
  return { merged: await readOutputs(merged), shards: await Promise.all(dirs.map(readOutputs)) };
}

function describeEstate(name: string, setup: () => Promise<string>, checks: { ownerRuleIssues: boolean }) {
  describe(`ctem run --shard K/N + ctem merge-shards on ${name}`, () => {
    let root: string;
    let work: string;
    let whole: Outputs;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'ctem-shard-'));
      root = await setup();
      whole = await unsharded(root, work);
    }, 120_000);
    afterAll(async () => {
      await rm(work, { recursive: true, force: true });
    });

    it('has something to shard', () => {
      expect(whole.decisions.length).toBeGreaterThan(50);
      expect(whole.actions.length).toBeGreaterThan(10);
      const ownerRule = whole.actions.some((a) => a.op === 'create' && /^[a-z0-9-]+: \d+ exposures? for /.test(a.title));
      expect(ownerRule).toBe(checks.ownerRuleIssues);
    });

    for (const n of [1, 3, 8]) {
      it(`N = ${n}: the merged outputs are the unsharded run's, decision for decision and action for action`, async () => {
        const { merged, shards } = await sharded(root, work, n);
        expect(merged.decisions).toEqual(whole.decisions);
        expect(merged.actions).toEqual(whole.actions);
        for (const f of OUTPUTS) expect(merged.files[f], f).toBe(whole.files[f]);

        // Each decision was made by exactly one shard: the one its asset hashes to.
        const decidedBy = new Map<string, number>();
        shards.forEach((s, i) => {
          for (const d of s.decisions) {
            expect(decidedBy.has(d.fingerprint)).toBe(false);
            decidedBy.set(d.fingerprint, i + 1);
            expect(shardOf(d.asset, n)).toBe(i + 1);
          }
        });
        expect(decidedBy.size).toBe(whole.decisions.length);
        if (n > 1) expect(shards.filter((s) => s.decisions.length > 0).length).toBeGreaterThan(1);
      }, 120_000);
    }
  });
}

describeEstate('the bundled example', async () => repoRoot, { ownerRuleIssues: false });

describeEstate(
  'a generated estate',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-estate-'));
    await generateEstate({ seed: 7, size: 0.002, dir, epssRows: 5_000 });
    expect((await readdir(join(dir, 'reports', 'ndjson'))).length).toBeGreaterThan(0);
    return dir;
  },
  { ownerRuleIssues: true },
);
