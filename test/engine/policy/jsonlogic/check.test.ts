/** Static checks: located problems, never exceptions. */
import { describe, expect, it } from 'vitest';
import { checkRule, compile, formatRulePath, operatorNames, didYouMean } from '../../../../engine/policy/jsonlogic/index.ts';

const ROOTS = ['finding', 'asset', 'scope', 'epss', 'kev', 'cvss', 'ssvc', 'validation', 'now', 'sla'];
const check = (rule: unknown) => checkRule(rule, { allowedVariables: ROOTS });

describe('checkRule', () => {
  it('accepts a realistic policy rule', () => {
    const rule = {
      and: [
        { '==': [{ var: 'finding.severity' }, 'critical'] },
        { or: [{ '>=': [{ var: 'epss.score' }, 0.5] }, { '!!': { var: 'kev.listed' } }] },
        { in: ['internet-facing', { var: ['asset.tags', []] }] },
        { glob: [{ var: 'asset.name' }, 'prod-*'] },
        { some: [{ var: 'finding.packages' }, { semver_lt: [{ var: 'version' }, '2.17.1'] }] },
        { '>': [{ days_since: { var: 'finding.first_seen' } }, { var: 'sla.days' }] },
        { '<': [0, { var: 'cvss.score' }, 10] },
        { missing_some: [1, ['finding.id', 'asset.id']] },
        { reduce: [{ var: 'finding.packages' }, { '+': [{ var: 'accumulator' }, { var: 'current.count' }] }, 0] },
      ],
    };
    expect(check(rule)).toEqual([]);
    expect(() => compile(rule)).not.toThrow();
  });

  it('reports an unknown operator at its path, with a suggestion', () => {
    expect(check({ and: [{ '==': [1, 1] }, { sudo: [] }] })).toEqual([
      { code: 'unknown-operator', message: "unknown operator 'sudo'", path: ['and', 1, 'sudo'] },
    ]);
    expect(check({ or: [true, { inn: ['a', ['a']] }] })).toEqual([
      { code: 'unknown-operator', message: "unknown operator 'inn'", path: ['or', 1, 'inn'], hint: "did you mean 'in'?" },
    ]);
    expect(check({ '!': { semver_lte_: ['1.0.0', '2.0.0'] } })[0]).toMatchObject({ path: ['!', 'semver_lte_'], hint: "did you mean 'semver_lte'?" });
  });

  it('reports objects that are not operations (several keys, or none)', () => {
    expect(check({ and: [{ '==': [1, 1], '!=': [1, 2] }] })).toEqual([expect.objectContaining({ code: 'unknown-operator', path: ['and', 0] })]);
    expect(check({ if: [{}, 1, 2] })).toEqual([expect.objectContaining({ code: 'unknown-operator', path: ['if', 0] })]);
  });

  it('reports unknown variables at top level, with a suggestion', () => {
    expect(check({ '==': [{ var: 'findng.severity' }, 'high'] })).toEqual([
      {
        code: 'unknown-variable',
        message: expect.stringContaining("unknown variable 'findng.severity'") as string,
        path: ['==', 0, 'var'],
        hint: "did you mean 'finding'?",
      },
    ]);
    expect(check({ var: ['constructor', 1] })).toEqual([expect.objectContaining({ code: 'unknown-variable', path: ['var', 0] })]);
    expect(check({ missing: ['finding.id', 'assets.id'] })).toEqual([expect.objectContaining({ code: 'unknown-variable', path: ['missing', 1] })]);
    expect(check({ missing: [['finding.id', 'x.y']] })).toEqual([expect.objectContaining({ code: 'unknown-variable', path: ['missing', 0, 1] })]);
    expect(check({ missing_some: [1, ['finding.id', 'y']] })).toEqual([expect.objectContaining({ code: 'unknown-variable', path: ['missing_some', 1, 1] })]);
    expect(check({ var: 0 })).toEqual([expect.objectContaining({ code: 'unknown-variable' })]);
  });

  it('does not check variables inside iterators, except reduce (current/accumulator)', () => {
    expect(check({ map: [{ var: 'finding.packages' }, { var: 'name' }] })).toEqual([]);
    expect(check({ all: [{ var: 'finding.x' }, { some: [{ var: 'items' }, { var: 'anything' }] }] })).toEqual([]);
    expect(check({ reduce: [{ var: 'finding.p' }, { '+': [{ var: 'current' }, { var: 'accumulator.n' }] }, { var: 'sla.x' }] })).toEqual([]);
    expect(check({ reduce: [{ var: 'finding.p' }, { '+': [{ var: 'curent' }, 1] }, 0] })).toEqual([
      expect.objectContaining({ code: 'unknown-variable', path: ['reduce', 1, '+', 0, 'var'], hint: "did you mean 'current'?" }),
    ]);
    // The iterated array and reduce's initial value are in the outer scope.
    expect(check({ map: [{ var: 'bogus' }, 1] })).toEqual([expect.objectContaining({ code: 'unknown-variable', path: ['map', 0, 'var'] })]);
    expect(check({ reduce: [[], 1, { var: 'bogus' }] })).toEqual([expect.objectContaining({ code: 'unknown-variable', path: ['reduce', 2, 'var'] })]);
  });

  it('accepts whole-document and computed paths', () => {
    expect(check({ var: '' })).toEqual([]);
    expect(check({ var: [] })).toEqual([]);
    expect(check({ var: { cat: ['fin', 'ding'] } })).toEqual([]);
  });

  it('judges whole top-level paths with a variables check, in place of allowedVariables', () => {
    const seen: string[] = [];
    const variables = (path: string) => {
      seen.push(path);
      return path === 'kev.listed' || path === 'finding.cwe' ? undefined : { message: `no '${path}'`, hint: 'see the docs' };
    };
    const rule = {
      and: [
        { var: ['kev.lsted', false] },
        { some: [{ var: 'finding.cwe' }, { '==': [{ var: '' }, { var: 'element.anything' }] }] },
        { reduce: [{ var: 'finding.cwe' }, { '+': [{ var: 'accumulator' }, { var: 'curent' }] }, 0] },
        { var: { cat: ['kev', '.', 'listed'] } },
        { missing: ['kev.listed', 'sla.x'] },
      ],
    };
    expect(checkRule(rule, { allowedVariables: ['kev'], variables })).toEqual([
      { code: 'unknown-variable', message: "no 'kev.lsted'", hint: 'see the docs', path: ['and', 0, 'var', 0] },
      expect.objectContaining({ code: 'unknown-variable', path: ['and', 2, 'reduce', 1, '+', 1, 'var'], hint: "did you mean 'current'?" }),
      { code: 'unknown-variable', message: "no 'sla.x'", hint: 'see the docs', path: ['and', 4, 'missing', 1] },
    ]);
    // Element paths, reduce's variables and computed paths are never the document's.
    expect(seen).toEqual(['kev.lsted', 'finding.cwe', 'finding.cwe', 'kev.listed', 'sla.x']);
  });

  it('without allowedVariables, variables are not checked', () => {
    expect(checkRule({ var: 'anything' })).toEqual([]);
  });

  it.each([
    [{ '==': [1] }, ['=='], "'==' takes 2 arguments, got 1"],
    [{ '>': [1, 2, 3] }, ['>'], "'>' takes 2 arguments, got 3"],
    [{ '<': [1, 2, 3, 4] }, ['<'], "'<' takes 2 to 3 arguments, got 4"],
    [{ '!': [1, 2] }, ['!'], "'!' takes 1 argument, got 2"],
    [{ and: [{ in: 'a' }] }, ['and', 0, 'in'], "'in' takes 2 arguments, got 1"],
    [{ map: [[1]] }, ['map'], "'map' takes 2 arguments, got 1"],
    [{ '?:': [1, 2] }, ['?:'], "'?:' takes 3 arguments, got 2"],
    [{ glob: ['x'] }, ['glob'], "'glob' takes 2 arguments, got 1"],
    [{ days_since: [] }, ['days_since'], "'days_since' takes 1 argument, got 0"],
    [{ '*': [] }, ['*'], "'*' takes at least 1 argument, got 0"],
  ])('reports bad arity of %j', (rule, path, message) => {
    expect(check(rule)).toEqual([{ code: 'bad-arity', message, path }]);
  });

  it('reports constant arguments of ctem operators that can never work', () => {
    expect(check({ glob: [{ var: 'asset.name' }, '+(a|aa)'] })).toEqual([expect.objectContaining({ code: 'bad-argument', path: ['glob', 1] })]);
    expect(check({ semver_lt: [{ var: 'finding.v' }, '2.17'] })).toEqual([expect.objectContaining({ code: 'bad-argument', path: ['semver_lt', 1] })]);
    expect(check({ semver_satisfies: [{ var: 'finding.v' }, '>>> 1'] })).toEqual([expect.objectContaining({ code: 'bad-argument', path: ['semver_satisfies', 1] })]);
    expect(check({ days_since: '01/02/2024' })).toEqual([expect.objectContaining({ code: 'bad-argument', path: ['days_since'] })]);
  });

  it('reports too-deep once, without walking further', () => {
    let rule: unknown = { var: 'finding.x' };
    for (let i = 0; i < 200; i++) rule = { '!': [rule] };
    const problems = check(rule);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('too-deep');
    expect(problems[0]?.path).toHaveLength(2 * 64);
  });

  it('never throws, whatever the input', () => {
    for (const rule of [null, undefined, 1, 'x', [], [[{ nope: 1 }]], { var: null }, { if: null }, Object.create(null) as unknown]) {
      expect(() => check(rule)).not.toThrow();
    }
  });

  it('gives paths that formatRulePath renders as JSON paths', () => {
    expect(formatRulePath(['and', 1, 'foo'])).toBe('$.and[1].foo');
    expect(formatRulePath(['==', 0, 'var'])).toBe('$["=="][0].var');
  });
});

describe('operatorNames', () => {
  it('lists every standard and custom operator, and nothing dangerous', () => {
    for (const op of ['var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'cat', 'substr', 'in', 'merge', 'map', 'filter', 'reduce', 'all', 'none', 'some', 'log']) {
      expect(operatorNames).toContain(op);
    }
    for (const op of ['glob', 'semver_lt', 'semver_lte', 'semver_gt', 'semver_gte', 'semver_satisfies', 'days_since', 'starts_with', 'ends_with', 'lower', 'upper']) {
      expect(operatorNames).toContain(op);
    }
    expect(operatorNames).not.toContain('regex_match');
    expect(operatorNames).not.toContain('method');
    expect(Object.isFrozen(operatorNames)).toBe(true);
  });

  it('didYouMean suggests near names only', () => {
    expect(didYouMean('mising', operatorNames)).toBe("did you mean 'missing'?");
    expect(didYouMean('SOME', operatorNames)).toBe("did you mean 'some'?");
    expect(didYouMean('sudo', operatorNames)).toBeUndefined();
  });
});
