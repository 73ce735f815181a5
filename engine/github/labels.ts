/**
 * Labels are created (with a colour and a description) before ctem first uses them in
 * a repository. Cheaply: labels seen on listed issues are known to exist; only when a
 * write needs another one is the repository's label list read (once per repository
 * per run, conditionally) and the missing ones created. GitHub would create an
 * unknown label itself, grey and without a description.
 */
import type { GitHubClient } from './client.ts';
import { conditionalList } from './conditional.ts';
import type { EtagCache } from './etag-cache.ts';
import { splitRepository } from './repository.ts';

const COLOURS: Record<string, string> = {
  'priority:p1': 'b60205',
  'priority:p2': 'd93f0b',
  'priority:p3': 'fbca04',
  'priority:p4': 'c2e0c6',
  overdue: 'b60205',
  ctem: '0e8a16',
  security: 'd73a4a',
  'known-exploited': '5319e7',
};

export function labelStyle(name: string): { color: string; description: string } {
  const n = name.toLowerCase();
  const color = COLOURS[n] ?? (n.startsWith('scope:') ? '1d76db' : 'ededed');
  const description = n.startsWith('priority:')
    ? `ctem: remediation priority ${name.slice('priority:'.length)}`
    : n.startsWith('scope:')
      ? `ctem: business scope ${name.slice('scope:'.length)}`
      : n === 'overdue'
        ? 'ctem: past its remediation due date'
        : 'Managed by ctem';
  return { color, description: description.slice(0, 100) };
}

export class LabelEnsurer {
  private readonly known = new Map<string, Set<string>>();
  private readonly checked = new Set<string>();

  constructor(
    private readonly client: GitHubClient,
    private readonly cache: EtagCache,
  ) {}

  /** Labels known to exist (from a listing). */
  learn(repository: string, names: Iterable<string>): void {
    const k = this.set(repository);
    for (const n of names) k.add(n.toLowerCase());
  }

  private set(repository: string): Set<string> {
    const key = repository.toLowerCase();
    let s = this.known.get(key);
    if (!s) this.known.set(key, (s = new Set()));
    return s;
  }

  /** Make sure every label exists in the repository. */
  async ensure(repository: string, names: readonly string[]): Promise<void> {
    const known = this.set(repository);
    let missing = names.filter((n) => !known.has(n.toLowerCase()));
    if (missing.length === 0) return;
    const key = repository.toLowerCase();
    const { owner, repo } = splitRepository(repository);
    if (!this.checked.has(key)) {
      this.checked.add(key);
      const parse = (x: unknown) => (x !== null && typeof x === 'object' && Object.hasOwn(x, 'name') && typeof (x as { name: unknown }).name === 'string' ? { name: (x as { name: string }).name } : undefined);
      const all = await conditionalList(this.client, this.cache, 'GET /repos/{owner}/{repo}/labels', { owner, repo }, parse);
      for (const l of all) known.add(l.name.toLowerCase());
      missing = missing.filter((n) => !known.has(n.toLowerCase()));
    }
    for (const name of missing) {
      try {
        await this.client.octokit.rest.issues.createLabel({ owner, repo, name, ...labelStyle(name) });
      } catch (e) {
        // Already there (made by someone else, or by our own earlier attempt): that is the goal.
        if ((e as { status?: number }).status !== 422) throw e;
      }
      known.add(name.toLowerCase());
    }
  }
}
