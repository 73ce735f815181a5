/**
 * Every Trivy fixture is ingested completely: as many findings as the file holds by
 * the documented rule, counted here independently from the raw JSON, and each
 * finding points back at the raw record it came from.
 */
import { describe, expect, it } from 'vitest';
import { trivyConnector } from '../../../connectors/trivy/index.ts';
import { arr, extractAll, fixtureFiles, readFixture, resolvePointer, type Json } from '../shared/fixture-files.ts';

/**
 * The rule, restated from the Trivy docs: one finding per Vulnerabilities, Secrets and
 * Licenses record, per Misconfigurations record with Status FAIL, and per
 * ModifiedFindings record (the same FAIL rule applying to misconfigurations).
 */
function countFindings(doc: Json): number {
  let n = 0;
  for (const result of arr(doc.Results)) {
    n += arr(result.Vulnerabilities).length;
    n += arr(result.Misconfigurations).filter((m) => m.Status === 'FAIL').length;
    n += arr(result.Secrets).length;
    n += arr(result.Licenses).length;
    n += arr(result.ModifiedFindings).filter((m) => m.Type !== 'misconfiguration' || (m.Finding as Json).Status === 'FAIL').length;
  }
  return n;
}

/** The id a raw record carries, whatever its kind. */
function rawId(record: Json): unknown {
  return record.VulnerabilityID ?? record.AVDID ?? record.ID ?? record.RuleID ?? record.Name;
}

// Counts of the fixtures present when this connector was written, as a check on the counter above.
const KNOWN_COUNTS: Record<string, number> = {
  'trivy-alpine-310.json': 4,
  'trivy-gomod-vex.json': 4,
  'trivy-npm.json': 1,
  'trivy-secrets.json': 2,
  'trivy-spring4shell-jre11.json': 1,
  'trivy-terraform-remote-module.json': 3,
  'trivy-ubuntu-1804.json': 5,
};

describe.each(fixtureFiles('trivy'))('Trivy fixture %s', (file) => {
  const { doc } = readFixture('trivy', file);
  const findings = extractAll(trivyConnector, doc, `reports/${file}`);

  it('is detected as Trivy JSON', () => {
    expect(trivyConnector.detect(doc)).toBe(true);
  });

  it('yields exactly one finding per record, by the independent count', () => {
    expect(findings).toHaveLength(countFindings(doc as Json));
    if (file in KNOWN_COUNTS) expect(findings).toHaveLength(KNOWN_COUNTS[file]!);
  });

  it('points each finding at its raw record, with the same id', () => {
    for (const f of findings) {
      const record = resolvePointer(doc, f.sources[0]!.pointer) as Json;
      expect(record).toBeTypeOf('object');
      expect(rawId(record)).toBe(f.ruleId);
    }
    expect(new Set(findings.map((f) => f.sources[0]!.pointer)).size).toBe(findings.length);
  });

  it('names the connector, the tool, its version and the input file in every source', () => {
    const version = ((doc as Json).Trivy as Json | undefined)?.Version;
    for (const f of findings) {
      expect(f.sources).toHaveLength(1);
      expect(f.sources[0]).toMatchObject({ connector: 'trivy', tool: 'Trivy', file: `reports/${file}` });
      expect(f.sources[0]!.toolVersion).toBe(version);
    }
  });

  it('carries the artifact as asset hint and the result target', () => {
    for (const f of findings) {
      expect(f.assetHint).toBe((doc as Json).ArtifactName);
      const [, , index] = f.sources[0]!.pointer.split('/');
      const target = (arr((doc as Json).Results)[Number(index)]!.Target as string) || undefined;
      expect(f.target).toBe(target);
    }
  });
});
