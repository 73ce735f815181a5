/** Branches, file commits and pull requests: the path ctem takes to propose a fix. */
import { describe, expect, it } from 'vitest';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const repo = { owner: 'acme', repo: 'web' };
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('git refs', () => {
  it('gets, creates, moves (fast-forward or forced) and deletes branches', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    const main = await o.git.getRef({ ...repo, ref: 'heads/main' });
    expect(main.data).toMatchObject({ ref: 'refs/heads/main', object: { type: 'commit' } });
    const base = main.data.object.sha;
    expect(base).toMatch(/^[0-9a-f]{40}$/);

    const created = await o.git.createRef({ ...repo, ref: 'refs/heads/ctem/fix-1', sha: base });
    expect(created.status).toBe(201);
    expect((await o.git.getRef({ ...repo, ref: 'heads/ctem/fix-1' })).data.object.sha).toBe(base);
    expect((await errorOf(o.git.createRef({ ...repo, ref: 'refs/heads/ctem/fix-1', sha: base }))).response?.data).toMatchObject({ message: 'Reference already exists' });
    expect((await errorOf(o.git.createRef({ ...repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) }))).response?.data).toMatchObject({ message: 'Object does not exist' });

    // Move main ahead with a commit, then: fast-forward the branch; moving back needs force.
    const put = await o.repos.createOrUpdateFileContents({ ...repo, path: 'a.txt', message: 'add a', content: b64('a') });
    const ahead = put.data.commit.sha as string;
    expect((await o.git.updateRef({ ...repo, ref: 'heads/ctem/fix-1', sha: ahead })).data.object.sha).toBe(ahead);
    const back = await errorOf(o.git.updateRef({ ...repo, ref: 'heads/ctem/fix-1', sha: base }));
    expect(back.status).toBe(422);
    expect(back.response?.data).toMatchObject({ message: 'Update is not a fast forward' });
    expect((await o.git.updateRef({ ...repo, ref: 'heads/ctem/fix-1', sha: base, force: true })).data.object.sha).toBe(base);

    expect((await o.git.deleteRef({ ...repo, ref: 'heads/ctem/fix-1' })).status).toBe(204);
    expect((await errorOf(o.git.getRef({ ...repo, ref: 'heads/ctem/fix-1' }))).status).toBe(404);
    expect((await errorOf(o.git.deleteRef({ ...repo, ref: 'heads/ctem/fix-1' }))).status).toBe(422);
    expectNoViolations(gh);
  });
});

