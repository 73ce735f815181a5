/**
 * ctem's pull requests against the test GitHub, without a clone: made, updated in
 * place, and closed when no longer needed; found by head branch; never duplicated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../../engine/config/schema/policy.ts';
import { parsePrMarker } from '../../../engine/mobilise/markers.ts';
import { createRenderer } from '../../../engine/mobilise/render.ts';
import { desiredPullRequests, type DesiredPr, type PrContext } from '../../../engine/prs/desired-prs.ts';
import { withPrTemplates } from '../../../engine/prs/templates.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { repoRoot } from '../../support/corpus.ts';
import { asset, decision, rendered, ROUTES } from '../mobilise/factory.ts';
import { runOnce, type RunState } from '../github/scenario.ts';
import { submitReview } from '../../../tools/test-github/handlers/reviews.ts';
import { allPulls, duplicateKeys, expectNoViolations, startGitHub } from '../github/support.ts';

const templates = new Map(readdirSync(join(repoRoot, 'templates')).filter((f) => f.endsWith('.hbs')).map((f) => [f.slice(0, -4), { source: readFileSync(join(repoRoot, 'templates', f), 'utf8') }]));
const render = createRenderer(withPrTemplates(templates));

const EXCEPTIONS_FILE = `exceptions:
  # Reviewed every quarter.
  - id: exc-1
    type: risk-accepted
    selector: { vulnerability: CVE-2026-0001 }
    reason: Only reachable from the admin network.
    approver: security-lead
    expires: 2026-12-05
`;

const PLAYBOOK_ROUTE: RouteConfig = {
  ...ROUTES[0]!,
  playbook: { file: 'package.json', packages: ['jquery'], replace: { from: '"jquery": "{{package.installed_version}}"', to: '"jquery": "{{package.fixed_version}}"' } },
};

function seed(gh: TestGitHub): void {
  gh.state.seedUser({ login: 'alice' });
  gh.state.seedUser({ login: 'security-lead' });
  gh.state.seedRepo({ owner: 'acme', name: 'exposures', files: { 'README.md': '# exposures\n', 'exceptions/q4.yaml': EXCEPTIONS_FILE } });
  gh.state.seedRepo({ owner: 'acme', name: 'web', files: { 'package.json': '{\n  "dependencies": {\n    "jquery": "3.3.9"\n  }\n}\n' } });
}

function prsFor(over: Partial<PrContext>): DesiredPr[] {
  const { prs, problems } = desiredPullRequests({
    exposureRepository: 'acme/exposures',
    trackingLabel: 'ctem',
    organisation: 'Acme',
    today: '2026-11-28',
    unscoped: [],
    unassignedOwner: 'acme/security-team',
    exceptions: [],
    warningDays: 14,
    maxExceptionDays: 90,
    issues: [],
    routes: new Map([[PLAYBOOK_ROUTE.id, PLAYBOOK_ROUTE]]),
    assets: new Map([['web', asset('web', 'acme/web')]]),
    render,
    ...over,
  });
  expect(problems).toEqual([]);
  return prs;
}

const REPOS = ['acme/exposures', 'acme/web'];
const pulls = (gh: TestGitHub) => allPulls(gh).map((p) => ({ ...p, branch: p.issue.pull!.head }));
const fileOn = (gh: TestGitHub, repo: string, branch: string, path: string) => {
  const r = gh.state.repo('acme', repo)!;
  const blob = gh.state.commits.get(gh.state.branchHead(r, branch)!)!.tree.get(path);
  return blob ? gh.state.blobs.get(blob)!.toString('utf8') : undefined;
};

describe('the scope-drift pull request', () => {
  it('proposes scopes/unassigned.yaml once, updates it in place, and closes it when nothing is unassigned', async () => {
    const gh = await startGitHub();
    seed(gh);
    const state: { cache?: string } = {};
    const two = prsFor({ unscoped: [asset('legacy-ftp'), asset('hackathon-bot', 'acme/hackathon-bot')] });
    expect(two.map((p) => [p.kind, p.branch, p.path])).toEqual([['scope-drift', 'ctem/scope-drift', 'scopes/unassigned.yaml']]);

    const first = await runOnce(gh, [], state, { prs: two, repositories: REPOS });
    expect(first.report.outcomes).toEqual([expect.objectContaining({ target: 'pull-request', op: 'create', status: 'done', number: 1 })]);
    const [pr] = pulls(gh);
    expect(pr).toMatchObject({ repository: 'acme/exposures', key: 'scope-drift', branch: 'ctem/scope-drift' });
    expect(pr!.issue.labels).toEqual(['ctem']);
    expect(pr!.issue.body).toContain('owned by @acme/security-team');
    expect(fileOn(gh, 'exposures', 'ctem/scope-drift', 'scopes/unassigned.yaml')).toContain('  ids:\n    - hackathon-bot\n    - legacy-ftp\n');
    expect(fileOn(gh, 'exposures', 'main', 'scopes/unassigned.yaml')).toBeUndefined();

    gh.log.clear();
    await runOnce(gh, [], state, { prs: two, repositories: REPOS });
    expect(gh.log.writes).toBe(0);

    const three = prsFor({ unscoped: [asset('legacy-ftp'), asset('hackathon-bot'), asset('kiosk')] });
    await runOnce(gh, [], state, { prs: three, repositories: REPOS });
    expect(pulls(gh)).toHaveLength(1);
    expect(pulls(gh)[0]!.issue.title).toBe('ctem: 3 asset(s) in no scope — claim them');
    expect(fileOn(gh, 'exposures', 'ctem/scope-drift', 'scopes/unassigned.yaml')).toContain('    - kiosk\n');

    await runOnce(gh, [], state, { prs: prsFor({}), repositories: REPOS });
    const closed = pulls(gh)[0]!.issue;
    expect(closed.state).toBe('closed');
    expect(closed.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^Closed by ctem: this change is no longer needed/)]);
    expectNoViolations(gh);
  });
});

describe('the exception renewal pull request', () => {
  const exc = { id: 'exc-1', file: 'exceptions/q4.yaml', expires: '2026-12-05', approver: 'security-lead', reason: 'Only reachable from the admin network.', type: 'risk-accepted' };

  it('proposes a new expiry to the approver, once, and closes when the exception no longer needs it', async () => {
    const gh = await startGitHub();
    seed(gh);
    const state: { cache?: string } = {};
    const due = prsFor({ exceptions: [exc] });
    expect(due.map((p) => p.branch)).toEqual(['ctem/renew/exc-1']);
    await runOnce(gh, [], state, { prs: due, repositories: REPOS });
    const [pr] = pulls(gh);
    expect(pr!.issue.title).toBe('ctem: renew exception exc-1 (expires 2026-12-05)');
    expect(pr!.issue.body).toMatch(/^## Renew exception `exc-1`\?\n\n@security-lead: the exception you approved expires on \*\*2026-12-05\*\*/);
    const renewed = fileOn(gh, 'exposures', 'ctem/renew/exc-1', 'exceptions/q4.yaml')!;
    expect(renewed).toBe(EXCEPTIONS_FILE.replace('expires: 2026-12-05', 'expires: 2027-02-19'));

    gh.log.clear();
    await runOnce(gh, [], state, { prs: prsFor({ exceptions: [exc], today: '2026-11-29' }), repositories: REPOS });
    expect(gh.log.writes).toBe(0);

    await runOnce(gh, [], state, { prs: prsFor({ exceptions: [{ ...exc, expires: '2027-02-19' }] }), repositories: REPOS });
    expect(pulls(gh)[0]!.issue.state).toBe('closed');
    expectNoViolations(gh);
  });
});

