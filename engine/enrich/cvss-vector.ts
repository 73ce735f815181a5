/**
 * CVSS vector strings: which version, which metrics, and are they well-formed.
 *
 * ae-cvss-calculator scores vectors but is lenient about what it is given: it
 * scores an incomplete vector as 0, lets a repeated metric overwrite the first,
 * and guesses 3.0 for an unprefixed (or space-prefixed) v3 vector. A wrong score
 * is worse than none, so vectors are checked here first, against the metric and
 * value names the library itself registers (no metric tables are copied here).
 */
import * as calculatorModule from 'ae-cvss-calculator';
import type { CvssRef } from '../model/finding.ts';

export type CvssVersion = CvssRef['version'];
export const CVSS_VERSIONS: readonly CvssVersion[] = ['2.0', '3.0', '3.1', '4.0'];

export interface ParsedCvssVector {
  readonly version: CvssVersion;
  /** Canonical form: trimmed, `CVSS:x.y/` prefix for v3 and v4, none for v2 (the v2 spec has none). */
  readonly vector: string;
  /** Metric abbreviation → value abbreviation, as written (`AV` → `N`). */
  readonly metrics: ReadonlyMap<string, string>;
}

export interface CvssError {
  readonly error: string;
}

interface Grammar {
  /** Metric → allowed values. */
  readonly values: ReadonlyMap<string, ReadonlySet<string>>;
  /** Mandatory metrics, in specification order. */
  readonly base: readonly string[];
}

// The library is a CommonJS bundle: Node's ESM loader exposes it as `default`,
// CommonJS-style loaders as named exports. Accept either.
const calculator: typeof calculatorModule =
  (calculatorModule as unknown as { default?: typeof calculatorModule }).default ?? calculatorModule;

/** The library's class for each version. */
export const CVSS_CLASSES = {
  '2.0': calculator.Cvss2,
  '3.0': calculator.Cvss3P0,
  '3.1': calculator.Cvss3P1,
  '4.0': calculator.Cvss4P0,
} as const satisfies Record<CvssVersion, unknown>;

/** 'X' (v3, v4) and 'ND' (v2) mean "not defined": never acceptable for a base metric. */
const NOT_DEFINED = new Set(['X', 'ND']);

function grammarOf(version: CvssVersion): Grammar {
  const values = new Map<string, Set<string>>();
  const base: string[] = [];
  for (const [category, components] of new CVSS_CLASSES[version]().getRegisteredComponents()) {
    for (const c of components) {
      values.set(c.shortName, new Set(c.values.map((v) => v.shortName)));
      if (category.name === 'base') base.push(c.shortName);
    }
  }
  // A library update that renamed the category would silently drop the
  // completeness check: fail at load instead.
  if (base.length === 0) throw new Error(`ae-cvss-calculator registers no base metrics for CVSS ${version}`);
  if (version === '4.0') {
    // The library lists Safety (S) for the base SC/SI/SA metrics; CVSS v4.0 allows
    // it only for the environmental MSI/MSA (spec §4.2), and the library cannot
    // score it in the base (it logs and returns a wrong score). Refuse it here.
    for (const m of ['SC', 'SI', 'SA']) values.get(m)?.delete('S');
  }
  return { values, base };
}

/** Built once from the library's registries; read-only afterwards. */
const GRAMMARS: Readonly<Record<CvssVersion, Grammar>> = {
  '2.0': grammarOf('2.0'),
  '3.0': grammarOf('3.0'),
  '3.1': grammarOf('3.1'),
  '4.0': grammarOf('4.0'),
};

const PREFIXES: Readonly<Record<string, CvssVersion>> = { '2.0': '2.0', '3.0': '3.0', '3.1': '3.1', '4.0': '4.0' };

/**
 * Check a vector and name its version. The version comes from the `CVSS:x.y/`
 * prefix when there is one. Without one it must be unambiguous: `Au` only exists
 * in v2, `AT`/`VC` only in v4.0, but a v3 vector without a prefix could be 3.0 or
 * 3.1 and needs `version` (e.g. the finding's `cvss.version`) to say which.
 */
export function parseCvssVector(input: string, version?: CvssVersion): ParsedCvssVector | CvssError {
  let s = input.trim();
  // NVD's older feeds wrap v2 vectors in parentheses: `(AV:N/AC:L/Au:N/C:P/I:P/A:P)`.
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1);
  if (s === '') return { error: 'empty CVSS vector' };

  let stated: CvssVersion | undefined;
  let body = s;
  if (s.startsWith('CVSS:')) {
    const slash = s.indexOf('/');
    const label = slash < 0 ? s.slice(5) : s.slice(5, slash);
    stated = PREFIXES[label];
    if (stated === undefined) return { error: `unsupported CVSS version '${clip(label)}'` };
    body = slash < 0 ? '' : s.slice(slash + 1);
  }

  const metrics = new Map<string, string>();
  const parts = body === '' ? [] : body.split('/');
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1 || part.indexOf(':', colon + 1) >= 0) {
      return { error: `malformed CVSS metric '${clip(part)}' (expected NAME:VALUE)` };
    }
    const name = part.slice(0, colon);
    if (metrics.has(name)) return { error: `CVSS metric ${clip(name)} is given twice` };
    metrics.set(name, part.slice(colon + 1));
  }
  if (metrics.size === 0) return { error: 'CVSS vector has no metrics' };

  const resolved = stated ?? inferVersion(metrics, version);
  if (typeof resolved !== 'string') return resolved;

  const grammar = GRAMMARS[resolved];
  for (const [name, value] of metrics) {
    const allowed = grammar.values.get(name);
    if (allowed === undefined) return { error: `unknown CVSS ${resolved} metric '${clip(name)}'` };
    if (!allowed.has(value)) return { error: `invalid value '${clip(value)}' for CVSS ${resolved} metric ${name}` };
  }
  const missing = grammar.base.filter((m) => {
    const v = metrics.get(m);
    return v === undefined || NOT_DEFINED.has(v);
  });
  if (missing.length > 0) return { error: `CVSS ${resolved} vector lacks base metric(s) ${missing.join(', ')}` };

  return {
    version: resolved,
    vector: resolved === '2.0' ? body : `CVSS:${resolved}/${body}`,
    metrics,
  };
}

function inferVersion(metrics: ReadonlyMap<string, string>, hint: CvssVersion | undefined): CvssVersion | CvssError {
  if (metrics.has('Au')) return '2.0';
  if (metrics.has('AT') || metrics.has('VC')) return '4.0';
  // The hint comes from scanner data: only a known version is taken.
  if (hint !== undefined && CVSS_VERSIONS.includes(hint)) return hint;
  return { error: "CVSS vector has no 'CVSS:x.y/' prefix and its version cannot be told from its metrics (3.0 or 3.1?)" };
}

/** Keep untrusted text short in messages. */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
