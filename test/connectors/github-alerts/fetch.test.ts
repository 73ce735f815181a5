/**
 * The three GitHub alert connectors end to end against the test GitHub (tools/
 * test-github), which checks every request and response against GitHub's OpenAPI
 * description: exact counts over several pages, repository and organisation level,
 * state filters, zero contract violations; refusals as one clear line that never
 * echoes the token; the secret never stored or printed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../connectors/github/client.ts';
import { githubCodeScanningConnector } from '../../../connectors/github-code-scanning/index.ts';
import { githubDependabotConnector } from '../../../connectors/github-dependabot/index.ts';
import { githubSecretScanningConnector } from '../../../connectors/github-secret-scanning/index.ts';
import type { GitHubAlertConnector } from '../../../connectors/types.ts';
import { ingestAlerts } from '../../../engine/discover/ingest.ts';
import { CtemError } from '../../../engine/errors.ts';
import type { Finding } from '../../../engine/model/finding.ts';
import { createTestGitHub, type TestGitHub } from '../../../tools/test-github/server.ts';
import { runCli } from '../../support/cli.ts';
import { example, examples, type Alert } from './examples.ts';

const TOKEN = 'ghp_ctemTestToken0123456789abcdefABCDEF';
const WEAK_TOKEN = 'ghp_ctemWeakToken0123456789abcdefABCDEF';
const SECRET = 'ghp_CTEM_FAKE_SECRET_0123456789abcdefXYZ';

const servers: TestGitHub[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((gh) => gh.close()));
});

async function startGitHub(): Promise<TestGitHub> {
  const gh = await createTestGitHub({
    tokens: { [TOKEN]: { permissions: 'all' }, [WEAK_TOKEN]: { permissions: ['metadata:read', 'issues:write'] } },
  });
  servers.push(gh);
  gh.state.seedOrg({ login: 'acme' });
  for (const name of ['api', 'web', 'quiet']) gh.state.seedRepo({ owner: 'acme', name });
  return gh;
}

/** `count` copies of an example alert, numbered from `first`, one a day apart. */
function copies(alert: Alert, count: number, first: number, over: Alert = {}): Alert[] {
  return Array.from({ length: count }, (_, i) => ({
    ...alert,
    ...over,
    number: first + i,
    created_at: new Date(Date.UTC(2024, 0, 1) + (first + i) * 86_400_000).toISOString().replace('.000', ''),
  }));
}

const read = (gh: TestGitHub, c: GitHubAlertConnector, options: object): Promise<Finding[]> =>
  ingestAlerts(c, () => createGitHubClient({ token: TOKEN, baseUrl: gh.url }), options, (hint) => hint ?? 'unknown');

const pages = (gh: TestGitHub, operationId: string) => gh.log.of(operationId).length;

describe('Dependabot alerts through the test GitHub', () => {
  it('ingests exactly the open alerts seeded, over several pages, with no contract violation', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('dependabot', 'acme/api', [
      ...copies(example('dependabot-alert-open'), 230, 1),
      ...copies(example('dependabot-alert-dismissed'), 20, 1000),
    ]);
    const open = await read(gh, githubDependabotConnector, { repo: 'acme/api' });
    expect(open).toHaveLength(230);
    expect(pages(gh, 'dependabot/list-alerts-for-repo')).toBe(3); // 100 + 100 + 30, following cursors
    expect(new Set(open.map((f) => f.sources[0]!.nativeId)).size).toBe(230);
    expect(open.every((f) => f.asset === 'acme/api' && f.vulnerabilityId === 'CVE-2021-20191' && f.suppressed === undefined)).toBe(true);

    const everything = await read(gh, githubDependabotConnector, { repo: 'acme/api', state: 'all', per_page: 50 });
    expect(everything).toHaveLength(250);
    expect(everything.filter((f) => f.suppressed?.kind === 'dismissed')).toHaveLength(20);
    const both = await read(gh, githubDependabotConnector, { repo: 'acme/api', state: ['open', 'dismissed'] });
    expect(both).toHaveLength(250);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('lists an organisation, attaching each alert to its repository', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('dependabot', 'acme/api', copies(example('dependabot-alert-open'), 7, 1));
    gh.state.seedAlerts('dependabot', 'acme/web', examples('dependabot-alerts-for-organization'));
    const findings = await read(gh, githubDependabotConnector, { org: 'acme', per_page: 3, state: 'all' });
    expect(findings).toHaveLength(9);
    expect(findings.filter((f) => f.asset === 'acme/api')).toHaveLength(7);
    expect(findings.filter((f) => f.asset === 'acme/web').map((f) => f.vulnerabilityId).sort()).toEqual(['CVE-2018-6188', 'CVE-2021-20191']);
    expect(pages(gh, 'dependabot/list-alerts-for-org')).toBe(3);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });
});

