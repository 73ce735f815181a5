/**
 * Every Grype fixture is ingested completely: one finding per match and per ignored
 * match, counted here independently, each pointing back at its raw match.
 */
import { describe, expect, it } from 'vitest';
import { grypeConnector } from '../../../connectors/grype/index.ts';
import { arr, extractAll, fixtureFiles, readFixture, resolvePointer, type Json } from '../shared/fixture-files.ts';

const countFindings = (doc: Json): number => arr(doc.matches).length + arr(doc.ignoredMatches).length;

const KNOWN_COUNTS: Record<string, number> = {
  'grype-chainguard-ruby.json': 3,
  'grype-ghsa-test-image.json': 2,
  'grype-keycloak-21.0.2.json': 6,
  'grype-presenter-image-snapshot.json': 2,
};

describe.each(fixtureFiles('grype'))('Grype fixture %s', (file) => {
  const { doc } = readFixture('grype', file);
  const findings = extractAll(grypeConnector, doc, `scans/${file}`);
  const raw = doc as Json;

  it('is detected as Grype JSON', () => {
    expect(grypeConnector.detect(doc)).toBe(true);
  });

  it('yields exactly one finding per match, by the independent count', () => {
    expect(findings).toHaveLength(countFindings(raw));
    if (file in KNOWN_COUNTS) expect(findings).toHaveLength(KNOWN_COUNTS[file]!);
  });

  it('points each finding at its raw match, with the same vulnerability and package', () => {
    for (const f of findings) {
      const match = resolvePointer(doc, f.sources[0]!.pointer) as Json;
      expect((match.vulnerability as Json).id).toBe(f.ruleId);
      expect((match.artifact as Json).name).toBe(f.package!.name);
    }
  });

  it('uses a CVE as vulnerabilityId whenever the match or its related vulnerabilities name one', () => {
    for (const f of findings) {
      const match = resolvePointer(doc, f.sources[0]!.pointer) as Json;
      const ids = [(match.vulnerability as Json).id, ...arr(match.relatedVulnerabilities).map((r) => r.id)] as string[];
      if (ids.some((id) => /^CVE-/i.test(id))) expect(f.vulnerabilityId).toMatch(/^CVE-\d{4}-\d+$/);
      expect(f.aliases).toEqual([...new Set(ids.map((id) => id.toUpperCase()))].sort());
    }
  });

  it('names Grype, its stated version and the scanned target in every finding', () => {
    const descriptor = raw.descriptor as Json;
    const version = descriptor.version === '[not provided]' ? undefined : descriptor.version;
    const userInput = ((raw.source as Json).target as Json).userInput;
    for (const f of findings) {
      expect(f.sources[0]).toMatchObject({ connector: 'grype', tool: 'Grype', file: `scans/${file}` });
      expect(f.sources[0]!.toolVersion).toBe(version);
      expect(f.assetHint).toBe(userInput);
    }
  });
});
