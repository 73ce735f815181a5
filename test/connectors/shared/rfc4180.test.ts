import { describe, expect, it } from 'vitest';
import { csvRecordReader, CsvSyntaxError, parseCsv } from '../../../connectors/shared/rfc4180.ts';

function syntaxErrorOf(fn: () => unknown): CsvSyntaxError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('the RFC 4180 CSV parser', () => {
  it('splits fields on the delimiter and keeps empty fields', () => {
    expect(parseCsv('a,b,c\n1,,3\n,,\n')).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['', '', '']]);
  });

  it('reads quoted fields holding delimiters, doubled quotes and line breaks', () => {
    expect(parseCsv('id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,""\n')).toEqual([
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
      ['4', ''],
    ]);
  });

  it('accepts CRLF, LF and CR line endings and a final line without one', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(parseCsv('a,b\r1,2\r')).toEqual([['a', 'b'], ['1', '2']]);
    // A quoted line break in a CRLF file reads as \n, whatever the file used.
    expect(parseCsv('a\r\n"x\r\ny"\r\n')).toEqual([['a'], ['x\ny']]);
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(parseCsv('\uFEFFruleId,kind\nX,code\n')[0]).toEqual(['ruleId', 'kind']);
  });

  it('uses another delimiter when told', () => {
    expect(parseCsv('a;b\n"1;2";3\n', ';')).toEqual([['a', 'b'], ['1;2', '3']]);
    expect(parseCsv('a\tb\n1\t2\n', '\t')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps a quote inside an unquoted field as data, as spreadsheets do', () => {
    expect(parseCsv('a,b\n5" screen,x\n')).toEqual([['a', 'b'], ['5" screen', 'x']]);
  });

  it('rejects text after a closing quote, naming the column', () => {
    expect(() => csvRecordReader().push('"abc"x,y')).toThrow(CsvSyntaxError);
    expect(syntaxErrorOf(() => csvRecordReader().push('1,"abc"x')).column).toBe(8);
  });

  it('reports an unterminated quoted field at the end of the input', () => {
    expect(() => parseCsv('a,b\n1,"never closed\n')).toThrow(/unterminated/);
  });

  it('feeds line by line, completing a record only when its quotes close', () => {
    const reader = csvRecordReader();
    expect(reader.push('1,"first')).toBeUndefined();
    expect(reader.pending).toBe(true);
    expect(reader.push('second')).toBeUndefined();
    expect(reader.push('third",x')).toEqual(['1', 'first\nsecond\nthird', 'x']);
    expect(reader.pending).toBe(false);
  });

  it('carries hostile content as data: __proto__, control characters and a megabyte field', () => {
    const big = 'A'.repeat(1024 * 1024);
    const rows = parseCsv(`__proto__,constructor\n"\u0000\u001b[31m\u0007",${big}\n`);
    expect(rows[0]).toEqual(['__proto__', 'constructor']);
    expect(rows[1]![0]).toBe('\u0000\u001b[31m\u0007');
    expect(rows[1]![1]).toHaveLength(1024 * 1024);
  });

  it('refuses a delimiter it cannot split on', () => {
    expect(() => csvRecordReader('"')).toThrow();
    expect(() => csvRecordReader(',,')).toThrow();
  });
});
