import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsReader } from '../../../engine/config/fs-reader.ts';
import { gitReader, openRevision } from '../../../engine/config/git-reader.ts';
import { loadConfig } from '../../../engine/config/load.ts';
import { CtemError, ExitCode } from '../../../engine/errors.ts';
import { runGit } from '../../../engine/ledger/git-process.ts';
import { openGitRepo } from '../../../engine/ledger/git-repo.ts';
import { commitAs, exposureRepo } from '../../support/ledger-repo.ts';

describe('reading the configuration at a Git revision', () => {
  it('loads exactly what was committed, whatever the working tree holds now', async () => {
    const repo = await exposureRepo();
    const committed = await loadConfig(fsReader(repo.dir));
    await writeFile(join(repo.dir, 'policies', '50-baseline.yaml'), 'id: changed\nrules: []\n');
    await writeFile(join(repo.dir, 'scopes', 'new.yaml'), 'id: new\n');
    const { reader, commit } = await openRevision(repo.dir, 'main');
    expect(commit).toBe((await repo.git.revparse(['main'])).trim());
    const atMain = await loadConfig(reader);
    expect(atMain.problems).toEqual([]);
    expect(atMain.config!.policies.map((p) => p.value)).toEqual(committed.config!.policies.map((p) => p.value));
    expect(atMain.config!.scopes.map((s) => s.file)).toEqual(['scopes/payments.yaml', 'scopes/platform.yaml']);
    expect([...atMain.config!.templates.keys()]).toEqual(['issue']);
    expect(await reader.read('policies/50-baseline.yaml')).toBe(await repo.git.show(['main:policies/50-baseline.yaml']));
  });

  it('sees files only, like the working-tree reader: not directories, not symbolic links, nothing missing', async () => {
    const repo = await exposureRepo();
    await mkdir(join(repo.dir, 'policies', 'nested'));
    await writeFile(join(repo.dir, 'policies', 'nested', 'x.yaml'), 'id: x\n');
    await symlink('/etc/passwd', join(repo.dir, 'policies', 'link.yaml'));
    await commitAs(repo.git, 'Mallory', 'mallory@example.com', 'Sneaky');
    const { reader } = await openRevision(repo.dir, 'HEAD');
    expect(await reader.list('policies')).toEqual(['00-routes.yaml', '50-baseline.yaml']);
    expect(await reader.read('policies/link.yaml')).toBeUndefined();
    expect(await reader.read('policies/nested')).toBeUndefined();
    expect(await reader.read('policies/none.yaml')).toBeUndefined();
    expect(await reader.list('nowhere')).toEqual([]);
  });

  it('works when the exposure repository is a subdirectory of the Git repository', async () => {
    const repo = await exposureRepo();
    const sub = join(repo.dir, 'security');
    await mkdir(sub);
    await writeFile(join(sub, 'ctem.yaml'), await readFile(join(repo.dir, 'ctem.yaml'), 'utf8'));
    await commitAs(repo.git, 'Alice Admin', 'alice@example.com', 'A nested exposure repository');
    const { reader } = await openRevision(sub, 'HEAD');
    expect(await reader.read('ctem.yaml')).toContain('organisation: Ledger Test Co');
    expect(await reader.list('policies')).toEqual([]);
  });

  it('says so, instead of reading nothing, when an object the tree names is missing from the clone', async () => {
    const repo = await exposureRepo();
    const missing = '1'.repeat(40);
    // A tree naming a blob this clone does not have, as in a partial or damaged clone.
    const broken = (await runGit(repo.dir, ['mktree', '--missing'], [`100644 blob ${missing}\tctem.yaml\n`])).toString('utf8').trim();
    const commit = (await repo.git.raw(['commit-tree', broken, '-m', 'partial'])).trim();
    const gitRepo = (await openGitRepo(repo.dir))!;
    const err = await gitReader(gitRepo, commit, 'partial').read('ctem.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CtemError);
    expect((err as CtemError).exitCode).toBe(ExitCode.git);
    expect((err as CtemError).problems[0]!.message).toMatch(/^ctem\.yaml at 'partial' \([0-9a-f]{12}\) names object 111111111111, which is missing from this clone$/);
  });
});
