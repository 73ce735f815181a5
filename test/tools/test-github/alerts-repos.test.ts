/**
 * Discovery: an organization's repositories and its security alerts, seeded with
 * GitHub's own documentation examples (test/fixtures/github, see SOURCES.md there).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../support/corpus.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const example = (name: string): object[] => JSON.parse(readFileSync(fixture('github', `gh-api-example-${name}.json`), 'utf8')) as object[];

function seedEstate(gh: TestGitHub): void {
  gh.state.seedOrg({ login: 'octo-org' });
  gh.state.seedRepo({ owner: 'octo-org', name: 'hello-world', topics: ['internet-facing'], language: 'JavaScript' });
  gh.state.seedRepo({ owner: 'octo-org', name: 'octo-repo', private: true });
  gh.state.seedRepo({ owner: 'octo-org', name: 'old', archived: true });
  gh.state.seedRepo({ owner: 'octo-org', name: 'no-scanning' });
}

describe('organization repositories', () => {
  it('lists an org\'s repositories with topics, visibility, archived and default branch', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    gh.state.seedRepo({ owner: 'octo-org', name: 'fork', fork: true, defaultBranch: 'trunk' });
    const o = client(gh);
    const all = await o.paginate(o.repos.listForOrg, { org: 'octo-org', per_page: 2, sort: 'full_name' });
    expect(all.map((r) => [r.name, r.visibility, r.archived, r.default_branch, r.topics])).toEqual([
      ['fork', 'public', false, 'trunk', []],
      ['hello-world', 'public', false, 'main', ['internet-facing']],
      ['no-scanning', 'public', false, 'main', []],
      ['octo-repo', 'private', false, 'main', []],
      ['old', 'public', true, 'main', []],
    ]);
    expect((await o.repos.listForOrg({ org: 'octo-org', type: 'private' })).data.map((r) => r.name)).toEqual(['octo-repo']);
    expect((await o.repos.listForOrg({ org: 'octo-org', type: 'forks' })).data.map((r) => r.name)).toEqual(['fork']);
    const one = await o.repos.get({ owner: 'octo-org', repo: 'hello-world' });
    expect(one.data).toMatchObject({ full_name: 'octo-org/hello-world', owner: { login: 'octo-org', type: 'Organization' }, organization: { login: 'octo-org' } });
    expect((await errorOf(o.repos.listForOrg({ org: 'nobody' }))).status).toBe(404);
    expectNoViolations(gh);
  });
});

describe('security alerts seeded from GitHub\'s examples', () => {
  it('serves Dependabot alerts per repo and per org, with filters and cursor pagination', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    gh.state.seedAlerts('dependabot', 'octo-org/hello-world', example('dependabot-alerts-for-repository'));
    gh.state.seedAlerts('dependabot', 'octo-org/octo-repo', example('dependabot-alerts-for-organization'));
    const o = client(gh);

    const repoAlerts = await o.dependabot.listAlertsForRepo({ owner: 'octo-org', repo: 'hello-world' });
    expect(repoAlerts.data.map((a) => [a.number, a.state])).toEqual([
      [2, 'dismissed'],
      [1, 'open'],
    ]);
    expect(repoAlerts.data.every((a) => !('repository' in a))).toBe(true);
    expect((await o.dependabot.listAlertsForRepo({ owner: 'octo-org', repo: 'hello-world', state: 'open' })).data.map((a) => a.number)).toEqual([1]);

    const org = await o.paginate(o.dependabot.listAlertsForOrg, { org: 'octo-org', per_page: 1 });
    expect(org.map((a) => `${a.repository.full_name}#${a.number}`).sort()).toEqual(['octo-org/hello-world#1', 'octo-org/hello-world#2', 'octo-org/octo-repo#1', 'octo-org/octo-repo#2']);
    const firstPage = await o.dependabot.listAlertsForOrg({ org: 'octo-org', per_page: 3 });
    expect(firstPage.headers.link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/orgs\/octo-org\/dependabot\/alerts\?per_page=3&after=[A-Za-z0-9_-]+>; rel="next"$/);

    // A repository where Dependabot alerts were never enabled answers as GitHub does.
    const off = await errorOf(o.dependabot.listAlertsForRepo({ owner: 'octo-org', repo: 'no-scanning' }));
    expect(off.status).toBe(403);
    expect((off.response?.data as { message: string }).message).toBe('Dependabot alerts are disabled for this repository.');
    expectNoViolations(gh);
  });

  it('serves code scanning alerts per repo and per org', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    gh.state.seedAlerts('code-scanning', 'octo-org/hello-world', example('code-scanning-alert-items'));
    gh.state.seedAlerts('code-scanning', 'octo-org/octo-repo', example('code-scanning-organization-alert-items'));
    const o = client(gh);
    const repoAlerts = await o.codeScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'hello-world' });
    expect(repoAlerts.data.map((a) => a.number).sort()).toEqual([3, 4]);
    expect((await o.codeScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'hello-world', state: 'dismissed' })).data.map((a) => a.number)).toEqual([3]);
    const org = await o.paginate(o.codeScanning.listAlertsForOrg, { org: 'octo-org', per_page: 3 });
    expect(org).toHaveLength(4);
    expect(new Set(org.map((a) => a.repository.full_name))).toEqual(new Set(['octo-org/hello-world', 'octo-org/octo-repo']));
    const none = await errorOf(o.codeScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'no-scanning' }));
    expect(none.status).toBe(404);
    expect((none.response?.data as { message: string }).message).toBe('no analysis found');
    expectNoViolations(gh);
  });

  it('serves secret scanning alerts per repo and per org', async () => {
    const gh = await startGitHub();
    seedEstate(gh);
    gh.state.seedAlerts('secret-scanning', 'octo-org/hello-world', example('secret-scanning-alert-list'));
    gh.state.seedAlerts('secret-scanning', 'octo-org/octo-repo', example('organization-secret-scanning-alert-list'));
    gh.state.seedAlerts('secret-scanning', 'octo-org/old', []);
    const o = client(gh);
    const repoAlerts = await o.secretScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'hello-world' });
    expect(repoAlerts.data.map((a) => [a.number, a.state, a.secret_type])).toEqual([[2, 'resolved', 'adafruit_io_key']]);
    expect((await o.secretScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'hello-world', state: 'open' })).data).toEqual([]);
    expect((await o.secretScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'old' })).data).toEqual([]);
    const org = await o.secretScanning.listAlertsForOrg({ org: 'octo-org' });
    expect(org.data.map((a) => a.repository?.full_name).sort()).toEqual(['octo-org/hello-world', 'octo-org/octo-repo']);
    expect((await errorOf(o.secretScanning.listAlertsForRepo({ owner: 'octo-org', repo: 'no-scanning' }))).status).toBe(404);
    expectNoViolations(gh);
  });
});
