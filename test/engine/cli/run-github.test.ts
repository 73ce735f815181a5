/**
 * `ctem run` (without --dry-run) on the bundled example, against the test GitHub
 * serving the example's estate (the demo seed of `npm run test-github`). Waits
 * (write spacing, retry-after) are counted, not waited.
 */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommentMarker } from '../../../engine/mobilise/markers.ts';
import type { TestGitHub } from '../../../tools/test-github/server.ts';
import { repoRoot } from '../../support/corpus.ts';
import { allIssues, allPulls, duplicateKeys, expectNoViolations, figures, listingFigures, runCtem, seedExample, startGitHub } from '../github/support.ts';

const TOKEN = 'ghp_CTEMtestTOKEN_0123456789abcdefRECOGNISABLE';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ctem-run-github-'));
}

/** A copy of this repository's configuration and example data, to change between runs. */
async function exampleCopy(edit: (ctemYaml: string) => string = (s) => s): Promise<string> {
  const dir = await scratch();
  for (const d of ['scopes', 'policies', 'exceptions', 'templates', 'examples']) await cp(join(repoRoot, d), join(dir, d), { recursive: true });
  await writeFile(join(dir, 'ctem.yaml'), edit(await readFile(join(repoRoot, 'ctem.yaml'), 'utf8')));
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('ctem run on the bundled example, against the test GitHub', () => {
  let gh: TestGitHub;
  let dir: string;
  const runs: Awaited<ReturnType<typeof runCtem>>[] = [];
  const records: Array<{ outcomes: Array<Record<string, unknown>>; requests: object; listing: object }> = [];
  let planned: { creates: string[]; deferred: number };

  beforeAll(async () => {
    gh = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    seedExample(gh);
    dir = await scratch();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme-robotics/security-exposures' };
    const args = ['run', '--out', join(dir, 'out'), '--cache', join(dir, 'cache', 'etags.json')];
    const dry = await runCtem(['run', '--dry-run', '--out', join(dir, 'dry')], { env });
    const plan = JSON.parse(await readFile(join(dir, 'dry', 'plan.json'), 'utf8')) as { actions: Array<{ op: string; title: string }> };
    planned = { creates: plan.actions.filter((a) => a.op === 'create').map((a) => a.title), deferred: 0 };
    expect(dry.code).toBe(0);
    expect(gh.log.entries, 'a dry run sends nothing').toEqual([]);
    for (let i = 0; i < 3; i++) {
      gh.log.clear();
      const r = await runCtem(args, { env });
      // GET /rate_limit (the reachability check before mobilising) is free on GitHub, and ctem does not count it either.
      const free = gh.log.entries.filter((e) => e.path === '/rate_limit').length;
      runs.push({ ...r, stdout: [...r.stdout, `server: ${gh.log.reads - free} ${gh.log.writes} ${gh.log.notModified}`, `rate_limit checks: ${free}`] });
      records.push(JSON.parse(await readFile(join(dir, 'out', 'mobilisation.json'), 'utf8')));
    }
  }, 240_000);

  it('opens the planned issues, the most urgent first, up to the per-run cap, and the rest on the next run', () => {
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    const cap = 50;
    // Deferred: the issues beyond the cap, and the scope-drift pull request (the cap counts both).
    expect(runs[0]!.stdout).toContain(`issues: ${cap} opened, 0 updated, 0 commented, 0 escalated, 0 reopened, 0 closed; 0 unchanged; ${planned.creates.length - cap + 1} deferred by the per-run cap (most urgent first; the next run opens them)`);
    const titles = allIssues(gh).filter((i) => i.repository.startsWith('acme-robotics/')).map((i) => i.issue.title);
    expect(titles.sort()).toEqual([...planned.creates].sort());
    expect(duplicateKeys(allIssues(gh))).toEqual([]);
    expect(runs[1]!.stdout).toContain(`issues: ${planned.creates.length - cap} opened, 0 updated, 0 commented, 0 escalated, 0 reopened, 0 closed; ${cap} unchanged`);
  });

  it('proposes the scope-drift pull request in the exposure repository', () => {
    expect(runs[1]!.stdout).toContain('pull requests: 1 opened, 0 updated, 0 reopened, 0 closed');
    const [pr] = allPulls(gh);
    expect(pr).toMatchObject({ repository: 'acme-robotics/security-exposures', key: 'scope-drift' });
    expect(pr!.issue.body).toContain('`legacy-ftp`');
  });

  it('then, with nothing changed, writes nothing and finds the issues in at most ceil(N/100) requests, and prints the figure', () => {
    const quiet = runs[2]!;
    const f = figures(quiet);
    expect(quiet.stdout.at(-2)).toBe(`server: ${f.reads} ${f.writes} ${f.notModified}`);
    expect(quiet.stdout.at(-1)).toBe('rate_limit checks: 1');
    expect(f.writes).toBe(0);
    expect(f.reads).toBeLessThanOrEqual(Math.ceil(planned.creates.length / 100));
    expect(quiet.stdout).toContain(`issues: 0 opened, 0 updated, 0 commented, 0 escalated, 0 reopened, 0 closed; ${planned.creates.length} unchanged`);
    // The issues and the scope-drift pull request, over many repositories: one search.
    const l = listingFigures(quiet);
    expect(l.tracked).toBe(planned.creates.length + 1);
    expect(l.reads).toBeLessThanOrEqual(Math.ceil(l.tracked / 100));
    expect(l).toMatchObject({ search: 1, list: 0, notModified: 0, bound: Math.ceil(l.tracked / 100) });
    expect(l.how).toMatch(/^changes since the last run found by search; 0 of (\d+) repositories listed$/);
    expect(Number(/of (\d+) repositories/.exec(l.how)![1])).toBeGreaterThan(l.bound);
    // The first run had no snapshot, and listed every repository.
    expect(listingFigures(runs[0]!).how).toMatch(/^all \d+ repositories listed \(no snapshot of an earlier listing\); after writing, \d+ more to list \d+ again$/);
  });

  it('keeps the listing snapshot next to the ETag cache, complete after a run that finished', async () => {
    const snapshot = JSON.parse(await readFile(join(dir, 'cache', 'etags.listing.json'), 'utf8')) as { state: string; label: string; repositories: Record<string, unknown> };
    expect(snapshot).toMatchObject({ state: 'complete', label: 'ctem' });
    expect(Object.keys(snapshot.repositories).length).toBeGreaterThan(1);
  });

  it('spaces its writes as GitHub asks (waits counted, not waited)', () => {
    const writes = figures(runs[0]!).writes;
    expect(runs[0]!.waited).toBeGreaterThanOrEqual((writes - 1) * 1000);
  });

  it('keeps to GitHub\'s API contract in every request', () => {
    expectNoViolations(gh);
  });

  it('never shows the token: not in the output, the plan, the cache or the mobilisation record', async () => {
    for (const r of runs) expect([...r.stdout, ...r.stderr].join('\n')).not.toContain(TOKEN);
    for (const f of await filesUnder(dir)) expect(await readFile(f, 'utf8'), f).not.toContain(TOKEN);
  });

  it('records what it did, per action, with the issue number and URL (for the ledger)', () => {
    const done = records[0]!.outcomes.filter((o) => o.status === 'done');
    expect(done).toHaveLength(50);
    for (const o of done) expect(o).toMatchObject({ target: 'issue', op: 'create', repository: expect.stringMatching(/^acme-robotics\//), number: expect.any(Number), url: expect.stringMatching(/\/issues\/\d+$/) });
    expect(records[0]!.outcomes.filter((o) => o.status === 'deferred')).toHaveLength(planned.creates.length - 50 + 1);
    expect(records[2]!.requests).toEqual(figures(runs[2]!));
    expect(records[2]!.listing).toMatchObject({ mode: 'search', searchReads: 1, listReads: 0, listed: 0, quiet_bound: Math.ceil((planned.creates.length + 1) / 100) });
  });
});

describe('changes between runs of ctem run', () => {
  it('closes the issue of a fixed finding with a comment, reopens it when the finding regresses, and closes the scope-drift pull request once every asset is claimed', async () => {
    const gh = await startGitHub();
    seedExample(gh);
    const withSecrets = await exampleCopy((s) => s.replace('max_new_issues_per_run: 50', 'max_new_issues_per_run: 500'));
    const withoutSecrets = await exampleCopy((s) => s.replace('max_new_issues_per_run: 50', 'max_new_issues_per_run: 500').replace(/^ {2}- \{ name: deploy-secrets.*\n/m, ''));
    const out = await scratch();
    const env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme-robotics/security-exposures' };
    const args = ['run', '--out', join(out, 'out'), '--cache', join(out, 'etags.json')];
    expect((await runCtem(args, { env, cwd: withSecrets })).code).toBe(0);
    expect(allPulls(gh).map((p) => [p.key, p.issue.state])).toEqual([['scope-drift', 'open']]);
    const secrets = allIssues(gh).filter((i) => i.repository === 'acme-robotics/security-exposures');
    expect(secrets.length).toBeGreaterThan(0);

    const fixed = await runCtem(args, { env, cwd: withoutSecrets });
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(`issues: 0 opened, 0 updated, 0 commented, 0 escalated, 0 reopened, ${secrets.length} closed; ${allIssues(gh).length - secrets.length - 1} unchanged`);
    for (const s of secrets) {
      expect(s.issue.state).toBe('closed');
      expect(s.issue.comments.map((c) => parseCommentMarker(c.body)?.kind)).toEqual(['close']);
      expect(s.issue.comments[0]!.body).toMatch(/^Closed by ctem on 2026-11-28: none of the 1 exposure\(s\) of this issue was reported/);
    }

    const back = await runCtem(args, { env, cwd: withSecrets });
    expect(back.code).toBe(0);
    expect(back.stdout.find((l) => l.startsWith('issues: '))).toMatch(new RegExp(`, ${secrets.length} reopened, 0 closed;`));
    for (const s of secrets) {
      expect(s.issue.state).toBe('open');
      expect(s.issue.comments.map((c) => parseCommentMarker(c.body)?.kind)).toEqual(['close', 'reopen']);
    }
    expect(duplicateKeys(allIssues(gh))).toEqual([]);

    // The owners claim the unassigned assets: the scope-drift pull request is no longer needed.
    await writeFile(
      join(withSecrets, 'scopes', 'claimed.yaml'),
      'id: claimed\nname: Claimed\nowner: { team: acme-robotics/platform-team }\ncriticality: low\nexposure: internal\nselector: { ids: [legacy-ftp, hackathon-bot] }\n',
    );
    const claimed = await runCtem(args, { env, cwd: withSecrets });
    expect(claimed.code).toBe(0);
    expect(claimed.stdout).toContain('pull requests: 0 opened, 0 updated, 0 reopened, 1 closed');
    expect(allPulls(gh).map((p) => [p.key, p.issue.state])).toEqual([['scope-drift', 'closed']]);
    expectNoViolations(gh);
  }, 240_000);
});

describe('tokens and failures', () => {
  it('names the missing permission in one line, exits 5, and never prints the token', async () => {
    const gh = await startGitHub({ tokens: { [TOKEN]: { permissions: ['issues:read', 'contents:read', 'pull_requests:read'] } } });
    seedExample(gh);
    const out = await scratch();
    const r = await runCtem(['run', '--out', join(out, 'out'), '--cache', join(out, 'etags.json')], { env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url } });
    expect(r.code).toBe(5);
    const failed = r.stderr.filter((l) => l.startsWith('ctem run: mobilisation failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^ctem run: mobilisation failed: the token lacks the `issues: write` permission on acme-robotics\/[\w-]+ \(GitHub: 403 Resource not accessible by personal access token\) — could not create an issue in acme-robotics\/[\w-]+; the next run converges from here$/);
    expect(gh.log.writes).toBe(1);
    for (const text of [...r.stdout, ...r.stderr]) expect(text).not.toContain(TOKEN);
    for (const f of await filesUnder(out)) expect(await readFile(f, 'utf8')).not.toContain(TOKEN);
    expectNoViolations(gh);
  }, 120_000);

  it('stops before anything, in one located line, on a template that names a helper rendering does not have', async () => {
    const gh = await startGitHub({ tokens: { [TOKEN]: { permissions: 'all' } } });
    seedExample(gh);
    const dir = await exampleCopy();
    // It parses, but would fail only when a body renders: `ctem validate`'s check (run by every command) finds it first.
    const template = await readFile(join(dir, 'templates', 'issue.hbs'), 'utf8');
    await writeFile(join(dir, 'templates', 'issue.hbs'), `${template.trimEnd()}\n  {{shout issue.title}}\n`);
    const line = template.trimEnd().split('\n').length + 1;
    const out = await scratch();
    const r = await runCtem(['run', '--dir', dir, '--out', join(out, 'out'), '--cache', join(out, 'etags.json')], { env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url } });
    expect(r.code).toBe(3);
    const errors = r.stderr.filter((l) => !l.startsWith('  hint: ') && !l.startsWith('warning') && !/: warning: /.test(l));
    expect(errors).toEqual([`templates/issue.hbs:${line}:3: template error: You specified knownHelpersOnly, but used the unknown helper shout`, 'ctem run: 1 error(s); nothing was run']);
    expect(gh.log.entries, 'not one request').toEqual([]);
  }, 120_000);

  it('needs GITHUB_TOKEN to mobilise, says how to get one, and sends nothing', async () => {
    const gh = await startGitHub();
    const r = await runCtem(['run', '--out', join(await scratch(), 'out')], { env: { GITHUB_API_URL: gh.url } });
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('ctem run: GITHUB_TOKEN is not set; mobilising on GitHub needs a token');
    expect(r.stderr[1]).toMatch(/^ {2}hint: .*ctem run --dry-run/);
    expect(gh.log.entries).toEqual([]);
  });

  it('stops at once, with one line and sending nothing else, when GitHub rejects the token', async () => {
    const gh = await startGitHub();
    const r = await runCtem(['run', '--out', join(await scratch(), 'out'), '--cache', join(await scratch(), 'etags.json')], { env: { GITHUB_TOKEN: 'revoked-token', GITHUB_API_URL: gh.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ctem run: GitHub at ${gh.url} rejected GITHUB_TOKEN (401 Bad credentials); nothing was sent`);
    expect(r.stderr.join('\n')).not.toContain('revoked-token');
    expect(gh.log.entries.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /rate_limit']);
  });

  it('rejects a GITHUB_API_URL that is not http(s), and a bad --repository, as usage errors', async () => {
    expect((await runCtem(['run'], { env: { GITHUB_TOKEN: 't', GITHUB_API_URL: 'file:///etc/passwd' } })).code).toBe(2);
    expect((await runCtem(['run', '--repository', 'not a repo'], { env: { GITHUB_TOKEN: 't' } })).code).toBe(2);
  });
});
