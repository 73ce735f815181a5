/** Issues, labels, comments, search, pagination and ETags through a real Octokit. */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../tools/test-github/clock.ts';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const repo = { owner: 'acme', repo: 'web' };

describe('issues', () => {
  it('creates, lists, updates and closes issues', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    gh.state.seedUser({ login: 'alice' });
    const o = client(gh);

    const created = await o.issues.create({ ...repo, title: 'Upgrade lodash', body: 'details', labels: ['security'], assignees: ['alice'] });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ number: 1, state: 'open', title: 'Upgrade lodash', body: 'details', user: { login: 'ctem-bot' } });
    expect(created.data.labels).toMatchObject([{ name: 'security', color: 'ededed' }]);
    expect(created.data.assignees?.map((a) => a.login)).toEqual(['alice']);
    expect(created.data.html_url).toBe(`${gh.url}/acme/web/issues/1`);
    expect(created.headers.location).toBe(`${gh.url}/repos/acme/web/issues/1`);

    const second = await o.issues.create({ ...repo, title: 'Rotate key' });
    expect(second.data.number).toBe(2);

    const listed = await o.issues.listForRepo({ ...repo });
    expect(listed.data.map((i) => i.number)).toEqual([2, 1]);

    const closed = await o.issues.update({ ...repo, issue_number: 1, state: 'closed', state_reason: 'not_planned' });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_by: { login: 'ctem-bot' } });
    expect(closed.data.closed_at).not.toBeNull();

    expect((await o.issues.listForRepo({ ...repo })).data.map((i) => i.number)).toEqual([2]);
    expect((await o.issues.listForRepo({ ...repo, state: 'closed' })).data.map((i) => i.number)).toEqual([1]);
    expect((await o.issues.listForRepo({ ...repo, state: 'all', direction: 'asc' })).data.map((i) => i.number)).toEqual([1, 2]);

    const reopened = await o.issues.update({ ...repo, issue_number: 1, state: 'open', title: 'Upgrade lodash to 4.17.21' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, title: 'Upgrade lodash to 4.17.21' });
    expect((await o.issues.get({ ...repo, issue_number: 1 })).data.title).toBe('Upgrade lodash to 4.17.21');
    expect(gh.log.writes).toBe(4);
    expectNoViolations(gh);
  });

  it('filters by labels (all must match) and orders by update time', async () => {
    const clock = manualClock('2024-03-01T00:00:00Z');
    const gh = await startGitHub({ clock });
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'a', labels: ['ctem', 'high'] });
    clock.advance(1000);
    await o.issues.create({ ...repo, title: 'b', labels: ['ctem'] });
    clock.advance(1000);
    await o.issues.create({ ...repo, title: 'c', labels: ['High'] });
    clock.advance(1000);
    await o.issues.update({ ...repo, issue_number: 1, body: 'touched' });

    expect((await o.issues.listForRepo({ ...repo, labels: 'ctem,high' })).data.map((i) => i.title)).toEqual(['a']);
    expect((await o.issues.listForRepo({ ...repo, labels: 'HIGH' })).data.map((i) => i.title)).toEqual(['c', 'a']);
    expect((await o.issues.listForRepo({ ...repo, sort: 'updated' })).data.map((i) => i.title)).toEqual(['a', 'c', 'b']);
    const since = await o.issues.listForRepo({ ...repo, since: '2024-03-01T00:00:02Z' });
    expect(since.data.map((i) => i.title).sort()).toEqual(['a', 'c']);
    expect(since.data.find((i) => i.title === 'a')?.updated_at).toBe('2024-03-01T00:00:03Z');
    expectNoViolations(gh);
  });

  it('lists pull requests among issues with the pull_request key, as GitHub does', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web', branches: ['fix'] });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'an issue' });
    await o.repos.createOrUpdateFileContents({ ...repo, path: 'a.txt', message: 'm', content: Buffer.from('x').toString('base64'), branch: 'fix' });
    await o.pulls.create({ ...repo, title: 'a pr', head: 'fix', base: 'main' });
    const list = await o.issues.listForRepo({ ...repo });
    expect(list.data.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(list.data[0]?.pull_request?.html_url).toBe(`${gh.url}/acme/web/pull/2`);
    expectNoViolations(gh);
  });

  it('rejects an issue body over 65,536 characters with GitHub\'s 422', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    const err = await errorOf(o.issues.create({ ...repo, title: 't', body: 'x'.repeat(65537) }));
    expect(err.status).toBe(422);
    expect(err.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
    });
    expect((await o.issues.create({ ...repo, title: 't', body: 'x'.repeat(65536) })).status).toBe(201);
    const patch = await errorOf(o.issues.update({ ...repo, issue_number: 1, body: 'y'.repeat(70000) }));
    expect(patch.status).toBe(422);
    const comment = await errorOf(o.issues.createComment({ ...repo, issue_number: 1, body: 'z'.repeat(65537) }));
    expect(comment.status).toBe(422);
    expect(gh.state.repo('acme', 'web')?.issues.get(1)?.body?.length).toBe(65536);
    expectNoViolations(gh);
  });

  it('answers 404 for a missing issue and 410 when issues are disabled', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    gh.state.seedRepo({ owner: 'acme', name: 'no-issues', hasIssues: false });
    const o = client(gh);
    const missing = await errorOf(o.issues.get({ ...repo, issue_number: 99 }));
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue', status: '404' });
    expect((await errorOf(o.issues.create({ owner: 'acme', repo: 'no-issues', title: 't' }))).status).toBe(410);
    expect((await errorOf(o.repos.get({ owner: 'acme', repo: 'nope' }))).status).toBe(404);
    expectNoViolations(gh);
  });
});

