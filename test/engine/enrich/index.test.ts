import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCvssScorer, enrich, feedVersions, parseEpss, parseKev, type EnrichFeeds } from '../../../engine/enrich/index.ts';
import { corpusDir, fixture } from '../../support/corpus.ts';
import { epssCsv } from './helpers.ts';

const kev = parseKev(readFileSync(fixture('kev', 'known_exploited_vulnerabilities.json')));
const epss = parseEpss(
  epssCsv([
    ['CVE-2021-44228', '0.99999', '1.0'],
    ['CVE-2021-45046', '0.99990', '0.99987'],
    ['CVE-2023-45283', '0.00123', '0.30000'],
  ]),
);
const feeds: EnrichFeeds = { epss, kev, cvss: createCvssScorer() };

const LOG4SHELL = {
  vulnerabilityId: 'CVE-2021-44228',
  aliases: ['CVE-2021-44228', 'GHSA-JFH8-C2JP-5V3Q'],
  cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 },
} as const;

describe('enrich(finding, feeds)', () => {
  it('Log4Shell: EPSS, KEV (added 2021-12-10, due 2021-12-24, ransomware) and CVSS in one flat object', () => {
    expect(enrich(LOG4SHELL, feeds)).toEqual({
      epss: { score: 0.99999, percentile: 1 },
      kev: { listed: true, dateAdded: '2021-12-10', dueDate: '2021-12-24', ransomware: true },
      cvss: { version: '3.1', score: 10, severity: 'critical', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
    });
  });

  it('finds the CVE among the aliases when the canonical id is a GHSA', () => {
    const r = enrich({ vulnerabilityId: 'GHSA-JFH8-C2JP-5V3Q', aliases: ['CVE-2021-44228', 'GHSA-JFH8-C2JP-5V3Q'] }, feeds);
    expect(r.epss?.score).toBe(0.99999);
    expect(r.kev.listed).toBe(true);
  });

  it('accepts a lower-case CVE id', () => {
    const r = enrich({ vulnerabilityId: 'cve-2021-44228', aliases: [] }, feeds);
    expect(r.epss?.score).toBe(0.99999);
    expect(r.kev.dateAdded).toBe('2021-12-10');
  });

  it('takes the highest EPSS when a finding has several CVEs', () => {
    const r = enrich({ vulnerabilityId: 'CVE-2023-45283', aliases: ['CVE-2021-45046', 'CVE-2023-45283'] }, feeds);
    expect(r.epss).toEqual({ score: 0.9999, percentile: 0.99987 });
  });

  it('a CVE not in KEV is { listed: false }, ransomware Unknown is false', () => {
    const r = enrich({ vulnerabilityId: 'CVE-2023-45283', aliases: [] }, feeds);
    expect(r.kev).toEqual({ listed: false });
    expect(r.epss).toEqual({ score: 0.00123, percentile: 0.3 });
    expect(enrich({ aliases: ['CVE-2025-48384'] }, feeds).kev).toEqual({ listed: true, dateAdded: '2025-08-25', dueDate: '2025-09-15', ransomware: false });
  });

  it('shares one object for "not in KEV" rather than allocating per finding', () => {
    expect(enrich({ aliases: [] }, feeds).kev).toBe(enrich({ aliases: ['GHSA-XXXX-XXXX-XXXX'] }, feeds).kev);
  });

  it('without feeds: no EPSS, not listed, CVSS still scored', () => {
    expect(enrich(LOG4SHELL, {})).toEqual({
      epss: null,
      kev: { listed: false },
      cvss: { version: '3.1', score: 10, severity: 'critical', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
    });
  });

  describe('cvss', () => {
    it('the vector is authoritative over the score a scanner states', () => {
      const r = enrich({ aliases: [], cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 9.9 } }, feeds);
      expect(r.cvss).toEqual({ version: '3.1', score: 7.5, severity: 'high', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' });
    });

    it('the vector’s own version prefix wins over the version the scanner gave', () => {
      const r = enrich({ aliases: [], cvss: { version: '3.0', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' } }, feeds);
      expect(r.cvss?.version).toBe('3.1');
    });

    it('an unprefixed v3 vector takes its version from the finding', () => {
      const r = enrich({ aliases: [], cvss: { version: '3.1', vector: 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' } }, feeds);
      expect(r.cvss).toEqual({ version: '3.1', score: 7.5, severity: 'high', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' });
    });

    it('a bad vector falls back to the stated score, with no vector', () => {
      const r = enrich({ aliases: [], cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N', score: 6.5 } }, feeds);
      expect(r.cvss).toEqual({ version: '3.1', score: 6.5, severity: 'medium', vector: null });
    });

    it('a score alone is used; nothing usable is null', () => {
      expect(enrich({ aliases: [], cvss: { version: '2.0', score: 7.5 } }, feeds).cvss).toEqual({ version: '2.0', score: 7.5, severity: 'high', vector: null });
      expect(enrich({ aliases: [], cvss: { version: '3.1', vector: 'nonsense' } }, feeds).cvss).toBeNull();
      expect(enrich({ aliases: [], cvss: { version: '3.1', score: 11 } }, feeds).cvss).toBeNull();
      expect(enrich({ aliases: [] }, feeds).cvss).toBeNull();
    });

    it('v4.0 reports the base score (CVSS-B) even when threat metrics are set', () => {
      const vector = 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U';
      expect(enrich({ aliases: [], cvss: { version: '4.0', vector } }, feeds).cvss).toEqual({ version: '4.0', score: 7.3, severity: 'high', vector });
    });
  });

  // Its speed is measured by `npm run bench`, not here.
  it('gives the same answer for 200,000 findings with repeated vectors (cache hits)', () => {
    const findings = Array.from({ length: 1000 }, (_, i) => ({
      vulnerabilityId: i % 3 === 0 ? 'CVE-2021-44228' : `CVE-2024-${10000 + i}`,
      aliases: i % 2 === 0 ? [`GHSA-AAAA-BBBB-${String(i).padStart(4, '0')}`] : [],
      cvss: { version: '3.1' as const, vector: i % 5 === 0 ? 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' : 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N' },
    }));
    let listed = 0;
    for (let round = 0; round < 200; round++) for (const f of findings) if (enrich(f, feeds).kev.listed) listed++;
    expect(listed).toBe(200 * 334);
  });
});

describe('feedVersions(feeds)', () => {
  it('names the EPSS model and date and the KEV catalog a run used', () => {
    expect(feedVersions(feeds)).toEqual({
      epss: { modelVersion: 'v2026.06.15', scoreDate: '2026-09-29T12:00:22Z' },
      kev: { catalogVersion: '2025.08.25', dateReleased: '2025-08-25T17:04:19.9796Z' },
    });
  });

  it('null for a feed that was not given', () => {
    expect(feedVersions({})).toEqual({ epss: null, kev: null });
  });
});

describe.skipIf(!corpusDir())('enrich with the real EPSS excerpt (corpus)', () => {
  it('Log4Shell and its KEV siblings from 2021 (CVE-2021-42278, -42287, -44515)', () => {
    const real = parseEpss(readFileSync(join(corpusDir()!, 'epss', 'epss_scores-2026-09-29-excerpt-CVE-2021-42048-to-44733.csv')));
    const f = { epss: real, kev };
    expect(enrich(LOG4SHELL, f).epss).toEqual({ score: 0.99999, percentile: 1 });
    for (const cve of ['CVE-2021-42278', 'CVE-2021-42287', 'CVE-2021-44515']) {
      const r = enrich({ vulnerabilityId: cve, aliases: [cve] }, f);
      expect(r.kev.listed, cve).toBe(true);
      expect(r.epss, cve).not.toBeNull();
    }
  });
});
