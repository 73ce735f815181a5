/** The Git repository around an exposure repository, as the ledger and `ctem plan` need it. Shell module. */
import { simpleGit, type SimpleGit } from 'simple-git';
import { runGit } from './git-process.ts';

export interface GitRepo {
  /** The exposure repository (where ctem.yaml is). */
  root: string;
  /** The repository's top level; `root` may be a subdirectory of it. */
  toplevel: string;
  /** `root` relative to `toplevel`, with a trailing slash, or ''. */
  prefix: string;
  objectFormat: 'sha1' | 'sha256';
  /** simple-git working in `toplevel`, so paths given to it are tree paths. */
  git: SimpleGit;
}

export async function openGitRepo(root: string): Promise<GitRepo | undefined> {
  const here = simpleGit({ baseDir: root });
  let toplevel: string;
  try {
    toplevel = (await here.raw(['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
  if (toplevel === '') return undefined;
  const prefix = (await here.raw(['rev-parse', '--show-prefix'])).trim();
  const format = (await here.raw(['rev-parse', '--show-object-format']).catch(() => 'sha1')).trim();
  return { root, toplevel, prefix, objectFormat: format === 'sha256' ? 'sha256' : 'sha1', git: simpleGit({ baseDir: toplevel }) };
}

// simple-git reports a failure only when git also wrote to stderr; these questions are
// answered by the exit code alone (`--quiet`, `--is-ancestor`), so they run git directly.

/** The commit a revision names, or undefined when it names none. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  try {
    const out = (await runGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).toString('utf8').trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

export async function isAncestor(cwd: string, a: string, b: string): Promise<boolean> {
  try {
    await runGit(cwd, ['merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}

export async function isShallow(cwd: string): Promise<boolean> {
  const out = await runGit(cwd, ['rev-parse', '--is-shallow-repository']).catch(() => Buffer.from('false'));
  return out.toString('utf8').trim() === 'true';
}

/** The configuration files and directories whose state a run records. */
const CONFIG_PATHS = ['ctem.yaml', 'scopes', 'policies', 'exceptions', 'templates'];

/** HEAD of the exposure repository, `+dirty` when its configuration has uncommitted changes; null outside Git or before the first commit. */
export async function configCommit(repo: GitRepo | undefined): Promise<string | null> {
  if (!repo) return null;
  const head = await resolveCommit(repo.root, 'HEAD');
  if (!head) return null;
  const status = await runGit(repo.root, ['status', '--porcelain', '--', ...CONFIG_PATHS]).catch(() => Buffer.alloc(0));
  return status.length > 0 ? `${head}+dirty` : head;
}
