import { describe, expect, it } from 'vitest';
import { mapCodeScanningAlert } from '../../../connectors/github-code-scanning/map.ts';
import { fingerprint } from '../../../engine/discover/fingerprint.ts';
import { example, examples } from '../github-alerts/examples.ts';

const ctx = { repository: 'octocat/hello-world' };

describe('a code scanning alert as a finding', () => {
  it('maps rule, tool and version, the most recent location, severity and CWE', () => {
    const [open] = examples('code-scanning-alert-items');
    expect(mapCodeScanningAlert(open, ctx)).toEqual({
      kind: 'code',
      ruleId: 'js/zipslip',
      aliases: [],
      cwe: ['CWE-22'],
      title: 'This path depends on a user-provided value.',
      description: 'Arbitrary file write during zip extraction',
      // No security severity: the SARIF level `error` reads as high, as in the SARIF connector.
      severity: 'high',
      location: { path: 'spec-main/api-session-spec.ts', startLine: 917, endLine: 917, startColumn: 7 },
      assetHint: 'octocat/hello-world',
      helpUri: 'https://github.com/octocat/hello-world/code-scanning/4',
      nativeFingerprint: 'github-alert:4',
      firstSeen: '2020-02-13T12:29:18Z',
      sources: [{ connector: 'github-code-scanning', tool: 'CodeQL', toolVersion: '2.4.0', file: 'https://api.github.com/repos/octocat/hello-world/code-scanning/alerts/4', pointer: '', nativeId: '4' }],
    });
  });

  it('prefers the security severity level, and suppresses a dismissed alert with its reason', () => {
    const f = mapCodeScanningAlert(example('code-scanning-alert-dismissed'), ctx)!;
    expect(f.severity).toBe('high');
    expect(f.description).toMatch(/^Extracting files from a malicious zip archive/);
    expect(f.suppressed).toEqual({ kind: 'dismissed', justification: expect.stringMatching(/^false positive: /) });
  });

  it('maps every alert of the repository and organisation listings', () => {
    for (const name of ['code-scanning-alert-items', 'code-scanning-organization-alert-items']) {
      expect(examples(name).map((a) => mapCodeScanningAlert(a, ctx)?.suppressed?.kind)).toEqual([undefined, 'dismissed']);
    }
  });

  it('skips fixed and closed alerts', () => {
    const [open] = examples('code-scanning-alert-items');
    expect(mapCodeScanningAlert({ ...open, state: 'fixed' }, ctx)).toBeUndefined();
    expect(mapCodeScanningAlert({ ...open, state: 'closed' }, ctx)).toBeUndefined();
  });

  it('keeps its identity when the code moves: GitHub\'s alert number, not the line', () => {
    const [open] = examples('code-scanning-alert-items');
    const moved = { ...open, most_recent_instance: { ...(open!.most_recent_instance as object), location: { path: 'spec-main/api-session-spec.ts', start_line: 1000 } } };
    expect(fingerprint(mapCodeScanningAlert(moved, ctx)!, 'web')).toBe(fingerprint(mapCodeScanningAlert(open, ctx)!, 'web'));
  });

  it('reads an advisory rule (a third-party SARIF upload) as a vulnerability id', () => {
    const [open] = examples('code-scanning-alert-items');
    const f = mapCodeScanningAlert({ ...open, rule: { id: 'CVE-2021-44228', severity: 'error', security_severity_level: 'critical' } }, ctx)!;
    expect(f).toMatchObject({ ruleId: 'CVE-2021-44228', vulnerabilityId: 'CVE-2021-44228', aliases: ['CVE-2021-44228'], severity: 'critical' });
  });

  it('rejects an alert without a rule', () => {
    const [open] = examples('code-scanning-alert-items');
    expect(() => mapCodeScanningAlert({ ...open, rule: null }, ctx)).toThrow(/is required/);
  });
});
