import { describe, expect, it } from 'vitest';
import { ReportError } from '../../../engine/errors.ts';
import {
  asObject,
  optArray,
  optLine,
  optNumber,
  optString,
  optStringArray,
  own,
  reqString,
  type JsonObject,
} from '../../../connectors/shared/json-reader.ts';

function errorOf(fn: () => unknown): ReportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportError) return e;
    throw e;
  }
  throw new Error('expected a ReportError');
}

const parse = (text: string): JsonObject => JSON.parse(text) as JsonObject;

describe('json-reader', () => {
  it('reads own properties only: prototype names give undefined, not Object.prototype members', () => {
    const obj = parse('{"a": 1}');
    expect(own(obj, '__proto__')).toBeUndefined();
    expect(own(obj, 'constructor')).toBeUndefined();
    expect(own(obj, 'toString')).toBeUndefined();
  });

  it('reads a "__proto__" key written in the JSON as ordinary data', () => {
    const obj = parse('{"__proto__": "data"}');
    expect(own(obj, '__proto__')).toBe('data');
    expect(reqString(obj, '__proto__', [])).toBe('data');
  });

  it('locates errors by JSON path, quoting keys that are not identifiers', () => {
    expect(errorOf(() => reqString(parse('{}'), 'VulnerabilityID', ['Results', 2, 'Vulnerabilities', 0]))).toMatchObject({
      path: '$.Results[2].Vulnerabilities[0].VulnerabilityID',
      message: 'is required',
    });
    expect(errorOf(() => optNumber(parse('{"V3Score": "9.8"}'), 'V3Score', ['CVSS', 'red hat']))).toMatchObject({
      path: '$.CVSS["red hat"].V3Score',
      message: 'must be a number (got string)',
    });
    expect(errorOf(() => asObject([], []))).toMatchObject({ path: '$', message: 'must be an object (got array)' });
  });

  it('treats null and "" as absent for optional fields (Go zero values) but not for required ones', () => {
    const obj = parse('{"a": null, "b": "", "c": null}');
    expect(optString(obj, 'a', [])).toBeUndefined();
    expect(optString(obj, 'b', [])).toBeUndefined();
    expect(optArray(obj, 'c', [])).toEqual([]);
    expect(errorOf(() => reqString(obj, 'b', [])).message).toBe('is required');
  });

  it('checks element types of string arrays, with the element index in the path', () => {
    expect(optStringArray(parse('{"ids": ["a", "", "b"]}'), 'ids', [])).toEqual(['a', 'b']);
    expect(errorOf(() => optStringArray(parse('{"ids": ["a", 7]}'), 'ids', ['x'])).path).toBe('$.x.ids[1]');
  });

  it('reads line numbers: 0 is unset, fractions and negatives are errors', () => {
    expect(optLine(parse('{"L": 0}'), 'L', [])).toBeUndefined();
    expect(optLine(parse('{"L": 12}'), 'L', [])).toBe(12);
    expect(errorOf(() => optLine(parse('{"L": 1.5}'), 'L', [])).path).toBe('$.L');
    expect(errorOf(() => optLine(parse('{"L": -1}'), 'L', [])).path).toBe('$.L');
  });
});
