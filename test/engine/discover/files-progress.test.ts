/**
 * One progress bar for all of a run's report files: it counts every file once,
 * whichever thread read it, never goes back, ends at the files' total size, and is
 * the only bar drawn (a large file read on the main thread moves it rather than
 * drawing one of its own).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../engine/config/schema/ctem.ts';
import { FilesProgress } from '../../../engine/discover/files-progress.ts';
import { ingestSources } from '../../../engine/discover/ingest.ts';
import type { Progress } from '../../../engine/discover/progress.ts';
import { buildAssetIndex } from '../../../engine/scope/asset-index.ts';
import { fixture } from '../../support/corpus.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** A Progress that records every bar started and every position drawn. */
function recorder() {
  const bars: { label: string; total: number; updates: number[]; stopped: boolean }[] = [];
  const progress: Progress = {
    start(label, total) {
      const bar = { label, total, updates: [] as number[], stopped: false };
      bars.push(bar);
      return { update: (n) => bar.updates.push(n), stop: () => void (bar.stopped = true) };
    },
  };
  return { bars, progress };
}

/** Waits (a few seconds at most) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done()).toBe(true);
}

describe('FilesProgress', () => {
  it('shows the bytes of finished files plus those read so far of the file on this thread', () => {
    const { bars, progress } = recorder();
    const p = FilesProgress.start(progress, 3, 600);
    const here = p.forFileOnThisThread().start('big.ndjson', 300);
    here.update(100);
    p.finished(200, false); // a worker's file arrives meanwhile
    here.update(250);
    here.stop();
    p.finished(300, true);
    p.finished(100, false);
    p.stop();
    expect(bars).toEqual([{ label: '3 report files', total: 600, updates: [100, 300, 450, 500, 600], stopped: true }]);
  });

  it('shows what workers have read of their unfinished files, and never goes back when a worker moves on before its file arrives', () => {
    const { bars, progress } = recorder();
    // Files A (100 bytes) and C (300) on this thread, B (600) on a worker.
    const p = FilesProgress.start(progress, 3, 1_000);
    let workers = 0;
    p.watchWorkers(() => workers, 60_000);
    workers = 300; // the worker is 300 bytes into B
    p.finished(100, true); // A
    workers = 0; // the worker has finished B and started on nothing yet; B's findings have not arrived
    p.forFileOnThisThread().start('C', 300).update(50);
    p.finished(600, false); // B arrives
    p.finished(300, true); // C
    p.stop();
    expect(bars[0]!.updates).toEqual([400, 400, 750, 1_000]);
  });

  it('draws what workers read while this thread waits, and stops drawing when stopped', async () => {
    const { bars, progress } = recorder();
    const p = FilesProgress.start(progress, 1, 1_000);
    let workers = 0;
    p.watchWorkers(() => workers, 5);
    for (const at of [250, 500]) {
      workers = at;
      await until(() => bars[0]!.updates.at(-1) === at);
    }
    p.stop();
    workers = 750;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(bars[0]!.updates).toEqual([250, 500]);
  });

  it('is silent without a progress', () => {
    const p = FilesProgress.start(undefined, 1, 10);
    expect(() => (p.forFileOnThisThread().start('x', 10).update(5), p.finished(10, true), p.stop())).not.toThrow();
  });
});

describe('ingest with progress', () => {
  const exports = tempDir('ctem-files-progress-');
  const sources: SourceConfig[] = [{ name: 'scanners', connector: 'auto', path: '{trivy,grype,sarif}/*.{json,sarif}', optional: true }];
  const index = buildAssetIndex([]);

  for (const [how, threads, mainReadsFiles] of [['the main thread alone', 0, true], ['a worker alone', 1, false], ['a worker and the main thread', 1, true]] as const) {
    it(`draws one bar over every report file, read by ${how}`, async () => {
      const files = await glob(sources[0]!.path!, { cwd: fixture() });
      let total = 0;
      for (const f of files) total += (await stat(join(fixture(), f))).size;
      const { bars, progress } = recorder();
      const got = await ingestSources(fixture(), sources, index, { progress, threads, poolMinBytes: 0, mainReadsFiles });
      if (threads === 1 && !mainReadsFiles) expect(got.workerFiles).toBe(files.length);
      expect(bars).toHaveLength(1);
      const [bar] = bars;
      expect(bar!.label).toBe(`${files.length} report files`);
      expect(bar!.total).toBe(total);
      expect(bar!.updates.at(-1)).toBe(total);
      expect(bar!.updates.length).toBeGreaterThanOrEqual(files.length);
      for (let i = 1; i < bar!.updates.length; i++) expect(bar!.updates[i]!).toBeGreaterThanOrEqual(bar!.updates[i - 1]!);
      expect(bar!.stopped).toBe(true);
    }, 60_000);
  }

  it('moves while a worker reads one large file, not only when its findings arrive', async () => {
    const line = (i: number) => JSON.stringify({ ruleId: `R${i % 50}`, kind: 'code', asset: `web-${i % 7}`, title: `finding ${i}`, description: 'x'.repeat(300) });
    const big = exports.write('big.ndjson', Array.from({ length: 30_000 }, (_, i) => line(i)).join('\n') + '\n');
    exports.write('small.ndjson', `${line(0)}\n`);
    const bigSize = (await stat(big)).size;
    const { bars, progress } = recorder();
    const got = await ingestSources(exports.dir, [{ name: 'exports', connector: 'ndjson', path: '*.ndjson' }], index, {
      progress, threads: 1, poolMinBytes: 0, mainReadsFiles: false, progressIntervalMs: 5,
    });
    expect(got.workerFiles).toBe(2);
    expect(got.findings).toHaveLength(30_001);
    const updates = bars[0]!.updates;
    expect(updates.at(-1)).toBe(bigSize + (await stat(join(exports.dir, 'small.ndjson'))).size);
    // The worker reads big.ndjson first (files go in name order): positions inside it, drawn before it was finished.
    expect(updates.filter((n) => n > 0 && n < bigSize).length).toBeGreaterThan(0);
  }, 60_000);
});
