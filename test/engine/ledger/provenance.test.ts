/** "Who changed this rule last", from git blame of the rule's lines at the decision's commit. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { openGitRepo } from '../../../engine/ledger/git-repo.ts';
import { ruleProvenance } from '../../../engine/ledger/provenance.ts';

const POLICY = 'policies/main.yaml';
const policy = (priority: string) => `id: main\nrules:\n  - id: kev\n    when: { var: kev.listed }\n    set: { priority: ${priority} }\n`;

describe('the last change of a rule', () => {
  it('is the later of two commits made in the same second, whatever their hashes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-provenance-'));
    const git = simpleGit({ baseDir: dir });
    await git.init(['--initial-branch=main', '--quiet']);
    await git.addConfig('user.name', 'Alice Admin');
    await git.addConfig('user.email', 'alice@example.com');
    await git.addConfig('commit.gpgsign', 'false');
    const date = '--date=2026-11-20T10:00:00Z';
    await mkdir(join(dir, 'policies'));
    await writeFile(join(dir, POLICY), policy('P2'));
    await git.add('.');
    await git.raw(['commit', '--quiet', date, '-m', 'Initial policy']);
    const first = (await git.revparse(['HEAD'])).trim();
    // The same author time, and a child whose hash sorts after its parent's: the first by hash would be the parent.
    await writeFile(join(dir, POLICY), policy('P1'));
    await git.add('.');
    let second = '';
    for (let i = 0; i < 64; i++) {
      await git.raw(['-c', 'user.name=Bob Policy', '-c', 'user.email=bob@example.com', 'commit', '--quiet', date, ...(i > 0 ? ['--amend'] : []), '-m', `Raise KEV to P1 (${i})`]);
      second = (await git.revparse(['HEAD'])).trim();
      if (second.localeCompare(first) > 0) break;
    }
    expect(second.localeCompare(first)).toBeGreaterThan(0);
    const repo = (await openGitRepo(dir))!;
    const p = await ruleProvenance(repo, { id: 'kev', file: POLICY, policy: 'main', commit: second });
    expect(p.last_change).toMatchObject({ commit: second, author: 'Bob Policy' });
  });
});