describe('the review of an exception renewal', () => {
  const exc = { id: 'exc-1', file: 'exceptions/q4.yaml', expires: '2026-12-05', approver: 'security-lead', reason: 'Only reachable from the admin network.', type: 'risk-accepted' };
  const exposures = (gh: TestGitHub) => gh.state.repo('acme', 'exposures')!;

  it('is requested from the approver once: not again while pending, nor after they have reviewed', async () => {
    const gh = await startGitHub();
    seed(gh);
    const state: RunState = {};
    const due = prsFor({ exceptions: [exc] });
    expect(due[0]!.reviewers).toEqual(['security-lead']);
    const first = await runOnce(gh, [], state, { prs: due, repositories: REPOS });
    expect(first.report.outcomes.find((o) => o.target === 'pull-request')).toMatchObject({ op: 'create', status: 'done', detail: 'review requested from @security-lead' });
    expect(gh.log.of('pulls/request-reviewers').map((e) => e.status)).toEqual([201]);
    const pr = pulls(gh)[0]!.issue;
    expect(pr.pull!.requestedReviewers).toEqual(['security-lead']);

    gh.log.clear();
    await runOnce(gh, [], state, { prs: prsFor({ exceptions: [exc], today: '2026-11-29' }), repositories: REPOS });
    expect(gh.log.writes).toBe(0);
    expect(gh.log.of('pulls/list-reviews'), 'a pending request needs no look at the reviews').toEqual([]);

    // The approver comments on the pull request: their request ends; ctem does not ask again.
    submitReview(gh.state, exposures(gh), pr, 'security-lead', 'COMMENTED', 'Is 90 days needed?');
    gh.log.clear();
    await runOnce(gh, [], state, { prs: prsFor({ exceptions: [exc], today: '2026-11-30' }), repositories: REPOS });
    expect(gh.log.writes).toBe(0);
    expect(gh.log.of('pulls/list-reviews')).toHaveLength(1);
    expectNoViolations(gh);
  });

  it('is requested again when the request was withdrawn before anyone reviewed', async () => {
    const gh = await startGitHub();
    seed(gh);
    const state: RunState = {};
    await runOnce(gh, [], state, { prs: prsFor({ exceptions: [exc] }), repositories: REPOS });
    pulls(gh)[0]!.issue.pull!.requestedReviewers = [];
    gh.log.clear();
    const again = await runOnce(gh, [], state, { prs: prsFor({ exceptions: [exc] }), repositories: REPOS });
    expect(again.report.outcomes.find((o) => o.target === 'pull-request')).toMatchObject({ op: 'update', status: 'done', detail: 'review requested from @security-lead' });
    expect(gh.log.entries.filter((e) => e.write).map((e) => e.operationId)).toEqual(['pulls/request-reviewers']);
    expectNoViolations(gh);
  });

  it('asks a team of the repository\'s organisation by its slug, and no team of another', async () => {
    const gh = await startGitHub();
    seed(gh);
    gh.state.seedTeam({ org: 'acme', slug: 'risk-board', members: ['security-lead'] });
    const due = prsFor({ exceptions: [exc] }).map((p) => ({ ...p, reviewers: ['acme/risk-board', 'elsewhere/board'] }));
    const run = await runOnce(gh, [], {}, { prs: due, repositories: REPOS });
    expect(run.report.outcomes.find((o) => o.target === 'pull-request')?.detail).toBe('review requested from @acme/risk-board');
    expect(gh.log.of('pulls/request-reviewers').map((e) => e.status)).toEqual([201]);
    expect(pulls(gh)[0]!.issue.pull!.requestedTeams).toEqual(['risk-board']);
    expectNoViolations(gh);
  });

  it('still opens the pull request when GitHub refuses the reviewer, and says why', async () => {
    const gh = await startGitHub();
    seed(gh);
    const run = await runOnce(gh, [], {}, { prs: prsFor({ exceptions: [{ ...exc, approver: 'former-employee' }] }), repositories: REPOS });
    expect(run.report.failures).toEqual([]);
    expect(run.report.outcomes.find((o) => o.target === 'pull-request')).toMatchObject({
      op: 'create',
      status: 'done',
      detail: expect.stringMatching(/^could not request a review from @former-employee: 422 Reviews may only be requested from collaborators/),
    });
    expect(pulls(gh)).toHaveLength(1);
    expectNoViolations(gh);
  });
});

