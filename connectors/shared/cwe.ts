/**
 * CWE ids in one form, `CWE-79`, sorted by number and unique, so that policies can
 * match them by string. Scanners write `CWE-79`, `cwe-079` or a bare `79`; NVD's
 * placeholders (`NVD-CWE-Other`, `NVD-CWE-noinfo`) name no weakness and are dropped.
 */

const CWE = /^(?:CWE-)?0*(\d{1,7})$/i;

/** `CWE-79` for a recognisable CWE id, else undefined. */
export function normaliseCweId(value: string | number): string | undefined {
  const m = CWE.exec(String(value).trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? `CWE-${n}` : undefined;
}

export function normaliseCwes(values: Iterable<string | number>): string[] {
  const nums = new Set<number>();
  for (const v of values) {
    const id = normaliseCweId(v);
    if (id !== undefined) nums.add(Number(id.slice(4)));
  }
  return [...nums].sort((a, b) => a - b).map((n) => `CWE-${n}`);
}
