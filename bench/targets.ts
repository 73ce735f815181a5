/**
 * The targets of issue 8 (and the speed targets of issues 3 and 4), and how a
 * measured figure is judged against one: PASS or MISS, with by how much.
 */

export interface Target {
  key: string;
  label: string;
  /** `max`: the figure must be at most `limit`; `min`: at least. */
  kind: 'max' | 'min';
  limit: number;
  unit: string;
  /** The target holds for this size only (whole-run figures at full size). */
  fullSizeOnly?: boolean;
  /**
   * The figure, measured in the same run, that bounds this one whatever the
   * implementation: a target beyond it cannot be met on this machine (BLOCKED).
   */
  ceiling?: { key: string; label: string };
}

export const TARGETS: readonly Target[] = [
  { key: 'peak_rss_mb', label: 'peak RSS of the whole dry run', kind: 'max', limit: 2048, unit: 'MiB', fullSizeOnly: true },
  { key: 'end_to_end_vs_parse', label: 'end-to-end vs parse floor', kind: 'max', limit: 3, unit: '×' },
  // Any ingest that JSON.parses the reports is at most as fast as JSON.parse alone on every core.
  { key: 'ingest_findings_per_s', label: 'ingest rate', kind: 'min', limit: 150_000, unit: 'findings/s', ceiling: { key: 'parse_ceiling_findings_per_s', label: 'JSON.parse alone on every core' } },
  { key: 'rules_vs_json_logic_js', label: 'rules vs json-logic-js (deciding)', kind: 'min', limit: 20, unit: '×' },
  { key: 'rules_vs_json_logic_engine', label: 'rules vs json-logic-engine (deciding)', kind: 'min', limit: 1, unit: '×' },
  { key: 'rules_each_vs_json_logic_js', label: 'rules vs json-logic-js (every rule)', kind: 'min', limit: 20, unit: '×' },
  { key: 'rules_each_vs_json_logic_engine', label: 'rules vs json-logic-engine (every rule)', kind: 'min', limit: 1, unit: '×' },
  { key: 'big_ndjson_peak_rss_mb', label: '2 GB NDJSON ingest, peak RSS', kind: 'max', limit: 1024, unit: 'MiB' },
];

export interface Verdict {
  /** BLOCKED: missed, and the limit is beyond the target's ceiling as measured. */
  status: 'PASS' | 'MISS' | 'BLOCKED' | 'n/a';
  /** "2.3× over", "1.4× under", "with 35% to spare". */
  margin: string;
}

/** `ceiling`: the value of the target's ceiling figure, measured in the same run. */
export function judge(t: Target, value: number | undefined, size: number, ceiling?: number): Verdict {
  if (value === undefined || !Number.isFinite(value)) return { status: 'n/a', margin: 'not measured' };
  const ok = t.kind === 'max' ? value <= t.limit : value >= t.limit;
  const factor = t.kind === 'max' ? value / t.limit : t.limit / value;
  const note = t.fullSizeOnly && size !== 1 ? ' (target is for --size 1)' : '';
  if (ok) {
    const spare = t.kind === 'max' ? (1 - value / t.limit) * 100 : (value / t.limit - 1) * 100;
    return { status: 'PASS', margin: `${spare.toFixed(0)}% to spare${note}` };
  }
  const margin = `${factor.toFixed(2)}× ${t.kind === 'max' ? 'over' : 'short'}${note}`;
  const beyond = t.ceiling !== undefined && ceiling !== undefined && Number.isFinite(ceiling) && (t.kind === 'min' ? t.limit > ceiling : t.limit < ceiling);
  if (beyond) return { status: 'BLOCKED', margin: `${margin}; the limit is beyond ${t.ceiling!.label} (${formatValue(ceiling, t.unit)})` };
  return { status: 'MISS', margin };
}

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (value >= 10_000) return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${unit}`;
}

export function formatLimit(t: Target): string {
  return `${t.kind === 'max' ? '≤' : '≥'} ${t.unit === '×' ? `${t.limit}×` : `${t.limit.toLocaleString('en-US')} ${t.unit}`}`;
}
