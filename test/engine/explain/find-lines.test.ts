/**
 * `lineMayName`: the text filter that lets `ctem explain --decisions` parse only the lines
 * of a large decisions.ndjson that could hold the decision asked for. It may let through
 * lines that do not, never keep out one that does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cycleInputFrom, prepareRun } from '../../../engine/app/prepare.ts';
import { stringifyWithSharedParts } from '../../../engine/app/shared-json.ts';
import { runCycle } from '../../../engine/cycle.ts';
import { lineMayName, mayBeNamedBy } from '../../../engine/explain/find.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { repoRoot } from '../../support/corpus.ts';

const NOW = '2026-11-28T10:00:00.000Z';

describe('which lines of decisions.ndjson may name an ID', () => {
  let decisions: Decision[];
  let lines: string[];

  beforeAll(async () => {
    const { prepared } = await prepareRun(repoRoot, NOW);
    decisions = runCycle(cycleInputFrom(prepared!, NOW)).decisions;
    lines = decisions.map((d) => stringifyWithSharedParts(d)!);
  });

  it("keeps every line whose decision the ID names, for every kind of ID of the example's decisions, in either case", () => {
    const ids = new Set<string>();
    for (const d of decisions) {
      for (const id of [d.fingerprint, d.fingerprint.slice(0, 6), d.finding.vulnerability_id, d.finding.rule_id, ...d.finding.aliases]) {
        if (id === undefined || id === null) continue;
        ids.add(id).add(id.toLowerCase()).add(id.toUpperCase());
      }
    }
    expect(ids.size).toBeGreaterThan(100);
    let kept = 0;
    for (const id of ids) {
      const named = mayBeNamedBy(id);
      const may = lineMayName(id);
      decisions.forEach((d, i) => {
        if (named(d)) expect(may(lines[i]!), `${id} in line ${i + 1}`).toBe(true);
        else if (!may(lines[i]!)) kept++;
      });
    }
    // And it does leave lines out: most lines name none of a given ID.
    expect(kept).toBeGreaterThan(ids.size * (decisions.length / 2));
  });

  it('leaves out a line that does not hold the ID as text, and keeps one that could spell it otherwise', () => {
    const may = lineMayName('CVE-2024-1234');
    expect(may('{"fingerprint":"ab","finding":{"vulnerability_id":"CVE-2024-9999"}}')).toBe(false);
    expect(may('{"fingerprint":"ab","finding":{"vulnerability_id":"cve-2024-1234"}}')).toBe(true);
    // An escape, or a character outside ASCII that toUpperCase maps onto ASCII ('ſ' → 'S'): parsed to be sure.
    expect(may('{"finding":{"vulnerability_id":"CVE\\u002d2024-1234"}}')).toBe(true);
    expect(lineMayName('ſ-1')('{"finding":{"rule_id":"S-1"}}')).toBe(true);
    expect(lineMayName('s-1')('{"finding":{"rule_id":"ſ-1"}}')).toBe(true);
  });

  it('keeps every line for an ID with characters JSON escapes or a pattern would read', () => {
    for (const id of ['a"b', 'x\\y', 'rule (1)', 'a*b', 'a+b']) expect(lineMayName(id)('{"fingerprint":"00"}')).toBe(true);
  });
});
