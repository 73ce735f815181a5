import { describe, expect, it } from 'vitest';
import { createCvssScorer } from '../../../engine/enrich/cvss.ts';
import {
  DEFAULT_EPSS_POC_THRESHOLD,
  deriveAutomatable,
  deriveExploitation,
  deriveMissionWellbeing,
  deriveSsvcInputs,
  deriveTechnicalImpact,
  ssvcFor,
} from '../../../engine/enrich/ssvc-inputs.ts';

const scorer = createCvssScorer();
const v = (vector: string) => scorer.parse(vector);

describe('SSVC exploitation', () => {
  it('is active when the CVE is in CISA KEV', () => {
    expect(deriveExploitation({ kev: true })).toBe('active');
    expect(deriveExploitation({ kev: true, epss: 0 })).toBe('active');
  });

  it('is active on other reports of exploitation in the wild, or a CVSS v4.0 E:A', () => {
    expect(deriveExploitation({ exploitedInWild: true })).toBe('active');
    expect(deriveExploitation({ cvss: v('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A') })).toBe('active');
  });

  it(`is public poc from a PoC flag, or an EPSS probability ≥ ${DEFAULT_EPSS_POC_THRESHOLD}`, () => {
    expect(deriveExploitation({ poc: true })).toBe('public poc');
    expect(deriveExploitation({ epss: 0.1 })).toBe('public poc');
    expect(deriveExploitation({ epss: 0.09999 })).toBe('none');
    expect(deriveExploitation({ epss: 0.05 }, { epssThreshold: 0.05 })).toBe('public poc');
  });

  it('is public poc when the vector says exploit code exists', () => {
    expect(deriveExploitation({ cvss: v('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P') })).toBe('public poc');
    for (const e of ['P', 'F', 'H']) {
      expect(deriveExploitation({ cvss: v(`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:${e}`) })).toBe('public poc');
    }
    expect(deriveExploitation({ cvss: v('AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC') })).toBe('public poc');
  });

  it('is none otherwise: no evidence, unproven exploits, a bad vector', () => {
    expect(deriveExploitation({})).toBe('none');
    expect(deriveExploitation({ kev: false, poc: false, epss: null })).toBe('none');
    expect(deriveExploitation({ cvss: v('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U') })).toBe('none');
    expect(deriveExploitation({ cvss: v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U') })).toBe('none');
    expect(deriveExploitation({ cvss: v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X') })).toBe('none');
    expect(deriveExploitation({ cvss: v('not a vector') })).toBe('none');
  });
});

describe('SSVC automatable', () => {
  it('v3.x: yes for AV:N/AC:L/PR:N/UI:N, whatever the impact', () => {
    expect(deriveAutomatable(v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'))).toBe('yes');
    expect(deriveAutomatable(v('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'))).toBe('yes');
  });

  it.each([
    'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
  ])('v3.x: no for %s', (vector) => {
    expect(deriveAutomatable(v(vector))).toBe('no');
  });

  it('v4.0: the Automatable supplemental metric decides when set, else AV:N/AC:L/AT:N/PR:N/UI:N', () => {
    const open = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(deriveAutomatable(v(open))).toBe('yes');
    expect(deriveAutomatable(v(`${open}/AU:N`))).toBe('no');
    expect(deriveAutomatable(v(open.replace('AT:N', 'AT:P')))).toBe('no');
    expect(deriveAutomatable(v(open.replace('UI:N', 'UI:P')))).toBe('no');
    expect(deriveAutomatable(v(`${open.replace('AV:N', 'AV:L')}/AU:Y`))).toBe('yes');
  });

  it('v2: AV:N/AC:L/Au:N', () => {
    expect(deriveAutomatable(v('AV:N/AC:L/Au:N/C:P/I:P/A:P'))).toBe('yes');
    expect(deriveAutomatable(v('AV:N/AC:M/Au:N/C:P/I:P/A:P'))).toBe('no');
  });

  it('an explicit answer wins; no vector means no', () => {
    expect(deriveAutomatable(v('CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N'), true)).toBe('yes');
    expect(deriveAutomatable(v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), false)).toBe('no');
    expect(deriveAutomatable(undefined)).toBe('no');
    expect(deriveAutomatable(v('CVSS:3.1/AV:N'))).toBe('no');
  });
});

describe('SSVC technical impact', () => {
  it('total only when confidentiality, integrity and availability are all at their highest', () => {
    expect(deriveTechnicalImpact(v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'))).toBe('total');
    expect(deriveTechnicalImpact(v('CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'))).toBe('total');
    expect(deriveTechnicalImpact(v('AV:L/AC:H/Au:M/C:C/I:C/A:C'))).toBe('total');
  });

  it('partial for anything less', () => {
    expect(deriveTechnicalImpact(v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N'))).toBe('partial');
    expect(deriveTechnicalImpact(v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'))).toBe('partial');
    // v4.0: only the vulnerable system counts, not subsequent systems.
    expect(deriveTechnicalImpact(v('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:H/SA:H'))).toBe('partial');
    expect(deriveTechnicalImpact(v('AV:N/AC:L/Au:N/C:P/I:P/A:P'))).toBe('partial');
    expect(deriveTechnicalImpact(undefined)).toBe('partial');
  });

  it('an explicit answer wins', () => {
    expect(deriveTechnicalImpact(v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'), 'total')).toBe('total');
  });
});

describe('SSVC mission and well-being', () => {
  it.each([
    ['critical', 'high'],
    ['high', 'medium'],
    ['medium', 'medium'],
    ['low', 'low'],
  ] as const)('scope criticality %s → %s', (criticality, expected) => {
    expect(deriveMissionWellbeing({ criticality })).toBe(expected);
  });

  it('a crown jewel is high; an unscoped asset is medium; an explicit answer or mapping wins', () => {
    expect(deriveMissionWellbeing({ criticality: 'low', crownJewel: true })).toBe('high');
    expect(deriveMissionWellbeing(undefined)).toBe('medium');
    expect(deriveMissionWellbeing({ criticality: 'critical' }, 'low')).toBe('low');
    expect(deriveMissionWellbeing({ criticality: 'high' }, undefined, { critical: 'high', high: 'high', medium: 'medium', low: 'low' })).toBe('high');
  });
});

describe('SSVC from ctem evidence, end to end', () => {
  it('Log4Shell on a critical scope: KEV + network RCE → act', () => {
    const result = ssvcFor({
      kev: true,
      epss: 0.99999,
      cvss: v('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'),
      criticality: 'critical',
    });
    expect(result).toEqual({
      inputs: { exploitation: 'active', automatable: 'yes', technicalImpact: 'total', missionWellbeing: 'high' },
      decision: 'act',
    });
  });

  it('a local, unexploited info leak on a low scope → track', () => {
    expect(ssvcFor({ epss: 0.0004, cvss: v('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N'), criticality: 'low' }).decision).toBe('track');
  });

  it('explicit answers pass through', () => {
    expect(deriveSsvcInputs({ automatable: true, technicalImpact: 'total', missionWellbeing: 'high' })).toEqual({
      exploitation: 'none', automatable: 'yes', technicalImpact: 'total', missionWellbeing: 'high',
    });
  });
});
