/**
 * Open the ledger for reading or writing. A branch ledger is read and written
 * with plumbing only (`ls-tree`, `cat-file`, `fast-import`): the user's working
 * tree, index and HEAD are never touched. Before anything is read, the local
 * branch is checked against the remote's copy; a ledger that diverged (a
 * force-push, two writers) is an error, never silently rewritten. Shell module.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { CtemError, ExitCode } from '../errors.ts';
import { catFileBatch, GitProcessError, lsTree, runGit } from './git-process.ts';
import { isAncestor, openGitRepo, resolveCommit, type GitRepo } from './git-repo.ts';
import { EXPOSURES_DIR, INDEX_DIR, runAtOfPath, RUNS_DIR } from './layout.ts';
import { describeLocation, type LedgerLocation } from './location.ts';
import { EMPTY_STATE, filesToWrite, type LedgerState, type LedgerWrite } from './write-plan.ts';

export interface Ledger {
  location: LedgerLocation;
  /** Undefined only for a directory ledger outside any Git repository (it can be written, not searched). */
  repo: GitRepo | undefined;
  /** The commit whose tree holds the ledger's latest committed state: the branch tip, or HEAD for a directory. */
  head: string | undefined;
  /** Where the ledger's files are inside that tree: '' for a branch, `<dir>/` for a directory. */
  treePrefix: string;
  describe: string;
  /** Git's id for a blob with this content, to tell unchanged records without reading them. */
  blobId(content: string): string;
  state(): Promise<LedgerState>;
  write(w: LedgerWrite, message: string): Promise<{ commit?: string }>;
}

/** Commits are written as ctem; `.invalid` is a reserved domain, so the address can never be someone's. */
const IDENTITY = 'ctem <ctem@invalid>';

export async function openLedger(root: string, location: LedgerLocation): Promise<Ledger> {
  const repo = await openGitRepo(root);
  const format = repo?.objectFormat ?? 'sha1';
  const blobId = (content: string) => {
    const bytes = Buffer.from(content, 'utf8');
    return createHash(format).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  };
  if (location.kind === 'directory') return directoryLedger(root, location, repo, blobId);
  if (!repo) {
    throw new CtemError(
      {
        code: 'ledger-no-git',
        severity: 'error',
        message: `the ledger branch '${location.branch}' needs a Git repository, and ${root} is not in one`,
        hint: 'run ctem in a clone of the exposure repository, or set `ledger: { directory: ledger }` in ctem.yaml',
      },
      ExitCode.git,
    );
  }
  return branchLedger(repo, location, blobId);
}

async function branchLedger(repo: GitRepo, location: Extract<LedgerLocation, { kind: 'branch' }>, blobId: (c: string) => string): Promise<Ledger> {
  const ref = `refs/heads/${location.branch}`;
  await runGit(repo.toplevel, ['check-ref-format', ref]).catch(() => {
    throw new CtemError({ code: 'ledger-config', severity: 'error', message: `ledger.branch '${location.branch}' is not a valid branch name`, file: 'ctem.yaml' }, ExitCode.config);
  });
  const head = await ledgerTip(repo, location);
  return {
    location,
    repo,
    head,
    treePrefix: '',
    describe: describeLocation(location),
    blobId,
    async state() {
      if (!head) return EMPTY_STATE;
      const entries = await lsTree(repo.toplevel, head, [EXPOSURES_DIR, INDEX_DIR, RUNS_DIR]);
      const exposures = new Map<string, string>();
      const indexObjects = new Map<string, string>();
      const runs: string[] = [];
      for (const e of entries) {
        if (e.type !== 'blob') continue;
        if (e.path.startsWith(`${EXPOSURES_DIR}/`)) exposures.set(e.path, e.object);
        if (e.path.startsWith(`${RUNS_DIR}/`)) {
          const runAt = runAtOfPath(e.path);
          if (runAt) runs.push(runAt);
        }
        const shard = new RegExp(`^${INDEX_DIR}/([0-9a-f]+)\\.tsv$`).exec(e.path)?.[1];
        if (shard) indexObjects.set(shard, e.object);
      }
      const blobs = await catFileBatch(repo.toplevel, [...indexObjects.values()]);
      const index = new Map<string, string>();
      for (const [shard, object] of indexObjects) index.set(shard, blobs.get(object)?.toString('utf8') ?? '');
      return { exposures, index, runs };
    },
    async write(w, message) {
      const at = Math.floor(Date.parse(w.run.run_at) / 1000);
      try {
        await runGit(repo.toplevel, ['fast-import', '--quiet', '--date-format=raw'], fastImportStream(ref, head, w, message, at));
      } catch (err) {
        if (err instanceof GitProcessError && /not updating|does not contain|non-fast-forward/i.test(err.stderr)) {
          throw new CtemError(
            {
              code: 'ledger-moved',
              severity: 'error',
              message: `the ledger branch '${location.branch}' moved while this run was writing to it; nothing was recorded`,
              hint: 'two runs raced: run again (the ctem-run workflow uses a concurrency group so this cannot happen in CI)',
            },
            ExitCode.git,
          );
        }
        throw err;
      }
      return { commit: await resolveCommit(repo.toplevel, ref) };
    },
  };
}