describe('remediation playbook pull requests', () => {
  const unit = (fixed: string[], fp = 'j0000000000000000001') => rendered([decision({ fingerprint: fp, asset: 'web', pkg: 'jquery', installed: '3.3.9', fixed })], [asset('web', 'acme/web')]);

  it('opens one per remediation unit in the asset\'s repository, force-updates the branch only when the fix changes, and closes when the fix is in', async () => {
    const gh = await startGitHub();
    seed(gh);
    const state: { cache?: string } = {};
    const issues = unit(['3.4.0']);
    const prs = prsFor({ issues });
    expect(prs.map((p) => [p.kind, p.repository, p.branch])).toEqual([['playbook', 'acme/web', `ctem/fix/${issues[0]!.key}`]]);
    await runOnce(gh, issues, state, { prs, repositories: REPOS });
    const branch = prs[0]!.branch;
    expect(fileOn(gh, 'web', branch, 'package.json')).toContain('"jquery": "3.4.0"');
    expect(pulls(gh)).toHaveLength(1);
    expect(gh.log.of('git/update-ref')).toHaveLength(0);

    gh.log.clear();
    await runOnce(gh, issues, state, { prs, repositories: REPOS });
    expect(gh.log.writes).toBe(0);

    // A new advisory raises the fixed version: same branch, same pull request, rewritten.
    const raised = unit(['3.5.0']);
    await runOnce(gh, raised, state, { prs: prsFor({ issues: raised }), repositories: REPOS });
    expect(gh.log.of('git/update-ref').map((e) => e.status)).toEqual([200]);
    expect(fileOn(gh, 'web', branch, 'package.json')).toContain('"jquery": "3.5.0"');
    const commits = gh.state.commits.get(gh.state.branchHead(gh.state.repo('acme', 'web')!, branch)!)!;
    expect(commits.parents).toEqual([gh.state.branchHead(gh.state.repo('acme', 'web')!, 'main')]);
    expect(pulls(gh)).toHaveLength(1);
    expect(pulls(gh)[0]!.issue.state).toBe('open');

    // The owners fix it on main themselves: the pull request is no longer needed.
    const web = gh.state.repo('acme', 'web')!;
    const head = gh.state.commit(gh.state.branchHead(web, 'main'), { 'package.json': Buffer.from('{\n  "dependencies": {\n    "jquery": "3.5.0"\n  }\n}\n') }, 'bump jquery');
    web.refs.set('refs/heads/main', head.sha);
    await runOnce(gh, raised, state, { prs: prsFor({ issues: raised }), repositories: REPOS });
    expect(pulls(gh)[0]!.issue.state).toBe('closed');
    expect(pulls(gh)[0]!.issue.comments[0]!.body).toContain('`package.json` on `main` no longer needs this change.');
    expectNoViolations(gh);
  });

  it('finds its pull request by head branch when the label was lost, and never opens a second', async () => {
    const gh = await startGitHub({ faults: { rules: [{ kind: 'drop', phase: 'after', match: { operationId: 'pulls/create' }, nth: 1 }] } });
    seed(gh);
    const state: { cache?: string } = {};
    const issues = unit(['3.4.0']);
    const prs = prsFor({ issues });
    const first = await runOnce(gh, issues, state, { prs, repositories: REPOS });
    expect(first.report.outcomes.find((o) => o.target === 'pull-request')).toMatchObject({ status: 'done', number: 2 });
    expect(pulls(gh)).toHaveLength(1);
    expect(pulls(gh)[0]!.issue.labels).toEqual(['ctem']);

    pulls(gh)[0]!.issue.labels = [];
    await runOnce(gh, issues, state, { prs, repositories: REPOS });
    expect(pulls(gh)).toHaveLength(1);
    expect(pulls(gh)[0]!.issue.labels).toEqual(['ctem']);
    expect(duplicateKeys(allPulls(gh))).toEqual([]);
    expect(parsePrMarker(pulls(gh)[0]!.issue.body)).toEqual({ key: prs[0]!.key, kind: 'playbook', branch: prs[0]!.branch });
    expectNoViolations(gh);
  });

  it('never touches a pull request that is not from a ctem branch, whatever its body claims', async () => {
    const gh = await startGitHub();
    seed(gh);
    const web = gh.state.repo('acme', 'web')!;
    const c = gh.state.commit(gh.state.branchHead(web, 'main'), { 'x.txt': Buffer.from('x') }, 'x');
    web.refs.set('refs/heads/feature', c.sha);
    const issue = gh.state.newIssue(web, { title: 'a human PR', body: 'mine <!-- ctem:pr {"key":"fix:zzz","kind":"playbook","branch":"ctem/fix/zzz"} -->', user: 'alice', labels: ['ctem'] });
    issue.pull = { id: 1, head: 'feature', base: 'main', draft: false, maintainerCanModify: false, merged: false };
    const run = await runOnce(gh, [], {}, { prs: [], repositories: REPOS });
    expect(issue.state).toBe('open');
    expect(run.report.outcomes).toEqual([expect.objectContaining({ op: 'close', status: 'skipped', detail: "not ctem's branch (feature); left alone" })]);
  });
});
