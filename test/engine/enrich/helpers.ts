/** Small helpers shared by the enrichment tests. */
import { expect } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';

/** Run `fn`, expect a ReportError, and return it for closer checks. */
export function reportErrorOf(fn: () => unknown): ReportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return e as ReportError;
  }
  throw new Error('expected a ReportError, but nothing was thrown');
}

export const EPSS_META = '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z';

/** An EPSS CSV from rows of [cve, epss, percentile] text. */
export const epssCsv = (rows: readonly (readonly string[])[], meta = EPSS_META): string =>
  [meta, 'cve,epss,percentile', ...rows.map((r) => r.join(','))].join('\n') + '\n';

/**
 * `n` synthetic rows in CVE order, spread over the years like the real feed
 * (4-, 5- and 7-digit sequence numbers), with deterministic values.
 */
export function syntheticEpssRows(n: number): string[][] {
  const rows: string[][] = [];
  const perYear = Math.ceil(n / 28);
  for (let i = 0; i < n; i++) {
    const year = 1999 + Math.floor(i / perYear);
    const k = i % perYear;
    const seq = k < 9000 ? 1000 + k : k < 90_000 ? 10_000 + k : 1_000_000 + k;
    const epss = ((i * 7919) % 100_000) / 100_000;
    rows.push([`CVE-${year}-${seq}`, epss.toFixed(5), (i / n).toFixed(5)]);
  }
  return rows;
}
