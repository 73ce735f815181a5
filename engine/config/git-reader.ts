/**
 * A ConfigReader over a Git revision: `git ls-tree` to list, `git cat-file` to
 * read, so the configuration at any commit can be loaded without touching the
 * working tree, the index or HEAD (`ctem plan --base REF`). Shell module.
 *
 * A revision that cannot be read is an error with a way out, never an empty
 * configuration: an unknown ref, a base missing from a shallow clone, a missing object.
 */
import { CtemError, ExitCode } from '../errors.ts';
import { catFileBatch, lsTree } from '../ledger/git-process.ts';
import { isShallow, openGitRepo, resolveCommit, type GitRepo } from '../ledger/git-repo.ts';
import type { ConfigReader } from './load.ts';

export interface Revision {
  repo: GitRepo;
  /** The ref as the user gave it. */
  ref: string;
  commit: string;
  reader: ConfigReader;
}

const gitError = (message: string, hint: string) => new CtemError({ code: 'git-revision', severity: 'error', message, hint }, ExitCode.git);

/** Files of a tree that a working-tree reader would also see: regular and executable files. */
const FILE_MODES = new Set(['100644', '100755']);

export async function openRevision(root: string, ref: string): Promise<Revision> {
  if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) {
    throw new CtemError({ code: 'usage', severity: 'error', message: `'${ref}' is not a Git ref`, hint: 'name a branch, tag or commit, e.g. --base main' }, ExitCode.usage);
  }
  const repo = await openGitRepo(root);
  if (!repo) throw gitError(`${root} is not in a Git repository, so there is no '${ref}' to compare with`, 'run ctem plan in a clone of the exposure repository');
  const commit = await resolveCommit(repo.toplevel, ref);
  if (!commit) throw await unknownRef(repo, ref);
  return { repo, ref, commit, reader: gitReader(repo, commit, ref) };
}

async function unknownRef(repo: GitRepo, ref: string): Promise<CtemError> {
  if (await isShallow(repo.toplevel)) {
    return gitError(
      `the base '${ref}' is not in this shallow clone: its history was not fetched`,
      `fetch it (git fetch --no-tags --depth=1 origin ${ref}:refs/remotes/origin/${ref}) and pass --base origin/${ref}; in GitHub Actions, use actions/checkout with fetch-depth: 0 (docs/plan.md#shallow-clones)`,
    );
  }
  const remote = await resolveCommit(repo.toplevel, `refs/remotes/origin/${ref}`);
  if (remote) return gitError(`unknown Git ref '${ref}'`, `there is a remote branch: --base origin/${ref}`);
  return gitError(`unknown Git ref '${ref}'`, `check the name (git branch -a), or fetch it: git fetch origin ${ref}`);
}

export function gitReader(repo: GitRepo, commit: string, ref = commit): ConfigReader {
  const treePath = (path: string) => `${repo.prefix}${path}`;
  const listing = new Map<string, Promise<Map<string, { mode: string; object: string }>>>();
  const list = (dir: string) => {
    let p = listing.get(dir);
    if (!p) {
      p = lsTree(repo.toplevel, commit, [`${treePath(dir)}/`], false).then(
        (entries) => new Map(entries.filter((e) => e.type === 'blob').map((e) => [e.path.slice(e.path.lastIndexOf('/') + 1), { mode: e.mode, object: e.object }])),
      );
      listing.set(dir, p);
    }
    return p;
  };
  return {
    async list(dir) {
      const entries = await list(dir);
      return [...entries].filter(([, e]) => FILE_MODES.has(e.mode)).map(([name]) => name);
    },
    async read(path) {
      const slash = path.lastIndexOf('/');
      const dir = slash < 0 ? '' : path.slice(0, slash);
      const name = path.slice(slash + 1);
      const entries = dir === '' ? await rootEntries(repo, commit) : await list(dir);
      const e = entries.get(name);
      if (!e || !FILE_MODES.has(e.mode)) return undefined;
      const blob = (await catFileBatch(repo.toplevel, [e.object])).get(e.object);
      if (blob === undefined) {
        throw gitError(
          `${path} at '${ref}' (${commit.slice(0, 12)}) names object ${e.object.slice(0, 12)}, which is missing from this clone`,
          'the clone is partial or damaged: fetch the objects (git fetch --refetch origin) or clone again without --filter',
        );
      }
      return blob.toString('utf8');
    },
  };
}

async function rootEntries(repo: GitRepo, commit: string): Promise<Map<string, { mode: string; object: string }>> {
  const target = repo.prefix === '' ? [] : [repo.prefix];
  const entries = await lsTree(repo.toplevel, commit, target, false);
  return new Map(entries.filter((e) => e.type === 'blob').map((e) => [e.path.slice(e.path.lastIndexOf('/') + 1), { mode: e.mode, object: e.object }]));
}
