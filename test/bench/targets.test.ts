import { describe, expect, it } from 'vitest';
import { formatLimit, formatValue, judge, TARGETS, type Target } from '../../bench/targets.ts';

const max: Target = { key: 'x', label: 'x', kind: 'max', limit: 3, unit: '×' };
const min: Target = { key: 'y', label: 'y', kind: 'min', limit: 150_000, unit: 'findings/s' };

describe('judging a figure against its target', () => {
  it('passes within the limit and says how much is to spare', () => {
    expect(judge(max, 1.5, 1)).toEqual({ status: 'PASS', margin: '50% to spare' });
    expect(judge(min, 300_000, 1)).toEqual({ status: 'PASS', margin: '100% to spare' });
  });

  it('misses beyond it and says by what factor', () => {
    expect(judge(max, 7.5, 1)).toEqual({ status: 'MISS', margin: '2.50× over' });
    expect(judge(min, 50_000, 1)).toEqual({ status: 'MISS', margin: '3.00× short' });
  });

  it('calls a miss BLOCKED when the limit is beyond the ceiling measured in the same run, and says which', () => {
    const ingest = TARGETS.find((t) => t.key === 'ingest_findings_per_s')!;
    expect(ingest.ceiling?.key).toBe('parse_ceiling_findings_per_s');
    expect(judge(ingest, 25_000, 1, 130_000)).toEqual({ status: 'BLOCKED', margin: '6.00× short; the limit is beyond JSON.parse alone on every core (130,000 findings/s)' });
    // Reachable in principle: an ordinary miss.
    expect(judge(ingest, 25_000, 1, 200_000)).toEqual({ status: 'MISS', margin: '6.00× short' });
    // Met: a pass, whatever the ceiling; no ceiling measured: judged on the limit alone.
    expect(judge(ingest, 160_000, 1, 130_000).status).toBe('PASS');
    expect(judge(ingest, 25_000, 1, undefined).status).toBe('MISS');
    // A target without a ceiling ignores one.
    expect(judge(min, 50_000, 1, 10).status).toBe('MISS');
  });

  it('notes when a full-size target is judged at another size, and when nothing was measured', () => {
    const rss = TARGETS.find((t) => t.key === 'peak_rss_mb')!;
    expect(judge(rss, 500, 0.05).margin).toMatch(/\(target is for --size 1\)$/);
    expect(judge(max, undefined, 1)).toEqual({ status: 'n/a', margin: 'not measured' });
  });

  it('prints values and limits for people', () => {
    expect(formatValue(2.345, '×')).toBe('2.35×');
    expect(formatValue(163_201.4, 'findings/s')).toBe('163,201 findings/s');
    expect(formatLimit(min)).toBe('≥ 150,000 findings/s');
    expect(formatLimit(max)).toBe('≤ 3×');
  });

  it('covers every target of issue 8', () => {
    expect(TARGETS.map((t) => t.key)).toEqual(expect.arrayContaining(['peak_rss_mb', 'end_to_end_vs_parse', 'ingest_findings_per_s', 'rules_vs_json_logic_js', 'rules_vs_json_logic_engine']));
  });
});