describe('code scanning alerts through the test GitHub', () => {
  it('ingests exactly the alerts seeded, one listing per state, page by page', async () => {
    const gh = await startGitHub();
    const [open, dismissed] = examples('code-scanning-alert-items');
    gh.state.seedAlerts('code-scanning', 'acme/api', [...copies(open!, 45, 1), ...copies(dismissed!, 12, 100), ...copies(open!, 5, 200, { state: 'fixed' })]);
    expect(await read(gh, githubCodeScanningConnector, { repo: 'acme/api', per_page: 10 })).toHaveLength(45);
    const both = await read(gh, githubCodeScanningConnector, { repo: 'acme/api', per_page: 10, state: ['open', 'dismissed'] });
    expect(both).toHaveLength(57);
    expect(both.filter((f) => f.suppressed !== undefined)).toHaveLength(12);
    // Fixed alerts are listed with state=all, and are not exposures.
    expect(await read(gh, githubCodeScanningConnector, { repo: 'acme/api', state: 'all' })).toHaveLength(57);
    expect(pages(gh, 'code-scanning/list-alerts-for-repo')).toBe(5 + (5 + 2) + 1);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('lists an organisation', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('code-scanning', 'acme/api', examples('code-scanning-alert-items'));
    gh.state.seedAlerts('code-scanning', 'acme/web', examples('code-scanning-organization-alert-items'));
    const findings = await read(gh, githubCodeScanningConnector, { org: 'acme', per_page: 1 });
    expect(findings.map((f) => f.asset).sort()).toEqual(['acme/api', 'acme/web']);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });
});

describe('secret scanning alerts through the test GitHub', () => {
  const withSecret = (alerts: Alert[]) => alerts.map((a) => ({ ...a, secret: SECRET }));

  it('ingests exactly the alerts seeded and never stores the secret', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('secret-scanning', 'acme/api', withSecret([...copies(example('secret-scanning-alert-open'), 130, 1), ...copies(example('secret-scanning-alert-resolved'), 3, 500)]));
    const open = await read(gh, githubSecretScanningConnector, { repo: 'acme/api' });
    expect(open).toHaveLength(130);
    expect(pages(gh, 'secret-scanning/list-alerts-for-repo')).toBe(2);
    expect(new Set(open.map((f) => f.fingerprint)).size).toBe(130);
    const all = await read(gh, githubSecretScanningConnector, { repo: 'acme/api', state: 'all' });
    expect(all).toHaveLength(133);
    expect(JSON.stringify(all)).not.toContain(SECRET);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('prints neither the secret nor the token through `ctem discover`', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('secret-scanning', 'acme/api', withSecret(examples('secret-scanning-alert-list')));
    gh.state.seedAlerts('secret-scanning', 'acme/web', withSecret(copies(example('secret-scanning-alert-open'), 4, 1)));
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url };
    for (const format of ['ndjson', 'json']) {
      const r = await runCli(['discover', '--connector', 'github-secret-scanning', '--org', 'acme', '--state', 'open,resolved', '--format', format], { env });
      expect(r.stderr).toEqual([]);
      expect(r.code).toBe(0);
      const out = r.stdout.join('\n');
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(TOKEN);
      const findings = (format === 'json' ? JSON.parse(out) : r.stdout.filter((l) => l !== '').map((l) => JSON.parse(l))) as Finding[];
      expect(findings).toHaveLength(5);
    }
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });
});