describe('contents', () => {
  it('reads files and directories at a ref, and writes with sha checks as GitHub does', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web', files: { 'README.md': '# web\n', 'src/index.ts': 'export {};\n', 'src/lib/a.ts': '' } });
    const o = client(gh);

    const readme = await o.repos.getContent({ ...repo, path: 'README.md' });
    const file = readme.data as { type: string; content: string; sha: string; encoding: string };
    expect(file.type).toBe('file');
    expect(file.encoding).toBe('base64');
    expect(Buffer.from(file.content, 'base64').toString()).toBe('# web\n');
    // The blob id git itself gives "# web\n" (`printf '# web\n' | git hash-object --stdin`).
    expect(file.sha).toBe('6bf181f7ce49264d2508f4ef853fd8126e2351e2');

    const raw = await o.repos.getContent({ ...repo, path: 'src/index.ts', mediaType: { format: 'raw' } });
    expect(raw.data as unknown).toBe('export {};\n');
    expect(raw.headers['content-type']).toBe('application/vnd.github.raw; charset=utf-8');

    const dir = await o.repos.getContent({ ...repo, path: 'src' });
    expect((dir.data as Array<{ name: string; type: string }>).map((e) => [e.name, e.type])).toEqual([
      ['index.ts', 'file'],
      ['lib', 'dir'],
    ]);
    expect((await errorOf(o.repos.getContent({ ...repo, path: 'missing.txt' }))).status).toBe(404);

    // Create on a new branch: 201; the branch moves, main does not.
    const mainSha = (await o.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await o.git.createRef({ ...repo, ref: 'refs/heads/fix', sha: mainSha });
    const created = await o.repos.createOrUpdateFileContents({ ...repo, path: 'SECURITY.md', message: 'Add policy', content: b64('report here'), branch: 'fix' });
    expect(created.status).toBe(201);
    expect(created.data.commit.parents?.map((p) => p.sha)).toEqual([mainSha]);
    expect((await o.git.getRef({ ...repo, ref: 'heads/fix' })).data.object.sha).toBe(created.data.commit.sha);
    expect((await errorOf(o.repos.getContent({ ...repo, path: 'SECURITY.md' }))).status).toBe(404);
    const onFix = await o.repos.getContent({ ...repo, path: 'SECURITY.md', ref: 'fix' });
    const blob = (onFix.data as { sha: string }).sha;
    expect(blob).toBe(created.data.content?.sha);

    // Update without the sha: 422; with a stale sha: 409; with the right one: 200.
    const noSha = await errorOf(o.repos.createOrUpdateFileContents({ ...repo, path: 'SECURITY.md', message: 'm', content: b64('v2'), branch: 'fix' }));
    expect(noSha.status).toBe(422);
    expect((noSha.response?.data as { message: string }).message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
    const stale = await errorOf(o.repos.createOrUpdateFileContents({ ...repo, path: 'SECURITY.md', message: 'm', content: b64('v2'), branch: 'fix', sha: 'a'.repeat(40) }));
    expect(stale.status).toBe(409);
    expect((stale.response?.data as { message: string }).message).toBe(`SECURITY.md does not match ${'a'.repeat(40)}`);
    const updated = await o.repos.createOrUpdateFileContents({ ...repo, path: 'SECURITY.md', message: 'm', content: b64('v2'), branch: 'fix', sha: blob });
    expect(updated.status).toBe(200);
    expect(updated.data.content?.sha).not.toBe(blob);
    expectNoViolations(gh);
  });
});

describe('pull requests', () => {
  it('creates, lists, gets, updates and closes a pull request from a ctem branch', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web', files: { 'package.json': '{"dependencies":{"lodash":"4.17.20"}}' } });
    gh.state.seedIssue({ owner: 'acme', repo: 'web', title: 'an issue takes number 1' });
    const o = client(gh);
    const mainSha = (await o.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await o.git.createRef({ ...repo, ref: 'refs/heads/ctem/lodash', sha: mainSha });

    // No commits between the branches yet: GitHub refuses the PR.
    const empty = await errorOf(o.pulls.create({ ...repo, title: 'Bump lodash', head: 'ctem/lodash', base: 'main' }));
    expect(empty.status).toBe(422);
    expect(empty.response?.data).toMatchObject({ errors: [{ message: 'No commits between main and ctem/lodash' }] });

    const file = (await o.repos.getContent({ ...repo, path: 'package.json', ref: 'ctem/lodash' })).data as { sha: string };
    await o.repos.createOrUpdateFileContents({ ...repo, path: 'package.json', branch: 'ctem/lodash', sha: file.sha, message: 'Bump lodash', content: b64('{"dependencies":{"lodash":"4.17.21"}}') });

    const pr = await o.pulls.create({ ...repo, title: 'Bump lodash', head: 'ctem/lodash', base: 'main', body: 'Fixes CVE-2021-23337' });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({ number: 2, state: 'open', merged: false, commits: 1, changed_files: 1, head: { ref: 'ctem/lodash' }, base: { ref: 'main', sha: mainSha } });
    expect(pr.data.html_url).toBe(`${gh.url}/acme/web/pull/2`);

    const dup = await errorOf(o.pulls.create({ ...repo, title: 'again', head: 'acme:ctem/lodash', base: 'main' }));
    expect(dup.response?.data).toMatchObject({ errors: [{ message: 'A pull request already exists for acme:ctem/lodash.' }] });
    expect((await errorOf(o.pulls.create({ ...repo, title: 'x', head: 'nope', base: 'main' }))).response?.data).toMatchObject({ errors: [{ field: 'head', code: 'invalid' }] });

    expect((await o.pulls.list({ ...repo, head: 'acme:ctem/lodash' })).data.map((p) => p.number)).toEqual([2]);
    const updated = await o.pulls.update({ ...repo, pull_number: 2, body: 'Fixes CVE-2021-23337 (updated)', title: 'Bump lodash to 4.17.21' });
    expect(updated.data.title).toBe('Bump lodash to 4.17.21');
    expect((await o.pulls.get({ ...repo, pull_number: 2 })).data.body).toBe('Fixes CVE-2021-23337 (updated)');
    expect((await errorOf(o.pulls.get({ ...repo, pull_number: 1 }))).status).toBe(404);

    const closed = await o.pulls.update({ ...repo, pull_number: 2, state: 'closed' });
    expect(closed.data).toMatchObject({ state: 'closed', merged: false });
    expect((await o.pulls.list({ ...repo })).data).toEqual([]);
    expect((await o.pulls.list({ ...repo, state: 'closed' })).data.map((p) => p.number)).toEqual([2]);
    expectNoViolations(gh);
  });

  it('closes the pull request when its head branch is deleted', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web', branches: ['fix'] });
    const o = client(gh);
    await o.repos.createOrUpdateFileContents({ ...repo, path: 'x', message: 'm', content: b64('x'), branch: 'fix' });
    await o.pulls.create({ ...repo, title: 't', head: 'fix', base: 'main' });
    await o.git.deleteRef({ ...repo, ref: 'heads/fix' });
    expect((await o.pulls.get({ ...repo, pull_number: 1 })).data.state).toBe('closed');
    expectNoViolations(gh);
  });

  it('refuses writes to an archived repository', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'old', archived: true });
    const err = await errorOf(client(gh).issues.create({ owner: 'acme', repo: 'old', title: 't' }));
    expect(err.status).toBe(403);
    expect((err.response?.data as { message: string }).message).toBe('Repository was archived so is read-only.');
    expectNoViolations(gh);
  });
});