describe('comments', () => {
  it('creates, lists and edits comments', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    gh.state.seedIssue({ owner: 'acme', repo: 'web', title: 'seeded', comments: ['first'] });
    const o = client(gh);
    const c = await o.issues.createComment({ ...repo, issue_number: 1, body: 'second' });
    expect(c.status).toBe(201);
    expect(c.data.issue_url).toBe(`${gh.url}/repos/acme/web/issues/1`);
    const edited = await o.issues.updateComment({ ...repo, comment_id: c.data.id, body: 'second, edited' });
    expect(edited.data.body).toBe('second, edited');
    const list = await o.issues.listComments({ ...repo, issue_number: 1 });
    expect(list.data.map((x) => x.body)).toEqual(['first', 'second, edited']);
    expect((await o.issues.get({ ...repo, issue_number: 1 })).data.comments).toBe(2);
    expect((await errorOf(o.issues.updateComment({ ...repo, comment_id: 1, body: 'x' }))).status).toBe(404);
    expectNoViolations(gh);
  });
});

describe('labels', () => {
  it('creates, gets, lists, adds and removes labels', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web', labels: [{ name: 'bug', color: 'd73a4a' }] });
    gh.state.seedIssue({ owner: 'acme', repo: 'web', title: 'x' });
    const o = client(gh);
    const created = await o.issues.createLabel({ ...repo, name: 'ctem: high', color: 'B60205', description: 'High priority' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'ctem: high', color: 'b60205', description: 'High priority', default: false });
    expect(created.data.url).toBe(`${gh.url}/repos/acme/web/labels/ctem%3A%20high`);

    expect((await o.issues.getLabel({ ...repo, name: 'CTEM: HIGH' })).data.name).toBe('ctem: high');
    expect((await o.issues.listLabelsForRepo({ ...repo })).data.map((l) => l.name)).toEqual(['bug', 'ctem: high']);

    const added = await o.issues.addLabels({ ...repo, issue_number: 1, labels: ['bug', 'ctem: high', 'brand-new'] });
    expect(added.data.map((l) => l.name)).toEqual(['bug', 'ctem: high', 'brand-new']);
    const removed = await o.issues.removeLabel({ ...repo, issue_number: 1, name: 'bug' });
    expect(removed.data.map((l) => l.name)).toEqual(['ctem: high', 'brand-new']);
    const again = await errorOf(o.issues.removeLabel({ ...repo, issue_number: 1, name: 'bug' }));
    expect(again.status).toBe(404);
    expect((again.response?.data as { message: string }).message).toBe('Label does not exist');
    expect((await errorOf(o.issues.getLabel({ ...repo, name: 'nope' }))).status).toBe(404);
    expectNoViolations(gh);
  });

  it('refuses a duplicate label with GitHub\'s already_exists error', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web', labels: [{ name: 'security' }] });
    const o = client(gh);
    const err = await errorOf(o.issues.createLabel({ ...repo, name: 'Security', color: 'ff0000' }));
    expect(err.status).toBe(422);
    expect(err.response?.data).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
    const color = await errorOf(o.issues.createLabel({ ...repo, name: 'x', color: 'red' }));
    expect(color.response?.data).toMatchObject({ errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });
    expectNoViolations(gh);
  });
});

