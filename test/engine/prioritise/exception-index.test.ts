/**
 * The exception index must never change which exception applies: on random
 * selectors and exposures, the indexed search gives exactly the first match of
 * trying every exception in order, and the expired-exception warnings count the
 * same exposures.
 */
import { describe, expect, it } from 'vitest';
import type { LocatedException } from '../../../engine/config/load.ts';
import type { ExceptionConfig } from '../../../engine/config/schema/exception.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { compileExceptions, expiredExceptionWarnings, findException, isActive } from '../../../engine/prioritise/exceptions.ts';
import { mulberry32 } from '../../../tools/prng.ts';

const rng = mulberry32;

const FPS = ['0123456789abcdef0123', '0123456789abcdefffff', 'fedcba9876543210aaaa', 'aaaaaaaabbbbbbbbcccc'];
const VULNS = ['CVE-2021-44228', 'cve-2021-44228', 'GHSA-abcd-efgh-ijkl', 'CVE-2022-22965', 'js/sql-injection'];
const PKGS = ['openssl', 'org.springframework:spring-beans', 'spring-beans', 'pkg:npm/lodash', 'lodash'];
const ASSETS = ['img-a-1', 'img-b-2', 'host-c-3'];
const SCOPES = ['payments', 'identity', null];

describe('the exception index', () => {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const exceptions: LocatedException[] = Array.from({ length: 60 }, (_, i) => {
    const selector: ExceptionConfig['selector'] = {};
    if (r() < 0.3) selector.fingerprint = r() < 0.5 ? pick(FPS) : pick(FPS).slice(0, 4 + Math.floor(r() * 12));
    if (r() < 0.4) selector.vulnerability = pick(VULNS);
    if (r() < 0.3) selector.package = pick(PKGS);
    if (r() < 0.3) selector.assets = [pick(['img-*', 'host-*', 'img-a-1'])];
    if (r() < 0.3 || Object.keys(selector).length === 0) selector.scope = pick(['payments', 'identity']);
    const value: ExceptionConfig = { id: `e${i}`, type: 'risk-accepted', selector, reason: 'a reason long enough', approver: 'lead', expires: r() < 0.3 ? '2026-01-01' : '2027-01-01' };
    return { file: 'exceptions/x.yaml', index: i, value, locate: () => ({ line: 1, column: 1 }) };
  });
  const compiled = compileExceptions(exceptions);
  const findings: Finding[] = Array.from({ length: 2000 }, () => {
    const vuln = pick(VULNS);
    return {
      fingerprint: pick(FPS),
      kind: 'vulnerability',
      ruleId: r() < 0.5 ? vuln : pick(VULNS),
      vulnerabilityId: r() < 0.7 ? vuln : undefined,
      aliases: r() < 0.5 ? [pick(VULNS)] : [],
      cwe: [],
      title: 't',
      severity: 'high',
      package: r() < 0.8 ? { name: pick(PKGS), fixedVersions: [] } : undefined,
      asset: pick(ASSETS),
      sources: [],
    };
  });

  it('finds exactly the first matching active exception in list order', () => {
    let matched = 0;
    for (const f of findings) {
      for (const scope of SCOPES) {
        const want = compiled.find((e) => isActive(e.config, '2026-11-28') && e.matches(f, scope));
        expect(findException(compiled, f, scope, '2026-11-28')).toBe(want);
        if (want) matched++;
      }
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('counts the exposures each expired exception no longer covers as trying them all would', () => {
    const scopeOf = (f: Finding) => (f.asset.startsWith('img') ? 'payments' : 'identity');
    const got = expiredExceptionWarnings(compiled, findings, scopeOf, '2026-11-28');
    const want = compiled
      .filter((e) => !isActive(e.config, '2026-11-28'))
      .map((e) => [e.config.id, findings.filter((f) => e.matches(f, scopeOf(f))).length] as const)
      .filter(([, n]) => n > 0);
    expect(got.map((p) => [/'(e\d+)'/.exec(p.message)![1], Number(/covers (\d+)/.exec(p.message)![1])])).toEqual(want);
    expect(want.length).toBeGreaterThan(3);
  });
});
