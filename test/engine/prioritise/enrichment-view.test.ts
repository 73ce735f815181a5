import { describe, expect, it } from 'vitest';
import { internList } from '../../../engine/discover/intern.ts';
import { parseEpss, parseKev } from '../../../engine/enrich/index.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { createEnricher } from '../../../engine/prioritise/enrichment-view.ts';
import type { Scope } from '../../../engine/scope/match-scopes.ts';
import { mulberry32 } from '../../../tools/prng.ts';
import { finding, KEV } from './helpers.ts';

const EPSS = '#model_version:v2025.03.14,score_date:2026-11-27T00:00:00+0000\ncve,epss,percentile\nCVE-2024-0001,0.97,0.999\nCVE-2024-0002,0.01,0.4\nCVE-2024-0003,0.3,0.9\n';
const feeds = () => ({ epss: parseEpss(EPSS), kev: parseKev(KEV) });

const scope = (criticality: Scope['criticality'], crownJewel: boolean): Scope =>
  ({ id: `s-${criticality}-${crownJewel}`, criticality, crownJewel, exposure: 'internal' }) as Scope;

const VECTORS = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 'not a vector'];

describe('the enrichment view of an exposure', () => {
  it('is one shared object for the same advisory, CVSS and scope', () => {
    const enrich = createEnricher(feeds());
    const aliases = internList(['CVE-2024-0001', 'GHSA-AAAA-BBBB-CCCC']);
    const a = enrich(finding({ aliases, cvss: { version: '3.1', vector: VECTORS[0] } }), scope('high', false));
    const b = enrich(finding({ aliases, cvss: { version: '3.1', vector: VECTORS[0] }, asset: 'other' }), scope('high', false));
    expect(b).toBe(a);
    expect(a.kev.listed).toBe(true);
    const crownJewel = enrich(finding({ aliases, cvss: { version: '3.1', vector: VECTORS[0] } }), scope('high', true));
    expect(crownJewel.ssvc).not.toEqual(a.ssvc);
  });

  it('remembered, is exactly what enriching each exposure afresh gives (2,000 random exposures)', () => {
    const random = mulberry32(21);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const lists = [internList(['CVE-2024-0001']), internList(['CVE-2024-0002', 'GHSA-X']), internList(['CVE-2024-0003']), internList([])];
    const remembering = createEnricher(feeds());
    for (let i = 0; i < 2000; i++) {
      const aliases = pick(lists);
      const cvss = pick<Finding['cvss']>([undefined, { version: '3.1', vector: pick(VECTORS) }, { version: '3.1', score: pick([2.5, 9.8, Number.NaN]) }, { version: '3.1', vector: pick(VECTORS), score: 4 }]);
      const f = finding({ aliases, vulnerabilityId: pick([aliases[0], undefined, 'CVE-2024-0003']), cvss });
      const s = pick([undefined, scope('low', false), scope('critical', true), scope('medium', false)]);
      expect(remembering(f, s)).toEqual(createEnricher(feeds())(f, s));
    }
  });

  it('is made afresh for a list of ids that is not frozen: a change to it shows', () => {
    const enrich = createEnricher(feeds());
    const aliases = ['CVE-2024-0002'];
    const f = finding({ vulnerabilityId: undefined, aliases });
    expect(enrich(f, undefined).kev.listed).toBe(false);
    aliases.push('CVE-2024-0001');
    expect(enrich(f, undefined).kev.listed).toBe(true);
  });
});
