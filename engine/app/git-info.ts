/** What Git knows about the configuration: the commit behind each policy file. */
import { simpleGit } from 'simple-git';

/**
 * Short commit of each file's last change; `<commit>+dirty` when the working copy
 * differs from it, and `uncommitted` for a file Git does not track. Empty when the
 * directory is not a Git checkout.
 */
export async function fileCommits(root: string, files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const git = simpleGit({ baseDir: root });
  const isRepo = await git.checkIsRepo().catch(() => false);
  if (!isRepo || files.length === 0) return out;
  let dirty = new Set<string>();
  try {
    const status = await git.status(['--', ...files]);
    dirty = new Set(status.files.map((f) => f.path));
  } catch {
    // A repository without commits has no status to compare against.
  }
  for (const f of files) {
    const commit = await git
      .raw(['log', '-1', '--format=%h', '--abbrev=12', '--', f])
      .then((s) => s.trim())
      .catch(() => '');
    out.set(f, commit === '' ? 'uncommitted' : dirty.has(f) ? `${commit}+dirty` : commit);
  }
  return out;
}