describe('ctem discover with a GitHub connector', () => {
  it('reads GITHUB_TOKEN and GITHUB_API_URL and prints one finding per alert', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('dependabot', 'acme/api', copies(example('dependabot-alert-open'), 3, 1));
    const r = await runCli(['discover', '--connector', 'github-dependabot', '--repo', 'acme/api'], { env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url } });
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    const findings = r.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as Finding);
    expect(findings.map((f) => [f.asset, f.ruleId, f.sources[0]!.connector])).toEqual(Array(3).fill(['acme/api', 'GHSA-8f4m-hccc-8qph', 'github-dependabot']));
  });

  it('names the missing permission in one line, exit 4, without echoing the token', async () => {
    const gh = await startGitHub();
    gh.state.seedAlerts('dependabot', 'acme/api', copies(example('dependabot-alert-open'), 3, 1));
    gh.state.seedAlerts('code-scanning', 'acme/api', examples('code-scanning-alert-items'));
    gh.state.seedAlerts('secret-scanning', 'acme/api', examples('secret-scanning-alert-list'));
    const cases: [string, string][] = [
      ['github-dependabot', 'github:acme/api: GitHub refused to list Dependabot alerts for acme/api (403): the token needs the `vulnerability_alerts: read` permission'],
      ['github-code-scanning', 'github:acme/api: GitHub refused to list code scanning alerts for acme/api (403): the token needs the `security_events: read` permission'],
      ['github-secret-scanning', 'github:acme/api: GitHub refused to list secret scanning alerts for acme/api (403): the token needs the `secret_scanning_alerts: read` permission'],
    ];
    for (const [connector, line] of cases) {
      const r = await runCli(['discover', '--connector', connector, '--repo', 'acme/api'], { env: { GITHUB_TOKEN: WEAK_TOKEN, GITHUB_API_URL: gh.url } });
      expect(r.code).toBe(4);
      expect(r.stdout).toEqual([]);
      expect(r.stderr[0]).toBe(line);
      expect(r.stderr.join('\n')).not.toContain(WEAK_TOKEN);
    }
  });

  it('says when the token is rejected, without echoing it', async () => {
    const gh = await startGitHub();
    const wrong = 'ghp_wrongTokenThatMustNeverBePrinted0000';
    const r = await runCli(['discover', '--connector', 'github-dependabot', '--org', 'acme'], { env: { GITHUB_TOKEN: wrong, GITHUB_API_URL: gh.url } });
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toBe('github:org/acme: GitHub rejected the token while listing Dependabot alerts for organisation acme (401: Bad credentials)');
    expect(r.stderr.join('\n')).not.toContain(wrong);
  });

  it('says when a repository has the feature off, or does not exist', async () => {
    const gh = await startGitHub();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url };
    const off = await runCli(['discover', '--connector', 'github-dependabot', '--repo', 'acme/quiet'], { env });
    expect(off.code).toBe(4);
    expect(off.stderr[0]).toBe('github:acme/quiet: Dependabot alerts are not enabled for acme/quiet (403: Dependabot alerts are disabled for this repository.)');
    const none = await runCli(['discover', '--connector', 'github-code-scanning', '--repo', 'acme/quiet'], { env });
    expect(none.stderr[0]).toBe('github:acme/quiet: acme/quiet has no code scanning analysis (404: no analysis found)');
    const missing = await runCli(['discover', '--connector', 'github-secret-scanning', '--repo', 'acme/nope'], { env });
    expect(missing.stderr[0]).toMatch(/^github:acme\/nope: GitHub does not know acme\/nope, or the token cannot see it \(404/);
  });

  it('needs a token, and exactly one of --repo or --org', async () => {
    const noToken = await runCli(['discover', '--connector', 'github-dependabot', '--repo', 'acme/api'], { env: {} });
    expect(noToken.code).toBe(4);
    expect(noToken.stderr[0]).toBe('github:acme/api: GITHUB_TOKEN is not set: reading alerts from GitHub needs a token');
    const both = await runCli(['discover', '--connector', 'github-dependabot', '--repo', 'acme/api', '--org', 'acme']);
    expect(both.code).toBe(2);
    const badState = await runCli(['discover', '--connector', 'github-code-scanning', '--repo', 'acme/api', '--state', 'auto_dismissed'], { env: { GITHUB_TOKEN: TOKEN } });
    expect(badState.code).toBe(2);
    expect(badState.stderr[0]).toMatch(/option 'state' must be one of: open, closed, dismissed, fixed, all \(or a list of them\)/);
    const badRepo = await runCli(['discover', '--connector', 'github-dependabot', '--repo', 'acme'], { env: { GITHUB_TOKEN: TOKEN } });
    expect(badRepo.code).toBe(2);
  });

  it('reports an unreachable GitHub in one line', async () => {
    const gh = await startGitHub();
    const url = gh.url;
    await gh.close();
    servers.splice(servers.indexOf(gh), 1);
    const r = await runCli(['discover', '--connector', 'github-dependabot', '--repo', 'acme/api'], { env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: url } });
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toMatch(/^github:acme\/api: cannot reach GitHub to list Dependabot alerts for acme\/api \(/);
    expect(r.stderr.join('\n')).not.toContain(TOKEN);
  });

  it('rejects an alert it cannot read, naming it, instead of passing half of the listing', async () => {
    const gh = await startGitHub();
    const good = copies(example('dependabot-alert-open'), 2, 1);
    gh.state.seedAlerts('dependabot', 'acme/api', [...good, { ...good[0]!, number: 3, security_advisory: { ...(good[0]!.security_advisory as object), ghsa_id: '' } }]);
    const err = await read(gh, githubDependabotConnector, { repo: 'acme/api' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CtemError);
    expect((err as CtemError).message).toMatch(/^github:acme\/api: unexpected Dependabot alert from GitHub \(acme\/api #3\): \$\.security_advisory\.ghsa_id is required/);
  });
});