describe('search', () => {
  it('finds issues by repo, type, state, label and a quoted marker in the body', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    gh.state.seedRepo({ owner: 'acme', name: 'api' });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'one', body: 'text\n<!-- ctem:id=abc123 -->', labels: ['ctem', 'needs triage'] });
    await o.issues.create({ ...repo, title: 'two', body: '<!-- ctem:id=def456 -->', labels: ['ctem'] });
    await o.issues.create({ owner: 'acme', repo: 'api', title: 'three', body: '<!-- ctem:id=abc123 -->', labels: ['ctem'] });

    const byMarker = await o.search.issuesAndPullRequests({ q: 'repo:acme/web is:issue is:open "ctem:id=abc123" in:body' });
    expect(byMarker.data.total_count).toBe(1);
    expect(byMarker.data.items.map((i) => i.title)).toEqual(['one']);
    expect(byMarker.data.items[0]?.score).toBe(1);
    expect(byMarker.headers['x-ratelimit-resource']).toBe('search');

    const byLabel = await o.search.issuesAndPullRequests({ q: 'repo:acme/web is:issue label:"needs triage" label:ctem' });
    expect(byLabel.data.items.map((i) => i.title)).toEqual(['one']);
    const orgWide = await o.search.issuesAndPullRequests({ q: 'org:acme is:issue label:ctem "abc123"' });
    expect(orgWide.data.items.map((i) => i.title).sort()).toEqual(['one', 'three']);

    await o.issues.update({ ...repo, issue_number: 1, state: 'closed' });
    expect((await o.search.issuesAndPullRequests({ q: 'repo:acme/web is:issue is:open "abc123" in:body' })).data.total_count).toBe(0);
    expect((await o.search.issuesAndPullRequests({ q: 'repo:acme/web is:issue is:closed "abc123" in:body' })).data.total_count).toBe(1);
    expect((await o.search.issuesAndPullRequests({ q: 'repo:acme/web is:pr "abc123"' })).data.total_count).toBe(0);
    // in:title does not look at bodies.
    expect((await o.search.issuesAndPullRequests({ q: 'repo:acme/web is:issue "abc123" in:title' })).data.total_count).toBe(0);
    expectNoViolations(gh);
  });

  it('requires is:issue or is:pr, as GitHub now does', async () => {
    const gh = await startGitHub();
    const err = await errorOf(client(gh).search.issuesAndPullRequests({ q: 'repo:acme/web "x"' }));
    expect(err.status).toBe(422);
    expect(err.response?.data).toMatchObject({ errors: [{ message: "Query must include 'is:issue' or 'is:pull-request'" }] });
    expectNoViolations(gh);
  });

  it('models the search index lag: a new issue is not found at once', async () => {
    const clock = manualClock();
    const gh = await startGitHub({ clock, searchLagMs: 30_000 });
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    await o.issues.create({ ...repo, title: 'fresh', body: 'marker-1' });
    const q = 'repo:acme/web is:issue "marker-1"';
    expect((await o.search.issuesAndPullRequests({ q })).data.total_count).toBe(0);
    clock.advance(30_000);
    expect((await o.search.issuesAndPullRequests({ q })).data.total_count).toBe(1);
    expectNoViolations(gh);
  });
});

describe('pagination and conditional requests', () => {
  it('paginates with GitHub-formatted Link headers and octokit.paginate follows them', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    for (let i = 1; i <= 7; i++) gh.state.seedIssue({ owner: 'acme', repo: 'web', title: `issue ${i}` });
    const o = client(gh);

    const first = await o.issues.listForRepo({ ...repo, per_page: 3, direction: 'asc' });
    expect(first.data.map((i) => i.number)).toEqual([1, 2, 3]);
    const base = `${gh.url}/repos/acme/web/issues?per_page=3&direction=asc`;
    expect(first.headers.link).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);

    const middle = await o.issues.listForRepo({ ...repo, per_page: 3, direction: 'asc', page: 2 });
    expect(middle.headers.link).toBe(`<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`);
    const last = await o.issues.listForRepo({ ...repo, per_page: 3, direction: 'asc', page: 3 });
    expect(last.data.map((i) => i.number)).toEqual([7]);
    expect(last.headers.link).toBe(`<${base}&page=2>; rel="prev", <${base}&page=1>; rel="first"`);

    gh.log.clear();
    const all = await o.paginate(o.issues.listForRepo, { ...repo, per_page: 2 });
    expect(all.map((i) => i.number)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(gh.log.reads).toBe(4);

    // per_page is capped at 100, as on GitHub.
    for (let i = 8; i <= 105; i++) gh.state.seedIssue({ owner: 'acme', repo: 'web', title: `issue ${i}` });
    expect((await o.issues.listForRepo({ ...repo, per_page: 500 })).data).toHaveLength(100);
    expectNoViolations(gh);
  });

  it('answers If-None-Match with 304, counted as notModified and not charged to the rate limit', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    gh.state.seedIssue({ owner: 'acme', repo: 'web', title: 'x' });
    const o = client(gh);
    const first = await o.issues.listForRepo({ ...repo });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const used = Number(first.headers['x-ratelimit-used']);

    const err = await errorOf(o.issues.listForRepo({ ...repo, headers: { 'if-none-match': etag } }));
    expect(err.status).toBe(304);
    expect(gh.log.notModified).toBe(1);
    expect(gh.log.entries.at(-1)).toMatchObject({ status: 304, conditional: true, notModified: true, operationId: 'issues/list-for-repo' });

    const single = await o.issues.get({ ...repo, issue_number: 1 });
    expect(await errorOf(o.issues.get({ ...repo, issue_number: 1, headers: { 'if-none-match': single.headers.etag as string } }))).toMatchObject({ status: 304 });
    expect(gh.log.notModified).toBe(2);

    // A change gives a new ETag: the same conditional request now gets data.
    await o.issues.update({ ...repo, issue_number: 1, title: 'y' });
    const fresh = await o.issues.listForRepo({ ...repo, headers: { 'if-none-match': etag } });
    expect(fresh.status).toBe(200);
    expect(fresh.data[0]?.title).toBe('y');
    // Charged: list, get, update, list (the two 304s were free).
    expect(Number(fresh.headers['x-ratelimit-used'])).toBe(used + 3);
    expect(gh.log.reads).toBe(3);
    expect(gh.log.writes).toBe(1);
    expectNoViolations(gh);
  });
});
