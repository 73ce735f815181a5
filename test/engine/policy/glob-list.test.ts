import { describe, expect, it } from 'vitest';
import { compileGlobList, globListProblems } from '../../../engine/policy/glob-list.ts';

describe('selector glob lists', () => {
  it('match when any pattern matches, plain ids exactly', () => {
    const m = compileGlobList(['payments-api', 'billing-*', 'image:ghcr.io/acme/**']);
    expect(m('payments-api')).toBe(true);
    expect(m('payments-api-2')).toBe(false);
    expect(m('billing-worker')).toBe(true);
    expect(m('image:ghcr.io/acme/web/nginx')).toBe(true);
    expect(m('image:ghcr.io/other/web')).toBe(false);
  });

  it('compare repositories case-insensitively when asked, ids case-sensitively by default', () => {
    expect(compileGlobList(['acme-robotics/pay*'], { nocase: true })('Acme-Robotics/Payments')).toBe(true);
    expect(compileGlobList(['acme-robotics/pay*'])('Acme-Robotics/Payments')).toBe(false);
  });

  it('never select anything with a refused pattern, and name it with its index', () => {
    const list = ['ok-*', '!payments-api', '@(a|b)'];
    const m = compileGlobList(list);
    expect(m('!payments-api')).toBe(false);
    expect(m('a')).toBe(false);
    expect(globListProblems(list).map((p) => p.index)).toEqual([1, 2]);
  });

  it('take time linear in the id on patterns that make a backtracking matcher explode', () => {
    // With picomatch this pattern against 4,096 × "a" does not finish in any useful time.
    // Checked by the answer only: the test finishing at all is the point.
    const m = compileGlobList(['*a*a*a*a*a*a*b']);
    expect(m('a'.repeat(4_096))).toBe(false);
  });
});
