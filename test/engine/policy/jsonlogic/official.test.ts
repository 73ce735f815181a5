/**
 * The official JSON Logic test suite (jwadhams/json-logic tests.json, see
 * test/fixtures/jsonlogic/SOURCES.md): every case must give the expected
 * result AND json-logic-js's own result.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../../engine/policy/jsonlogic/index.ts';
import { fixture } from '../../../support/corpus.ts';
import { reference } from './helpers.ts';

const suite = JSON.parse(readFileSync(fixture('jsonlogic', 'tests.json'), 'utf8')) as unknown[];
const cases = suite.filter((c): c is [unknown, unknown, unknown] => Array.isArray(c));
const comments = suite.filter((c) => typeof c === 'string');

describe('official JSON Logic suite', () => {
  it('has the size the fixture has: no case is silently skipped', () => {
    expect(cases.length + comments.length).toBe(suite.length);
    expect(cases.length).toBe(277);
    expect(cases.every((c) => c.length === 3)).toBe(true);
  });

  it('every case equals the expected result and json-logic-js', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [rule, data, expected] of cases) {
      const ours = compile(rule)(data);
      const theirs = reference(rule, data);
      if (!isDeepStrictEqual(ours, expected) || !isDeepStrictEqual(ours, theirs)) {
        failures.push(`${JSON.stringify(rule)} on ${JSON.stringify(data)}: got ${JSON.stringify(ours)}, expected ${JSON.stringify(expected)}, json-logic-js ${JSON.stringify(theirs)}`);
      }
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(cases.length);
  });
});
