import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReferences } from '../../../engine/config/check-references.ts';
import { formatProblem } from '../../../engine/errors.ts';
import { compileExceptions, expiredExceptionWarnings, expiryWarningsNotInUse, findException } from '../../../engine/prioritise/exceptions.ts';
import { runCli } from '../../support/cli.ts';
import { CTEM_YAML, finding, loadMemoryConfig } from './helpers.ts';

const EXCEPTIONS = `exceptions:
  - id: accepted
    type: risk-accepted
    selector: { vulnerability: CVE-2024-0001 }
    reason: accepted until the platform migration
    approver: alice
    expires: 2027-01-15
  - id: unrelated
    type: false-positive
    selector: { vulnerability: CVE-1999-0001 }
    reason: not the component we ship
    approver: bob
    expires: 2026-12-01
`;

async function exceptions() {
  const { config } = await loadMemoryConfig({ 'exceptions/e.yaml': EXCEPTIONS });
  return compileExceptions(config.exceptions);
}

describe('an exception applies through its expiry day (UTC) and stops the day after', () => {
  it('applies at 23:59:59 on the expiry day', async () => {
    const today = '2027-01-15T23:59:59.999Z'.slice(0, 10);
    expect(findException(await exceptions(), finding(), null, today)?.config.id).toBe('accepted');
  });

  it('no longer applies at 00:00 the next day', async () => {
    const today = '2027-01-16T00:00:00.000Z'.slice(0, 10);
    expect(findException(await exceptions(), finding(), null, today)).toBeUndefined();
  });
});

describe('expired exceptions that still match exposures are reported', () => {
  it('one warning per exception, with the number of exposures it no longer covers, at its expiry line', async () => {
    const list = await exceptions();
    const exposures = [finding(), finding({ fingerprint: 'f0000000000000000002', asset: 'other' }), finding({ vulnerabilityId: 'CVE-2024-9999', aliases: [], ruleId: 'CVE-2024-9999' })];
    const warnings = expiredExceptionWarnings(list, exposures, () => null, '2027-01-16');
    expect(warnings.map(formatProblem)).toEqual([
      "exceptions/e.yaml:7:14: warning: exception 'accepted' expired on 2027-01-15: it no longer covers 2 exposure(s), which are prioritised by policy again",
    ]);
  });

  it('says nothing while the exception is in force', async () => {
    expect(expiredExceptionWarnings(await exceptions(), [finding()], () => null, '2027-01-15')).toEqual([]);
  });

  it('in the output of `ctem run`, for the example after exc-2026-014 expired: once each, not also as merely expired', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ctem-expired-'));
    const r = await runCli(['run', '--dry-run', '--out', out], { now: '2027-04-01T00:00:00.000Z' });
    expect(r.code).toBe(0);
    expect(r.stderr.filter((l) => l.includes("exception 'exc-2026-014'"))).toEqual([
      "exceptions/2026-q4.yaml:11:14: warning: exception 'exc-2026-014' expired on 2027-03-31: it no longer covers 2 exposure(s), which are prioritised by policy again",
    ]);
    expect(r.stderr.filter((l) => l.includes("exception 'exc-2026-021'"))).toEqual([
      "exceptions/2026-q4.yaml:19:14: warning: exception 'exc-2026-021' expired on 2027-01-15: it no longer covers 1 exposure(s), which are prioritised by policy again",
    ]);
  });

  it("leave out the configuration check's warning only for exceptions the cycle found in use", () => {
    const at = (line: number) => ({ file: 'exceptions/e.yaml', line, column: 14 });
    const expired = (line: number) => ({ code: 'exception-expired', severity: 'warning' as const, message: 'expired', ...at(line) });
    const config = [expired(7), expired(15), { code: 'exception-expiring', severity: 'warning' as const, message: 'soon', ...at(23) }];
    const cycle = [{ code: 'exception-expired-in-use', severity: 'warning' as const, message: 'in use', ...at(7) }];
    expect(expiryWarningsNotInUse(config, cycle)).toEqual([expired(15)]);
    expect(expiryWarningsNotInUse(config, [])).toEqual([expired(7), expired(15)]);
  });
});

describe('`ctem validate` warns before an exception expires', () => {
  it('within exception_warning_days (14 in this repository) of the expiry', async () => {
    const r = await runCli(['validate'], { now: '2027-01-01T09:00:00.000Z' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("exceptions/2026-q4.yaml:19:14: warning: exception 'exc-2026-021' expires in 14 day(s), on 2027-01-15");
    expect(r.stdout[0]).toMatch(/; 1 warning\(s\)$/);
  });

  it('not earlier', async () => {
    const r = await runCli(['validate'], { now: '2026-12-31T23:59:59.000Z' });
    expect(r.stderr.filter((l) => l.includes('expires in'))).toEqual([]);
  });

  it('with the number of days set in ctem.yaml, and says when it has expired', async () => {
    const { config } = await loadMemoryConfig({
      'ctem.yaml': CTEM_YAML.replace('defaults: {', 'defaults: { exception_warning_days: 30,'),
      'exceptions/e.yaml': EXCEPTIONS,
    });
    const at = (today: string) => checkReferences(config, { findingConnectors: [], inventoryConnectors: [], today }).map(formatProblem);
    expect(at('2026-12-16')).toContain("exceptions/e.yaml:7:14: warning: exception 'accepted' expires in 30 day(s), on 2027-01-15");
    expect(at('2026-12-15').filter((l) => l.includes("'accepted'"))).toEqual([]);
    expect(at('2027-01-16')).toContain("exceptions/e.yaml:7:14: warning: exception 'accepted' expired on 2027-01-15 and no longer applies");
  });
});