function* fastImportStream(ref: string, parent: string | undefined, w: LedgerWrite, message: string, at: number): Generator<string | Buffer> {
  const data = (text: string | Buffer) => {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    return [`data ${bytes.length}\n`, bytes, '\n'] as const;
  };
  yield 'feature done\n';
  yield `commit ${ref}\n`;
  yield `author ${IDENTITY} ${at} +0000\n`;
  yield `committer ${IDENTITY} ${at} +0000\n`;
  yield* data(message);
  if (parent) yield `from ${parent}\n`;
  for (const path of w.deletes) yield `D ${path}\n`;
  for (const [path, content] of filesToWrite(w)) {
    yield `M 100644 inline ${path}\n`;
    yield* data(content);
  }
  yield '\ndone\n';
}

/**
 * The commit to build on: the local branch, or the remote's copy when the local one
 * is missing or behind it. Anything else — the two have diverged — is an error.
 */
async function ledgerTip(repo: GitRepo, location: Extract<LedgerLocation, { kind: 'branch' }>): Promise<string | undefined> {
  const local = await resolveCommit(repo.toplevel, `refs/heads/${location.branch}`);
  const remote = await resolveCommit(repo.toplevel, `refs/remotes/${location.remote}/${location.branch}`);
  if (!remote || remote === local) return local;
  if (!local) return remote;
  if (await isAncestor(repo.toplevel, local, remote)) return remote;
  if (await isAncestor(repo.toplevel, remote, local)) return local;
  const b = location.branch;
  const r = `${location.remote}/${b}`;
  throw new CtemError(
    {
      code: 'ledger-diverged',
      severity: 'error',
      message: `the ledger branch '${b}' (${local.slice(0, 12)}) and '${r}' (${remote.slice(0, 12)}) have diverged: one of them was rewritten or force-pushed; ctem will not read or extend either`,
      hint: `compare them (git log --oneline --graph ${b} ${r}), keep a backup (git branch ${b}-backup ${b}), then make one the ledger: git branch -f ${b} ${r}, or git push --force-with-lease ${location.remote} ${b}; see docs/ledger.md#when-the-ledger-diverged`,
    },
    ExitCode.git,
  );
}

function directoryLedger(root: string, location: Extract<LedgerLocation, { kind: 'directory' }>, repo: GitRepo | undefined, blobId: (c: string) => string): Promise<Ledger> {
  const dir = join(root, location.directory);
  const readText = (p: string) => readFile(join(dir, p), 'utf8');
  const listDir = async (p: string) => {
    try {
      return await readdir(join(dir, p), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  };
  const ledger = async (): Promise<Ledger> => ({
    location,
    repo,
    head: repo ? await resolveCommit(repo.toplevel, 'HEAD') : undefined,
    treePrefix: `${repo?.prefix ?? ''}${location.directory}/`,
    describe: describeLocation(location),
    blobId,
    async state() {
      const exposures = new Map<string, string>();
      for (const shard of await listDir(EXPOSURES_DIR)) {
        if (!shard.isDirectory()) continue;
        for (const f of await listDir(`${EXPOSURES_DIR}/${shard.name}`)) {
          if (!f.isFile() || !f.name.endsWith('.json')) continue;
          const path = `${EXPOSURES_DIR}/${shard.name}/${f.name}`;
          exposures.set(path, blobId(await readText(path)));
        }
      }
      const index = new Map<string, string>();
      for (const f of await listDir(INDEX_DIR)) {
        const shard = /^([0-9a-f]+)\.tsv$/.exec(f.name)?.[1];
        if (f.isFile() && shard) index.set(shard, await readText(`${INDEX_DIR}/${f.name}`));
      }
      const runs: string[] = [];
      for (const year of await listDir(RUNS_DIR)) {
        if (!year.isDirectory()) continue;
        for (const f of await listDir(`${RUNS_DIR}/${year.name}`)) {
          const runAt = f.isFile() ? runAtOfPath(f.name) : undefined;
          if (runAt) runs.push(runAt);
        }
      }
      return { exposures, index, runs };
    },
    async write(w) {
      // The directory is in a working tree anyone with commit access can shape: no part of
      // a path written may be a symbolic link, or a write could land anywhere.
      const refuse = (path: string) =>
        new CtemError(
          { code: 'ledger-directory', severity: 'error', message: `ledger directory: ${path} is a symbolic link; ctem writes only real files and directories there`, hint: 'remove the link' },
          ExitCode.config,
        );
      const ensureDir = async (full: string, shown: string) => {
        const st = await lstat(full).catch(() => undefined);
        if (st?.isSymbolicLink()) throw refuse(shown);
        if (!st) await mkdir(full);
      };
      await mkdir(dirname(dir), { recursive: true });
      await ensureDir(dir, location.directory);
      const safe = async (path: string) => {
        const parts = path.split('/');
        let cur = dir;
        for (const part of parts.slice(0, -1)) {
          cur = join(cur, part);
          await ensureDir(cur, `${location.directory}/${relative(dir, cur)}`);
        }
        const full = join(dir, path);
        // Removing first replaces a link by a file instead of writing through it.
        await rm(full, { force: true });
        return full;
      };
      for (const path of w.deletes) await safe(path);
      for (const [path, content] of filesToWrite(w)) await writeFile(await safe(path), content, { flag: 'wx' });
      return {};
    },
  });
  return ledger();
}
