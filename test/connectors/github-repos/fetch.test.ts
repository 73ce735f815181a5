/**
 * The organisation inventory read from the project's test GitHub, which checks every
 * request and response against GitHub's OpenAPI description.
 */
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchOrgRepositories } from '../../../connectors/github-repos/fetch.ts';
import { githubReposConnector } from '../../../connectors/github-repos/index.ts';
import { createTestGitHub, type TestGitHub } from '../../../tools/test-github/server.ts';

const open: TestGitHub[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gh) => gh.close()));
});

async function server(): Promise<TestGitHub> {
  const gh = await createTestGitHub();
  open.push(gh);
  return gh;
}

const client = (gh: TestGitHub) =>
  new Octokit({ auth: 'test-token', baseUrl: gh.url, log: { debug() {}, info() {}, warn() {}, error() {} } });

/** 120 repositories, more than one page of 100; every tenth archived; three with CODEOWNERS in GitHub's three places. */
function seedEstate(gh: TestGitHub): void {
  for (let i = 0; i < 120; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const files: Record<string, string> | undefined =
      i === 1 ? { '.github/CODEOWNERS': '* @acme/payments-team @alice\n/docs/ @acme/writers\n', CODEOWNERS: '* @ignored\n' }
        : i === 2 ? { CODEOWNERS: '# owners\n* @acme/platform-team # the default\n' }
          : i === 3 ? { 'docs/CODEOWNERS': '* ops@acme.example\n' }
            : undefined;
    gh.state.seedRepo({
      owner: 'acme',
      name,
      topics: i % 2 === 0 ? ['pci', 'java'] : [],
      archived: i % 10 === 9,
      visibility: i % 3 === 0 ? 'private' : 'public',
      defaultBranch: i === 5 ? 'trunk' : 'main',
      ...(files ? { files } : {}),
    });
  }
}

const ctx = (options = {}) => ({ file: 'github:acme', options: { org: 'acme', ...options } });

describe('listing an organisation through GitHub\'s API', () => {
  it('reads every page and maps every unarchived repository, with no OpenAPI violation', async () => {
    const gh = await server();
    seedEstate(gh);
    const doc = await githubReposConnector.fetch(client(gh), ctx());
    const assets = githubReposConnector.extract(doc, ctx());

    expect(gh.log.of('repos/list-for-org')).toHaveLength(2); // 100 + 20
    expect(assets).toHaveLength(120 - 12); // svc-009, svc-019, ... svc-119 are archived
    expect(assets.every((a) => a.type === 'repository' && a.derivedId === true)).toBe(true);
    const five = assets.find((a) => a.id === 'acme/svc-005')!;
    expect(five.attributes).toEqual({ visibility: 'public', archived: false, fork: false, default_branch: 'trunk' });
    expect(assets.find((a) => a.id === 'acme/svc-006')!.tags).toEqual(['pci', 'java']);
    expect(assets.find((a) => a.id === 'acme/svc-006')!.attributes.visibility).toBe('private');
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('takes the owners of `*` from the first CODEOWNERS GitHub would use', async () => {
    const gh = await server();
    seedEstate(gh);
    const assets = githubReposConnector.extract(await githubReposConnector.fetch(client(gh), ctx()), ctx());
    const owners = Object.fromEntries(assets.filter((a) => a.attributes.codeowners !== undefined).map((a) => [a.id, a.attributes.codeowners]));
    expect(owners).toEqual({
      'acme/svc-001': '@acme/payments-team @alice', // .github/CODEOWNERS wins over the root one
      'acme/svc-002': '@acme/platform-team',
      'acme/svc-003': 'ops@acme.example',
    });
    expect(assets.find((a) => a.id === 'acme/svc-001')!.tags).toEqual(['codeowner:@acme/payments-team', 'codeowner:@alice']);
    // Three places are looked at for a repository without CODEOWNERS, one for a repository with .github/CODEOWNERS.
    const contents = gh.log.of('repos/get-content');
    expect(contents.filter((e) => e.path.includes('/svc-010/'))).toHaveLength(3);
    expect(contents.filter((e) => e.path.includes('/svc-001/'))).toHaveLength(1);
    // Archived repositories are skipped before their CODEOWNERS is read.
    expect(contents.filter((e) => e.path.includes('/svc-009/'))).toHaveLength(0);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('includes archived repositories when asked, marked by their attribute', async () => {
    const gh = await server();
    seedEstate(gh);
    const options = { include_archived: true };
    const assets = githubReposConnector.extract(await githubReposConnector.fetch(client(gh), ctx(options)), ctx(options));
    expect(assets).toHaveLength(120);
    expect(assets.filter((a) => a.attributes.archived === true).map((a) => a.id)).toHaveLength(12);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('reads no CODEOWNERS when told not to', async () => {
    const gh = await server();
    seedEstate(gh);
    const doc = await fetchOrgRepositories(client(gh), { org: 'acme', includeArchived: false, codeowners: false, perPage: 50 });
    expect(doc.repos).toHaveLength(120);
    expect(gh.log.of('repos/list-for-org')).toHaveLength(3);
    expect(gh.log.of('repos/get-content')).toHaveLength(0);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('treats an empty repository as one without CODEOWNERS', async () => {
    const gh = await server();
    gh.state.seedRepo({ owner: 'acme', name: 'fresh', files: {} });
    const assets = githubReposConnector.extract(await githubReposConnector.fetch(client(gh), ctx()), ctx());
    expect(assets.map((a) => a.id)).toEqual(['acme/fresh']);
    expect(assets[0]!.attributes.codeowners).toBeUndefined();
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('lets GitHub\'s errors through for the shell to report: an unknown organisation is a 404', async () => {
    const gh = await server();
    await expect(githubReposConnector.fetch(client(gh), { file: 'github:nobody', options: { org: 'nobody' } })).rejects.toMatchObject({ status: 404 });
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });

  it('carries hostile repository data as data', async () => {
    const gh = await server();
    gh.state.seedRepo({ owner: 'acme', name: '__proto__', topics: ['constructor'], files: { CODEOWNERS: '* @acme/x\u0007 @acme/ok\n* @acme/ok <script>\n' } });
    const [asset] = githubReposConnector.extract(await githubReposConnector.fetch(client(gh), ctx()), ctx());
    expect(asset!.id).toBe('acme/__proto__');
    expect(asset!.tags).toEqual(['constructor']);
    // Both `*` lines hold a token that is no owner: GitHub skips such lines whole.
    expect(asset!.attributes.codeowners).toBeUndefined();
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(gh.violations, gh.formatViolations()).toEqual([]);
  });
});
