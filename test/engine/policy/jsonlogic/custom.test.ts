/** ctem's own operators: glob, semver_*, days_since, starts_with/ends_with, lower/upper. */
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../../engine/policy/jsonlogic/index.ts';
import { compileGlob } from '../../../../engine/policy/jsonlogic/glob.ts';

const run = (rule: unknown, data: unknown = {}, now?: string): unknown => compile(rule, now === undefined ? {} : { now })(data);

describe('glob', () => {
  it.each([
    ['prod-db-1', 'prod-*', true],
    ['staging-db', 'prod-*', false],
    ['org/repo', 'org/*', true],
    ['org/team/repo', 'org/*', false],
    ['org/team/repo', 'org/**', true],
    ['src/a/b/c.ts', 'src/**/*.ts', true],
    ['src/c.ts', 'src/**/*.ts', true],
    ['src/c.js', 'src/**/*.ts', false],
    ['api.example.com', '*.example.com', true],
    ['api-v2', 'api-v?', true],
    ['api-v10', 'api-v?', false],
    ['web-1', 'web-[0-9]', true],
    ['web-x', 'web-[!0-9]', true],
    ['payments', '{payments,billing}', true],
    ['billing-eu', '{payments,billing}-*', true],
    ['a*b', 'a\\*b', true],
    ['axb', 'a\\*b', false],
    ['.hidden', '*', true],
  ])('%j matches %j: %s', (value, pattern, expected) => {
    expect(run({ glob: [{ var: 'v' }, pattern] }, { v: value })).toBe(expected);
    // Same answer with the pattern arriving as data (compiled at run time, cached).
    expect(run({ glob: [{ var: 'v' }, { var: 'p' }] }, { v: value, p: pattern })).toBe(expected);
  });

  it('is false, never an error, for non-strings and refused patterns', () => {
    for (const [v, p] of [
      [1, '*'],
      [null, '*'],
      ['a', null],
      [['a'], '*'],
      ['a', ['*']],
      ['aa', '+(a)'],
      ['a', '!b'],
      ['a1', 'a{1..3}'],
      ['a', 'x'.repeat(300)],
    ] as [unknown, unknown][]) {
      expect(run({ glob: [{ var: 'v' }, { var: 'p' }] }, { v, p })).toBe(false);
    }
  });

  it('takes linear time on patterns that make picomatch backtrack exponentially', () => {
    const g = compileGlob('*a*a*a*a*a*a*a*a*a*a*b');
    expect(g.ok).toBe(true);
    const value = 'a'.repeat(20_000);
    const start = performance.now();
    expect(g.ok && g.match(value)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2_000);
  });

  it('agrees with picomatch (dot: true) on the supported syntax', () => {
    // Values: segments of a/b/c, no empty, dot or trailing segments (see glob.ts for why those differ).
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const segment = (): string => Array.from({ length: 1 + rnd(3) }, () => 'abc'[rnd(3)]).join('');
    const value = (): string => Array.from({ length: 1 + rnd(3) }, segment).join('/');
    // `[!a]` is left out: picomatch reads it as "'!' or 'a'" (or the literal text), not as POSIX negation.
    const atoms = ['a', 'b', 'c', '*', '?', '[ab]', '[^a]', '[a-b]', '{a,bc}', '{b,*c}'];
    const patSegment = (): string => (rnd(6) === 0 ? '**' : Array.from({ length: 1 + rnd(3) }, () => atoms[rnd(atoms.length)]).join(''));
    const pattern = (): string => Array.from({ length: 1 + rnd(3) }, patSegment).join('/');
    const disagreements: string[] = [];
    let compared = 0;
    for (let i = 0; i < 600; i++) {
      const p = pattern();
      const g = compileGlob(p);
      expect(g.ok, p).toBe(true);
      const pm = picomatch(p, { dot: true });
      for (let j = 0; j < 10; j++) {
        const v = value();
        compared++;
        if (g.ok && g.match(v) !== pm(v)) disagreements.push(`${JSON.stringify(v)} vs ${JSON.stringify(p)}: ours ${g.match(v)}, picomatch ${pm(v)}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(compared).toBe(6000);
  });
});

describe('semver', () => {
  it.each([
    ['semver_lt', '1.2.3', '1.10.0', true],
    ['semver_lt', '1.10.0', '1.2.3', false],
    ['semver_lte', '1.2.3', '1.2.3', true],
    ['semver_gt', '2.0.0', '2.0.0-rc.1', true],
    ['semver_gte', 'v2.0.0', '2.0.0', true],
    ['semver_lt', '2.17.0', '2.17.1', true],
  ])('%s(%j, %j) is %s', (op, a, b, expected) => {
    expect(run({ [op]: [{ var: 'a' }, b] }, { a })).toBe(expected);
    expect(run({ [op]: [a, b] })).toBe(expected);
  });

  it.each([
    ['2.14.1', '>=2.0.0 <2.17.1', true],
    ['2.17.1', '>=2.0.0 <2.17.1', false],
    ['2.17.1-rc1', '<2.17.1', true],
    ['1.2.3', '^1.0.0 || ^2.0.0', true],
    ['3.0.0', '^1.0.0 || ^2.0.0', false],
  ])('semver_satisfies(%j, %j) is %s', (v, range, expected) => {
    expect(run({ semver_satisfies: [{ var: 'v' }, range] }, { v })).toBe(expected);
    expect(run({ semver_satisfies: [{ var: 'v' }, { var: 'r' }] }, { v, r: range })).toBe(expected);
  });

  it('invalid versions or ranges give false, never an error', () => {
    const bad = ['', 'latest', '1.2', 'x.y.z', '1.2.3.4', null, 1, {}, [], '9'.repeat(300)];
    for (const op of ['semver_lt', 'semver_lte', 'semver_gt', 'semver_gte']) {
      for (const v of bad) {
        expect(run({ [op]: [{ var: 'v' }, '1.0.0'] }, { v })).toBe(false);
        expect(run({ [op]: ['1.0.0', { var: 'v' }] }, { v })).toBe(false);
      }
    }
    for (const r of ['not a range', '>>1', null, 3, '1'.repeat(300)]) {
      expect(run({ semver_satisfies: ['1.0.0', { var: 'r' }] }, { r })).toBe(false);
      expect(run({ semver_satisfies: ['1.0.0', r] })).toBe(false);
    }
    for (const v of bad) expect(run({ semver_satisfies: [{ var: 'v' }, '*'] }, { v })).toBe(false);
  });
});

describe('days_since', () => {
  const now = '2024-03-31T12:00:00Z';
  it.each([
    ['2024-03-01', 30],
    ['2024-03-01T12:00:00Z', 30],
    ['2024-03-01T12:00:01Z', 29],
    ['2024-03-31T12:00:00Z', 0],
    ['2024-04-01', -1],
    ['2023-03-31T12:00:00Z', 366],
    ['2024-03-01T14:00:00+02:00', 30],
    ['2024-03-01T12:00:00.123456Z', 29],
    ['2024-03-01T12:00:00', 30],
  ])('from %j to a fixed now is %d whole days', (date, days) => {
    expect(run({ days_since: { var: 'd' } }, { d: date }, now)).toBe(days);
    // The same with now taken from the data (how the engine passes it).
    expect(run({ days_since: { var: 'd' } }, { d: date, now })).toBe(days);
  });

  it('uses CompileOptions.now over the data, and the root document even inside iterators', () => {
    const rule = { filter: [{ var: 'dates' }, { '>=': [{ days_since: { var: '' } }, 30] }] };
    const data = { dates: ['2024-01-01', '2024-03-30'], now };
    expect(compile(rule)(data)).toEqual(['2024-01-01']);
    expect(compile(rule, { now: '2024-06-01T00:00:00Z' })(data)).toEqual(['2024-01-01', '2024-03-30']);
    expect(compile(rule, { now: Date.parse('2024-06-01T00:00:00Z') })(data)).toEqual(['2024-01-01', '2024-03-30']);
  });

  it('is null without a usable now or date, and never reads the clock', () => {
    const dateNow = Date.now;
    Date.now = () => {
      throw new Error('clock read');
    };
    try {
      expect(run({ days_since: '2024-01-01' })).toBeNull();
      expect(run({ days_since: '2024-01-01' }, { now: 'yesterday' })).toBeNull();
      for (const d of ['2024-13-45', 'March 1 2024', '1709251200000', 1709251200000, null, '', 'x'.repeat(100)]) {
        expect(run({ days_since: { var: 'd' } }, { d }, now)).toBeNull();
      }
      expect(run({ '>': [{ days_since: { var: 'missing' } }, 30] }, {}, now)).toBe(false);
    } finally {
      Date.now = dateNow;
    }
  });

  it('refuses an unusable CompileOptions.now', () => {
    expect(() => compile({ days_since: '2024-01-01' }, { now: 'soon' })).toThrow(/CompileOptions.now/);
  });
});

describe('string operators', () => {
  it('starts_with / ends_with: strings only', () => {
    expect(run({ starts_with: [{ var: 's' }, 'CVE-'] }, { s: 'CVE-2021-44228' })).toBe(true);
    expect(run({ ends_with: [{ var: 's' }, '.jar'] }, { s: 'log4j-core.jar' })).toBe(true);
    expect(run({ starts_with: [{ var: 's' }, 'x'] }, { s: 'abc' })).toBe(false);
    expect(run({ starts_with: [{ var: 's' }, '1'] }, { s: 12 })).toBe(false);
    expect(run({ ends_with: [['a'], 'a'] })).toBe(false);
  });

  it('lower / upper: strings only, locale-independent', () => {
    expect(run({ lower: { var: 's' } }, { s: 'CrItIcAl' })).toBe('critical');
    expect(run({ upper: 'high' })).toBe('HIGH');
    expect(run({ '==': [{ lower: { var: 's' } }, 'critical'] }, { s: 'CRITICAL' })).toBe(true);
    expect(run({ lower: { var: 's' } }, { s: 42 })).toBeNull();
    expect(run({ upper: { var: 's' } }, {})).toBeNull();
    expect(run({ lower: 'İ' })).toBe('i̇');
  });

  it('regex_match is deliberately not offered', () => {
    expect(() => compile({ regex_match: [{ var: 's' }, '^(a+)+$'] })).toThrow(/unknown operator 'regex_match'/);
  });
});
