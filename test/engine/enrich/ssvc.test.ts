import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUTOMATABLE,
  EXPLOITATION,
  MISSION_WELLBEING,
  SSVC_DECISIONS,
  SSVC_TABLE,
  TECHNICAL_IMPACT,
  ssvcDecision,
  type SsvcInputs,
} from '../../../engine/enrich/ssvc.ts';
import { corpusDir, fixture, repoRoot } from '../../support/corpus.ts';

const SHIPPED = join(repoRoot, 'engine', 'enrich', 'data', 'cisa_coordinator_2_0_3.json');

describe('CISA SSVC coordinator decision (table cisa:DT_CO:2.0.3)', () => {
  it('names the table it decides with', () => {
    expect(SSVC_TABLE).toEqual({ id: 'cisa:DT_CO:2.0.3', name: 'CISA Coordinator', version: '2.0.3' });
  });

  it('ships the official JSON unchanged (byte-identical to the fixture copy)', () => {
    expect(readFileSync(SHIPPED).equals(readFileSync(fixture('ssvc', 'cisa_coordinator_2_0_3.json')))).toBe(true);
  });

  it('gives the published decision for every row of the official CSV, cell by cell (36 rows)', () => {
    const [header, ...rows] = readFileSync(fixture('ssvc', 'cisa_coordinator_2_0_3.csv'), 'utf8').trim().split('\n');
    expect(header).toBe(
      'row,Exploitation v1.1.0,Automatable v2.0.0,Technical Impact v1.0.0,Mission and Well-Being Impact v1.0.0,CISA Levels v1.1.0 (cisa)',
    );
    let checked = 0;
    rows.forEach((line, i) => {
      const [row, exploitation, automatable, technicalImpact, missionWellbeing, decision] = line.split(',');
      expect(Number(row)).toBe(i);
      const inputs = { exploitation, automatable, technicalImpact, missionWellbeing } as SsvcInputs;
      expect(ssvcDecision(inputs), `row ${row}: ${line}`).toBe(decision);
      checked++;
    });
    expect(checked).toBe(36);
  });

  it('gives the published decision for every mapping of the official JSON, cell by cell (36 mappings)', () => {
    interface Point { key: string; values: { key: string; name: string }[] }
    const doc = JSON.parse(readFileSync(fixture('ssvc', 'cisa_coordinator_2_0_3.json'), 'utf8')) as {
      decision_points: Record<string, Point>;
      outcome: string;
      mapping: Record<string, string>[];
    };
    // Translate the JSON's value keys (E: N/P/A...) to value names, as the JSON defines them.
    const name = (pointId: string, valueKey: string): string =>
      doc.decision_points[pointId]!.values.find((v) => v.key === valueKey)!.name.toLowerCase();
    const idOf = (key: string): string => Object.entries(doc.decision_points).find(([, p]) => p.key === key)![0];
    let checked = 0;
    for (const row of doc.mapping) {
      const inputs = {
        exploitation: name(idOf('E'), row[idOf('E')]!),
        automatable: name(idOf('A'), row[idOf('A')]!),
        technicalImpact: name(idOf('TI'), row[idOf('TI')]!),
        missionWellbeing: name(idOf('MWI'), row[idOf('MWI')]!),
      } as SsvcInputs;
      expect(ssvcDecision(inputs), JSON.stringify(row)).toBe(name(doc.outcome, row[doc.outcome]!));
      checked++;
    }
    expect(checked).toBe(36);
  });

  it('decides every one of the 36 combinations, and uses all four decisions', () => {
    const seen = new Set<string>();
    for (const exploitation of EXPLOITATION)
      for (const automatable of AUTOMATABLE)
        for (const technicalImpact of TECHNICAL_IMPACT)
          for (const missionWellbeing of MISSION_WELLBEING) {
            const d = ssvcDecision({ exploitation, automatable, technicalImpact, missionWellbeing });
            expect(SSVC_DECISIONS).toContain(d);
            seen.add(d);
          }
    expect([...seen].sort()).toEqual(['act', 'attend', 'track', 'track*']);
  });

  it('reads like CISA’s tree at its corners', () => {
    expect(ssvcDecision({ exploitation: 'none', automatable: 'no', technicalImpact: 'partial', missionWellbeing: 'low' })).toBe('track');
    expect(ssvcDecision({ exploitation: 'active', automatable: 'yes', technicalImpact: 'total', missionWellbeing: 'high' })).toBe('act');
    expect(ssvcDecision({ exploitation: 'none', automatable: 'no', technicalImpact: 'total', missionWellbeing: 'high' })).toBe('track*');
    expect(ssvcDecision({ exploitation: 'active', automatable: 'no', technicalImpact: 'partial', missionWellbeing: 'high' })).toBe('attend');
  });

  it('refuses a value that is not a decision-point value', () => {
    const bad = { exploitation: 'public-poc', automatable: 'no', technicalImpact: 'partial', missionWellbeing: 'low' } as unknown as SsvcInputs;
    expect(() => ssvcDecision(bad)).toThrow(/exploitation must be one of none, public poc, active/);
  });
});

describe.skipIf(!corpusDir())('SSVC (corpus)', () => {
  it('the fixtures are the corpus files, byte for byte', () => {
    for (const f of ['cisa_coordinator_2_0_3.csv', 'cisa_coordinator_2_0_3.json']) {
      expect(readFileSync(fixture('ssvc', f)).equals(readFileSync(join(corpusDir()!, 'ssvc', f))), f).toBe(true);
    }
  });
});
