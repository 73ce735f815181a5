/**
 * Who changed the rule or exception behind a decision, and in which commit: the
 * policy file's commit recorded in the decision, and `git blame` of the rule's own
 * lines as they were at that commit. Shell module.
 */
import type { DecisionException, DecisionRule } from '../model/decision.ts';
import { catFileBatch, runGit } from './git-process.ts';
import { resolveCommit, type GitRepo } from './git-repo.ts';
import { itemLines, parseBlamePorcelain, type BlameCommit, type LineRange } from './provenance-parse.ts';

export interface Provenance {
  what: 'rule' | 'exception';
  id: string;
  file: string;
  /** The configuration commit the decision names (the file's last change, or HEAD for exceptions). */
  commit: string | null;
  /** The working copy had uncommitted changes to the file when the run was made. */
  dirty: boolean;
  /** The item's lines in the file at that commit. */
  lines?: LineRange;
  /** The commit that last changed those lines (who changed the rule itself). */
  last_change?: BlameCommit;
  /** Why nothing more could be found, in one line. */
  note?: string;
}

export async function ruleProvenance(repo: GitRepo, rule: DecisionRule): Promise<Provenance> {
  const base = { what: 'rule' as const, id: rule.id, file: rule.file };
  // The default pseudo-rule is `defaults.priority` in ctem.yaml, not a list item.
  return provenance(repo, base, rule.commit, rule.id === 'default' && rule.file === 'ctem.yaml' ? undefined : 'rules');
}

export async function exceptionProvenance(repo: GitRepo, exception: DecisionException, configCommit: string | null): Promise<Provenance> {
  return provenance(repo, { what: 'exception', id: exception.id, file: exception.file }, configCommit ?? undefined, 'exceptions');
}

async function provenance(
  repo: GitRepo,
  base: Pick<Provenance, 'what' | 'id' | 'file'>,
  recorded: string | undefined,
  listKey: 'rules' | 'exceptions' | undefined,
): Promise<Provenance> {
  if (recorded === undefined || recorded === 'uncommitted') {
    return { ...base, commit: null, dirty: recorded === 'uncommitted', note: recorded === 'uncommitted' ? 'the file was not committed when the run was made' : 'the run was not made in a Git checkout' };
  }
  const dirty = recorded.endsWith('+dirty');
  const short = recorded.replace(/\+dirty$/, '');
  const commit = /^[0-9a-f]{4,64}$/.test(short) ? await resolveCommit(repo.toplevel, short) : undefined;
  if (!commit) return { ...base, commit: short, dirty, note: `commit ${short} is not in this clone (fetch the full history: git fetch --unshallow)` };
  const out: Provenance = { ...base, commit, dirty };
  if (dirty) out.note = 'the file also had uncommitted changes when the run was made; the committed version is shown';
  const path = `${repo.prefix}${base.file}`;
  const spec = `${commit}:${path}`;
  const text = (await catFileBatch(repo.toplevel, [spec])).get(spec)?.toString('utf8');
  if (text === undefined) return { ...out, note: `${base.file} does not exist at ${commit.slice(0, 12)}` };
  const lines = listKey ? itemLines(text, base.file, listKey, base.id) : undefined;
  const range = lines ? ['-L', `${lines.start},${lines.end}`] : [];
  const blame = await runGit(repo.toplevel, ['blame', '--porcelain', ...range, commit, '--', path]).catch(() => undefined);
  const last = blame ? await newestOf(repo.toplevel, parseBlamePorcelain(blame.toString('utf8'))) : undefined;
  if (lines) out.lines = lines;
  else if (listKey) out.note = `${base.what} '${base.id}' is not in ${base.file} at ${commit.slice(0, 12)}; the file's last change is shown`;
  if (last) out.last_change = last;
  return out;
}

/**
 * The newest of the blamed commits. Author time orders them, but two commits made
 * within one second tie: then history decides (`rev-list --topo-order` shows a
 * descendant before its ancestors), not the commit hashes.
 */
async function newestOf(cwd: string, commits: readonly BlameCommit[]): Promise<BlameCommit | undefined> {
  const first = commits[0];
  const tied = commits.filter((c) => c.author_time === first?.author_time);
  if (tied.length <= 1) return first;
  const out = await runGit(cwd, ['rev-list', '--topo-order', '-n', '1', ...tied.map((c) => c.commit)]).catch(() => undefined);
  const sha = out?.toString('utf8').trim();
  return tied.find((c) => c.commit === sha) ?? first;
}
