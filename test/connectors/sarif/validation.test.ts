/**
 * A log that is not well-formed SARIF 2.1.0 is refused as a whole, with a one-line
 * message and the JSON path of the offending value.
 */
import { describe, expect, it } from 'vitest';
import { sarifConnector } from '../../../connectors/sarif/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { extract, log, run, thrown, type Json } from './sarif-files.ts';

function rejection(doc: Json): { path: string | undefined; message: string } {
  const error = thrown(() => extract(doc));
  expect(error).toBeInstanceOf(ReportError);
  expect(error.message).not.toMatch(/[\r\n]/);
  return { path: error.path, message: error.message };
}

const result = (extra: Json = {}): Json => ({ ruleId: 'R1', message: { text: 'm' }, ...extra });

describe('log shape', () => {
  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'SARIF'],
    ['a number', 2.1],
  ])('refuses a document that is %s, at $', (_what, doc) => {
    expect(rejection(doc)).toMatchObject({ path: '$', message: expect.stringMatching(/^must be a SARIF log object, got /) });
  });

  it('refuses a log without a version', () => {
    expect(rejection({ runs: [] })).toEqual({ path: '$.version', message: expect.stringContaining('is missing') });
  });

  it('refuses a version that is not a string', () => {
    expect(rejection({ version: 2.1, runs: [] })).toEqual({ path: '$.version', message: expect.stringContaining('got number') });
  });

  it('refuses pre-release 2.0.0 logs, naming the version', () => {
    const { path, message } = rejection({ version: '2.0.0', runs: [{ tool: { name: 'X' }, results: [] }] });
    expect(path).toBe('$.version');
    expect(message).toContain('"2.0.0"');
    expect(message).toContain('pre-2.1.0');
  });

  it('refuses the 2.2 draft, naming the version', () => {
    const { path, message } = rejection({ version: '2.2', runs: [] });
    expect(path).toBe('$.version');
    expect(message).toContain('"2.2"');
    expect(message).toContain('newer version');
  });

  it('keeps a hostile version string to one short line', () => {
    const { message } = rejection({ version: `2.1.0\n${'x'.repeat(10_000)}`, runs: [] });
    expect(message.length).toBeLessThan(300);
  });

  it('refuses a log without runs', () => {
    expect(rejection({ version: '2.1.0' }).path).toBe('$.runs');
  });

  it('refuses "runs": null (the tool never ran) rather than reading it as a clean scan', () => {
    expect(rejection({ version: '2.1.0', runs: null })).toEqual({ path: '$.runs', message: expect.stringContaining('is null') });
  });

  it('refuses runs that are not an array', () => {
    expect(rejection({ version: '2.1.0', runs: {} })).toEqual({ path: '$.runs', message: 'must be an array, got object' });
  });
});

describe('run shape', () => {
  it('refuses a run that is not an object', () => {
    expect(rejection(log(run([]), 7)).path).toBe('$.runs[1]');
  });

  it('refuses a run without tool', () => {
    expect(rejection(log({ results: [] })).path).toBe('$.runs[0].tool');
  });

  it('refuses a run whose tool has no driver object (the 2.0.0 shape)', () => {
    expect(rejection(log({ tool: { name: 'X' }, results: [] }))).toEqual({
      path: '$.runs[0].tool.driver',
      message: 'must be an object describing the tool, got undefined',
    });
    expect(rejection(log({ tool: { driver: 'X' } })).path).toBe('$.runs[0].tool.driver');
  });

  it('refuses results that are not an array, with the example message', () => {
    expect(rejection(log(run(42 as Json)))).toEqual({ path: '$.runs[0].results', message: 'must be an array, got number' });
  });

  it('refuses "results": null but reads a run without results as empty', () => {
    expect(rejection(log({ tool: { driver: { name: 'X' } }, results: null })).path).toBe('$.runs[0].results');
    expect(extract(log({ tool: { driver: { name: 'X' } } }))).toEqual([]);
  });

  it('refuses a result that is not an object', () => {
    expect(rejection(log(run([result(), 'oops']))).path).toBe('$.runs[0].results[1]');
  });

  it('refuses rules, extensions and locations of the wrong shape', () => {
    expect(rejection(log(run([], { name: 'X', rules: {} }))).path).toBe('$.runs[0].tool.driver.rules');
    expect(rejection(log(run([], { name: 'X', rules: ['R1'] }))).path).toBe('$.runs[0].tool.driver.rules[0]');
    expect(rejection(log({ tool: { driver: { name: 'X' }, extensions: [1] } })).path).toBe('$.runs[0].tool.extensions[0]');
    expect(rejection(log(run([result({ locations: 'a.js' })]))).path).toBe('$.runs[0].results[0].locations');
    expect(rejection(log(run([result({ suppressions: [null] })]))).path).toBe('$.runs[0].results[0].suppressions[0]');
  });

  it('refuses an index that is not an integer', () => {
    expect(rejection(log(run([result({ ruleIndex: '0' })], { name: 'X', rules: [{ id: 'R1' }] })))).toEqual({
      path: '$.runs[0].results[0].ruleIndex',
      message: 'must be an integer index (-1 or more), got string',
    });
    expect(rejection(log(run([result({ ruleIndex: 0.5 })]))).message).toContain('got 0.5');
    expect(rejection(log(run([result({ rule: { index: -2 } })]))).path).toBe('$.runs[0].results[0].rule.index');
  });
});

describe('rule references', () => {
  const driver = { name: 'X', rules: [{ id: 'R1' }] };
  const withExtension = { driver, extensions: [{ name: 'pack', rules: [{ id: 'E1' }] }] };

  it('refuses a ruleIndex past the end of the driver rules', () => {
    expect(rejection(log(run([result(), result({ ruleIndex: 1 })], driver)))).toEqual({
      path: '$.runs[0].results[1].ruleIndex',
      message: 'ruleIndex 1 is out of range: tool.driver.rules has 1 entry',
    });
  });

  it('refuses a rule.index past the end of the referenced extension rules', () => {
    const doc = log({ tool: withExtension, results: [result({ rule: { index: 3, toolComponent: { index: 0 } } })] });
    expect(rejection(doc)).toEqual({
      path: '$.runs[0].results[0].rule.index',
      message: 'rule.index 3 is out of range: tool.extensions[0].rules has 1 entry',
    });
  });

  it('refuses a toolComponent index past the end of tool.extensions', () => {
    const doc = log({ tool: withExtension, results: [result({ rule: { id: 'E1', toolComponent: { index: 1 } } })] });
    expect(rejection(doc)).toEqual({
      path: '$.runs[0].results[0].rule.toolComponent.index',
      message: 'toolComponent index 1 is out of range: tool.extensions has 1 entry',
    });
  });

  it('accepts -1, SARIF\'s "no index", everywhere an index may appear', () => {
    const doc = log({ tool: withExtension, results: [result({ ruleIndex: -1, rule: { index: -1, toolComponent: { index: -1 } } })] });
    expect(extract(doc)).toHaveLength(1);
  });
});

describe('all or nothing', () => {
  it('yields nothing from a log whose last run is broken', () => {
    const doc = log(run([result(), result()]), run([result({ ruleIndex: 5 })], { name: 'X', rules: [{ id: 'R1' }] }));
    expect(() => sarifConnector.extract(doc, { file: 'x.sarif' })).toThrow(ReportError);
  });
});
