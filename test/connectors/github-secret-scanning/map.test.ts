import { describe, expect, it } from 'vitest';
import { withoutSecret } from '../../../connectors/github-secret-scanning/fetch.ts';
import { mapSecretScanningAlert } from '../../../connectors/github-secret-scanning/map.ts';
import { fingerprint } from '../../../engine/discover/fingerprint.ts';
import { example, examples, type Alert } from '../github-alerts/examples.ts';

const ctx = { repository: 'octocat/hello-world' };
const all = (): Alert[] => [
  example('secret-scanning-alert-open'),
  example('secret-scanning-alert-resolved'),
  ...examples('secret-scanning-alert-list'),
  ...examples('organization-secret-scanning-alert-list'),
];

describe('a secret scanning alert as a finding', () => {
  it('maps the secret type and where it was first found, never the secret', () => {
    const [alert] = examples('secret-scanning-alert-list');
    expect(mapSecretScanningAlert(alert, ctx)).toEqual({
      kind: 'secret',
      ruleId: 'adafruit_io_key',
      aliases: [],
      cwe: [],
      title: 'Adafruit IO Key',
      description: 'GitHub\'s validity check: inactive. Push protection was bypassed to commit it.',
      severity: 'high',
      location: { path: '/example/secrets.txt', startLine: 1, endLine: 1, startColumn: 1 },
      assetHint: 'octocat/hello-world',
      suppressed: { kind: 'resolved', justification: 'false_positive' },
      helpUri: 'https://github.com/owner/private-repo/security/secret-scanning/2',
      nativeFingerprint: 'github-alert:2',
      firstSeen: '2020-11-06T18:48:51Z',
      sources: [{ connector: 'github-secret-scanning', tool: 'GitHub secret scanning', file: 'https://api.github.com/repos/owner/private-repo/secret-scanning/alerts/2', pointer: '', nativeId: '2' }],
    });
  });

  it.each(all().map((a, i) => [i, a] as const))('never carries the secret (example %i), even when the fetcher did not drop it', (_i, alert) => {
    const secret = alert.secret as string;
    expect(secret.length).toBeGreaterThan(10);
    const mapped = mapSecretScanningAlert(alert, ctx);
    expect(JSON.stringify(mapped)).not.toContain(secret);
  });

  it('drops the secret at the boundary: the fetcher hands on every field but `secret`', () => {
    const alert = example('secret-scanning-alert-open');
    const dropped = withoutSecret(alert) as Alert;
    expect(Object.hasOwn(dropped, 'secret')).toBe(false);
    expect(Object.keys(dropped)).toEqual(Object.keys(alert).filter((k) => k !== 'secret'));
    expect(JSON.stringify(dropped)).not.toContain(alert.secret as string);
  });

  it('suppresses a resolved alert with its resolution; a revoked secret is no longer an exposure', () => {
    const resolved = example('secret-scanning-alert-resolved');
    expect(mapSecretScanningAlert(resolved, ctx)!.suppressed).toEqual({ kind: 'resolved', justification: 'used_in_tests' });
    expect(mapSecretScanningAlert({ ...resolved, resolution: 'revoked' }, ctx)).toBeUndefined();
    expect(mapSecretScanningAlert(example('secret-scanning-alert-open'), ctx)!.suppressed).toBeUndefined();
  });

  it('tells two secrets of one type apart by alert number when GitHub gives no file location', () => {
    const open = example('secret-scanning-alert-open');
    const a = mapSecretScanningAlert(open, ctx)!;
    const b = mapSecretScanningAlert({ ...open, number: 43 }, ctx)!;
    expect(a.location).toBeUndefined();
    expect(fingerprint(a, 'web')).not.toBe(fingerprint(b, 'web'));
  });
});
