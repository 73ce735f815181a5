/** The command line of sharding: usage errors, and a merge that refuses shards that do not belong together. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { planShards } from './plan-shards.ts';

const NOW = '2026-11-28T12:00:00Z';

describe('ctem run --shard', () => {
  it('only plans: without --dry-run it is a usage error', async () => {
    const r = await runCli(['run', '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      'ctem run: a shard only plans: add --dry-run',
      '  hint: shards plan; `ctem merge-shards --mobilise` combines them and mobilises the whole run (docs/scale.md)',
    ]);
  });

  it('refuses a malformed K/N, --now without --shard, and a malformed --now', async () => {
    expect((await runCli(['run', '--dry-run', '--shard', '3/2'])).code).toBe(2);
    const lone = await runCli(['run', '--dry-run', '--now', NOW]);
    expect(lone.code).toBe(2);
    expect(lone.stderr.join('\n')).toMatch(/--now is only for shards/);
    const bad = await runCli(['run', '--dry-run', '--shard', '1/2', '--now', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/--now must be a UTC date-time/);
  });

  it('writes shard.json beside the ordinary outputs, and says what it left to the merge', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-shard-cli-'));
    const r = await runCli(['run', '--dry-run', '--shard', '2/3', '--now', NOW, '--out', out]);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stdout[0]).toMatch(/^ctem run --dry-run --shard 2\/3: 248 findings → 146 exposures; this shard decided \d+ and planned \d+ issue\(s\)$/);
    const m = JSON.parse(await readFile(join(out, 'shard.json'), 'utf8')) as { shard: unknown; now: string; findings: number };
    expect(m).toMatchObject({ shard: { index: 2, count: 3 }, now: '2026-11-28T12:00:00.000Z', findings: 248 });
  });
});

describe('ctem merge-shards', () => {
  const shardsOf = async (n: number) => (await planShards(n, await mkdtemp(join(tmpdir(), 'ctem-shard-cli-')), { now: NOW })).dirs;

  it('needs shard directories', async () => {
    expect((await runCli(['merge-shards'])).code).toBe(2);
  });

  it('exits 4, writing nothing, when a shard is missing or not a shard output', async () => {
    const [one] = await shardsOf(2);
    const out = await mkdtemp(join(tmpdir(), 'ctem-merge-'));
    const r = await runCli(['merge-shards', '--out', out, one!]);
    expect(r.code).toBe(4);
    expect(r.stderr.join('\n')).toContain('shard 2/2 is missing');
    await expect(readFile(join(out, 'plan.json'))).rejects.toThrow();

    const empty = await mkdtemp(join(tmpdir(), 'ctem-merge-'));
    const r2 = await runCli(['merge-shards', '--out', out, empty]);
    expect(r2.code).toBe(4);
    expect(r2.stderr.join('\n')).toMatch(/no shard\.json: not the output of `ctem run --shard`/);
  });

  it('exits 2, writing nothing, when the run\'s decisions would not fit in this Node\'s heap', async () => {
    const dirs = await shardsOf(2);
    const m = JSON.parse(await readFile(join(dirs[0]!, 'shard.json'), 'utf8')) as Record<string, unknown>;
    // As many decisions as no machine's default heap holds (1e9 × 2.6 KB).
    await writeFile(join(dirs[0]!, 'shard.json'), JSON.stringify({ ...m, decisions: 1_000_000_000 }));
    const out = await mkdtemp(join(tmpdir(), 'ctem-merge-'));
    const r = await runCli(['merge-shards', '--out', out, ...dirs]);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/^merging 10000\d{5} decisions needs about \d+ MiB of heap; this Node process may use \d+ MiB\n {2}hint: run the merge with NODE_OPTIONS=--max-old-space-size=\d+,/m);
    await expect(readFile(join(out, 'decisions.ndjson'))).rejects.toThrow();
  });

  it('refuses shards of another configuration', async () => {
    const dirs = await shardsOf(2);
    const m = JSON.parse(await readFile(join(dirs[1]!, 'shard.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dirs[1]!, 'shard.json'), JSON.stringify({ ...m, config_digest: 'something-else' }));
    const r = await runCli(['merge-shards', '--out', await mkdtemp(join(tmpdir(), 'ctem-merge-')), ...dirs]);
    expect(r.code).toBe(4);
    expect(r.stderr.join('\n')).toMatch(/ran with another configuration or inventory than this checkout\n {2}hint: run the shards and the merge on the same commit/);
  });
});
