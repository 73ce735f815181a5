import { describe, expect, it } from 'vitest';
import { mapDependabotAlert } from '../../../connectors/github-dependabot/map.ts';
import { ReportError } from '../../../engine/errors.ts';
import { fingerprint } from '../../../engine/discover/fingerprint.ts';
import type { DiscoveredFinding } from '../../../engine/model/finding.ts';
import { example, examples } from '../github-alerts/examples.ts';

const ctx = { repository: 'octocat/hello-world' };

describe('a Dependabot alert as a finding', () => {
  it('maps an open alert: GHSA and CVE ids, package, range, first patched version, CVSS, link', () => {
    expect(mapDependabotAlert(example('dependabot-alert-open'), ctx)).toEqual({
      kind: 'vulnerability',
      ruleId: 'GHSA-8f4m-hccc-8qph',
      vulnerabilityId: 'CVE-2021-20191',
      aliases: ['CVE-2021-20191', 'GHSA-8F4M-HCCC-8QPH'],
      cwe: ['CWE-532'],
      title: 'Insertion of Sensitive Information into Log File in ansible',
      description: expect.stringMatching(/^A flaw was found in ansible/),
      severity: 'medium',
      // Both v3.1 and v4.0 are given: the newest version wins, as in the other connectors.
      cvss: { version: '4.0', vector: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 8.5 },
      package: { name: 'ansible', ecosystem: 'pypi', purl: 'pkg:pypi/ansible', fixedVersions: ['2.8.19'], vulnerableRange: '< 2.8.19' },
      location: { path: 'path/to/requirements.txt' },
      assetHint: 'octocat/hello-world',
      target: 'path/to/requirements.txt',
      helpUri: 'https://github.com/octocat/hello-world/security/dependabot/1',
      firstSeen: '2022-06-14T15:21:52Z',
      sources: [{ connector: 'github-dependabot', tool: 'Dependabot', file: 'https://api.github.com/repos/octocat/hello-world/dependabot/alerts/1', pointer: '', nativeId: '1' }],
    });
  });

  it('suppresses a dismissed alert with the reason and the comment', () => {
    const f = mapDependabotAlert(example('dependabot-alert-dismissed'), ctx)!;
    expect(f.suppressed).toEqual({ kind: 'dismissed', justification: 'tolerable_risk: This alert is accurate but we use a sanitizer.' });
    expect(f).toMatchObject({ ruleId: 'GHSA-rf4j-j272-fj86', vulnerabilityId: 'CVE-2018-6188', package: { name: 'django', fixedVersions: ['2.0.2'], vulnerableRange: '>= 2.0.0, < 2.0.2' } });
  });

  it('maps every alert of the repository and organisation listings', () => {
    for (const name of ['dependabot-alerts-for-repository', 'dependabot-alerts-for-organization']) {
      const mapped = examples(name).map((a) => mapDependabotAlert(a, ctx));
      expect(mapped.map((f) => f?.vulnerabilityId)).toEqual(['CVE-2018-6188', 'CVE-2021-20191']);
    }
  });

  it('skips a fixed alert: it is no longer an exposure', () => {
    expect(mapDependabotAlert({ ...example('dependabot-alert-open'), state: 'fixed' }, ctx)).toBeUndefined();
  });

  it('marks an auto-dismissed alert as suppressed', () => {
    expect(mapDependabotAlert({ ...example('dependabot-alert-open'), state: 'auto_dismissed' }, ctx)!.suppressed).toEqual({ kind: 'auto_dismissed' });
  });

  it('is the same exposure as the same CVE in the same package reported by a scanner', () => {
    const dependabot = mapDependabotAlert(example('dependabot-alert-open'), ctx)!;
    const trivy: DiscoveredFinding = {
      kind: 'vulnerability', ruleId: 'CVE-2021-20191', vulnerabilityId: 'CVE-2021-20191', aliases: ['CVE-2021-20191'], cwe: [],
      title: 'ansible: multiple modules expose secured values', severity: 'medium',
      package: { name: 'ansible', installedVersion: '2.8.0', fixedVersions: ['2.9.18'] },
      sources: [{ connector: 'trivy', tool: 'Trivy', pointer: '/Results/0/Vulnerabilities/0' }],
    };
    expect(fingerprint(dependabot, 'hello-world')).toBe(fingerprint(trivy, 'hello-world'));
  });

  it('rejects an alert without its advisory id, naming the JSON path', () => {
    const alert = example('dependabot-alert-open');
    const advisory = { ...(alert.security_advisory as object), ghsa_id: null };
    expect(() => mapDependabotAlert({ ...alert, security_advisory: advisory }, ctx)).toThrow(ReportError);
    expect(() => mapDependabotAlert({ ...alert, security_advisory: advisory }, ctx)).toThrow(/is required/);
    expect(() => mapDependabotAlert({ ...alert, state: 42 }, ctx)).toThrow(/must be a string/);
  });
});
