/**
 * The test GitHub's memory: users and orgs, repositories with their issues, pull
 * requests, labels, comments, branches and files, and security alerts. Records here
 * are plain data; `render.ts` turns them into GitHub's JSON shapes and the handlers
 * apply GitHub's rules when changing them. Everything a test needs to set up a world
 * goes through the `seed*` methods.
 */
import type { Clock } from './clock.ts';
import { blobSha, sha1 } from './ids.ts';
import { notFound } from './errors.ts';

export type AlertKind = 'dependabot' | 'code-scanning' | 'secret-scanning';
export const ALERT_KINDS: readonly AlertKind[] = ['dependabot', 'code-scanning', 'secret-scanning'];

export interface UserRecord {
  id: number;
  login: string;
  type: 'User' | 'Organization' | 'Bot';
  name: string | null;
  email: string | null;
  createdAt: Date;
}

export interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  name: string;
  members: string[];
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PullRecord {
  id: number;
  head: string;
  base: string;
  draft: boolean;
  maintainerCanModify: boolean;
  merged: false;
  /** Logins whose review is requested and who have not reviewed since (handlers/reviews.ts). */
  requestedReviewers?: string[];
  /** Slugs of requested teams (in the repository owner's organisation). */
  requestedTeams?: string[];
  reviews?: ReviewRecord[];
}

export interface ReviewRecord {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
  body: string;
  commitId: string;
  submittedAt: Date;
}

/** An issue, or the issue half of a pull request (they share numbers, as on GitHub). */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  /** Label names, in the label's own spelling. */
  labels: string[];
  assignees: string[];
  user: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  locked: boolean;
  comments: CommentRecord[];
  pull?: PullRecord;
}

export interface CommitRecord {
  sha: string;
  treeSha: string;
  parents: string[];
  /** path → blob sha: the whole tree of the commit, flattened. */
  tree: Map<string, string>;
  message: string;
  author: { name: string; email: string; date: Date };
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  description: string | null;
  private: boolean;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  topics: string[];
  language: string | null;
  defaultBranch: string;
  hasIssues: boolean;
  createdAt: Date;
  updatedAt: Date;
  pushedAt: Date;
  /** Next issue/PR number (shared sequence, as on GitHub). */
  nextNumber: number;
  /** Keyed by lower-cased name: label names are case-insensitive on GitHub. */
  labels: Map<string, LabelRecord>;
  issues: Map<number, IssueRecord>;
  /** Fully qualified ref (`refs/heads/main`) → commit sha. */
  refs: Map<string, string>;
  /** Seeded alerts per kind; a kind that was never seeded is "not enabled" on the repo. */
  alerts: Partial<Record<AlertKind, Record<string, unknown>[]>>;
}

export interface SeedRepo {
  owner: string;
  name: string;
  defaultBranch?: string;
  description?: string | null;
  private?: boolean;
  visibility?: 'public' | 'private' | 'internal';
  archived?: boolean;
  fork?: boolean;
  topics?: string[];
  language?: string | null;
  hasIssues?: boolean;
  /** Files on the default branch (path → UTF-8 text). */
  files?: Record<string, string>;
  /** Other branches, created at the default branch's head. */
  branches?: string[];
  labels?: Array<{ name: string; color?: string; description?: string | null }>;
}

export interface SeedIssue {
  owner: string;
  repo: string;
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  state?: 'open' | 'closed';
  stateReason?: IssueRecord['stateReason'];
  user?: string;
  createdAt?: Date | string;
  comments?: string[];
}

export interface StateOptions {
  clock: Clock;
  /** Login of the default actor (the owner of the default token). */
  defaultUser?: string;
  /**
   * GitHub's search index trails writes: a new or changed issue is not found by
   * /search/issues straight away. Items created or updated less than this long ago (by
   * the clock) are left out of search results.
   */
  searchLagMs?: number;
}

/** Repositories are addressed as `owner/name`, case-insensitively like GitHub. */
export const repoKey = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase();

export class State {
  readonly clock: Clock;
  readonly users = new Map<string, UserRecord>();
  readonly teams: TeamRecord[] = [];
  readonly repos = new Map<string, RepoRecord>();
  readonly commits = new Map<string, CommitRecord>();
  readonly blobs = new Map<string, Buffer>();
  searchLagMs: number;
  private readonly counters = new Map<string, number>();
  /** Where each id sequence starts: distinct ranges make mixed-up ids fail loudly. */
  private static readonly FIRST_ID: Record<string, number> = {
    user: 1000,
    repo: 500000,
    issue: 2000000,
    label: 3000000,
    comment: 4000000,
    pull: 5000000,
    team: 100,
    review: 6000000,
  };

  constructor(opts: StateOptions) {
    this.clock = opts.clock;
    this.searchLagMs = opts.searchLagMs ?? 0;
    this.seedUser({ login: opts.defaultUser ?? 'ctem-bot', name: 'ctem bot' });
  }

  nextId(kind: string): number {
    const next = this.counters.get(kind) ?? State.FIRST_ID[kind] ?? 1;
    this.counters.set(kind, next + 1);
    return next;
  }

  now(): Date {
    return this.clock.now();
  }

  // ---- lookups --------------------------------------------------------------------

  user(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  /** The user record for a login, created on the fly: GitHub objects always name a full user. */
  ensureUser(login: string, type: UserRecord['type'] = 'User'): UserRecord {
    return this.user(login) ?? this.seedUser({ login, type });
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(repoKey(owner, name));
  }

  /** The repository or GitHub's 404. */
  requireRepo(owner: string, name: string): RepoRecord {
    const r = this.repo(owner, name);
    if (!r) throw notFound();
    return r;
  }

  /** The issue (or pull request) with that number, or 404. */
  requireIssue(repo: RepoRecord, number: number): IssueRecord {
    const issue = repo.issues.get(number);
    if (!issue) throw notFound();
    return issue;
  }

  reposOf(owner: string): RepoRecord[] {
    return [...this.repos.values()].filter((r) => r.owner.toLowerCase() === owner.toLowerCase());
  }

  /** The commit a branch points at, or undefined when the branch does not exist. */
  branchHead(repo: RepoRecord, branch: string): string | undefined {
    return repo.refs.get(`refs/heads/${branch}`);
  }

  /** Resolve a `ref` query value (branch, tag, or commit sha) to a commit. */
  resolveCommit(repo: RepoRecord, ref: string): CommitRecord | undefined {
    const sha = repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`) ?? repo.refs.get(ref) ?? ref;
    return this.commits.get(sha);
  }

  /** Is `ancestor` reachable from `sha` through parent links (a fast-forward check)? */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const cur = stack.pop() as string;
      if (cur === ancestor) return true;
      if (seen.has(cur)) continue;
      seen.add(cur);
      stack.push(...(this.commits.get(cur)?.parents ?? []));
    }
    return false;
  }

  // ---- git objects ----------------------------------------------------------------

  /**
   * Record a commit whose tree is `parent`'s tree with `changes` applied (null deletes).
   * The commit sha hashes tree, parents, message and time, so it is stable for a given
   * history and clock, like a real commit id.
   */
  commit(parent: string | undefined, changes: Record<string, Buffer | null>, message: string, author?: { name: string; email: string }): CommitRecord {
    const tree = new Map(parent ? this.commits.get(parent)?.tree : undefined);
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) {
        tree.delete(path);
        continue;
      }
      const sha = blobSha(content);
      this.blobs.set(sha, content);
      tree.set(path, sha);
    }
    const treeSha = sha1(`tree ${[...tree.entries()].sort().map(([p, s]) => `${p}:${s}`).join('\n')}`);
    const date = this.now();
    const parents = parent ? [parent] : [];
    const who = author ?? { name: 'ctem bot', email: 'ctem-bot@users.noreply.test' };
    const sha = sha1(`commit ${treeSha} ${parents.join(',')} ${message} ${date.toISOString()} ${this.commits.size}`);
    const record: CommitRecord = { sha, treeSha, parents, tree, message, author: { ...who, date } };
    this.commits.set(sha, record);
    return record;
  }

  // ---- seeding --------------------------------------------------------------------

  seedUser(input: { login: string; name?: string | null; email?: string | null; type?: UserRecord['type'] }): UserRecord {
    const existing = this.user(input.login);
    if (existing) return existing;
    const u: UserRecord = {
      id: this.nextId('user'),
      login: input.login,
      type: input.type ?? 'User',
      name: input.name ?? null,
      email: input.email ?? null,
      createdAt: this.now(),
    };
    this.users.set(input.login.toLowerCase(), u);
    return u;
  }

  seedOrg(input: { login: string; name?: string | null }): UserRecord {
    return this.seedUser({ ...input, type: 'Organization' });
  }

  seedTeam(input: { org: string; slug: string; name?: string; members?: string[] }): TeamRecord {
    this.seedOrg({ login: input.org });
    for (const m of input.members ?? []) this.ensureUser(m);
    const t: TeamRecord = { id: this.nextId('team'), org: input.org, slug: input.slug, name: input.name ?? input.slug, members: input.members ?? [] };
    this.teams.push(t);
    return t;
  }

  seedRepo(input: SeedRepo): RepoRecord {
    if (this.repo(input.owner, input.name)) throw new Error(`repo ${input.owner}/${input.name} already seeded`);
    // An owner nobody declared is taken to be an organization: ctem works on org estates.
    if (!this.user(input.owner)) this.seedOrg({ login: input.owner });
    const now = this.now();
    const visibility = input.visibility ?? (input.private ? 'private' : 'public');
    const repo: RepoRecord = {
      id: this.nextId('repo'),
      owner: this.user(input.owner)?.login ?? input.owner,
      name: input.name,
      description: input.description ?? null,
      private: visibility !== 'public',
      visibility,
      archived: input.archived ?? false,
      fork: input.fork ?? false,
      topics: input.topics ?? [],
      language: input.language ?? null,
      defaultBranch: input.defaultBranch ?? 'main',
      hasIssues: input.hasIssues ?? true,
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
      nextNumber: 1,
      labels: new Map(),
      issues: new Map(),
      refs: new Map(),
      alerts: {},
    };
    const files = Object.fromEntries(Object.entries(input.files ?? { 'README.md': `# ${input.name}\n` }).map(([p, t]) => [p, Buffer.from(t, 'utf8')]));
    const root = this.commit(undefined, files, 'Initial commit');
    repo.refs.set(`refs/heads/${repo.defaultBranch}`, root.sha);
    for (const b of input.branches ?? []) repo.refs.set(`refs/heads/${b}`, root.sha);
    for (const l of input.labels ?? []) this.addLabel(repo, l.name, l.color ?? 'ededed', l.description ?? null);
    this.repos.set(repoKey(repo.owner, repo.name), repo);
    return repo;
  }

  addLabel(repo: RepoRecord, name: string, color: string, description: string | null): LabelRecord {
    const label: LabelRecord = { id: this.nextId('label'), name, color: color.toLowerCase(), description, default: false };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  /** A new issue record (numbers are shared with pull requests). Used by seeding and by POST. */
  newIssue(repo: RepoRecord, input: { title: string; body: string | null; user: string; labels?: string[]; assignees?: string[]; createdAt?: Date }): IssueRecord {
    const created = input.createdAt ?? this.now();
    const issue: IssueRecord = {
      id: this.nextId('issue'),
      number: repo.nextNumber++,
      title: input.title,
      body: input.body,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: input.assignees ?? [],
      user: input.user,
      createdAt: created,
      updatedAt: created,
      closedAt: null,
      closedBy: null,
      locked: false,
      comments: [],
    };
    this.applyLabels(repo, issue, input.labels ?? [], 'add');
    repo.issues.set(issue.number, issue);
    return issue;
  }

  /**
   * Add or replace an issue's labels. Unknown labels are created (grey), which is what
   * GitHub does for callers with push access.
   */
  applyLabels(repo: RepoRecord, issue: IssueRecord, names: string[], mode: 'add' | 'set'): void {
    if (mode === 'set') issue.labels = [];
    for (const raw of names) {
      const name = raw.trim();
      const label = repo.labels.get(name.toLowerCase()) ?? this.addLabel(repo, name, 'ededed', null);
      if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) issue.labels.push(label.name);
    }
  }

  newComment(issue: IssueRecord, body: string, user: string): CommentRecord {
    const now = this.now();
    const c: CommentRecord = { id: this.nextId('comment'), issueNumber: issue.number, body, user, createdAt: now, updatedAt: now };
    issue.comments.push(c);
    issue.updatedAt = now;
    return c;
  }

  seedIssue(input: SeedIssue): IssueRecord {
    const repo = this.repo(input.owner, input.repo);
    if (!repo) throw new Error(`seedIssue: repo ${input.owner}/${input.repo} not seeded`);
    const user = input.user ?? this.defaultLogin();
    this.ensureUser(user);
    for (const a of input.assignees ?? []) this.ensureUser(a);
    const issue = this.newIssue(repo, {
      title: input.title,
      body: input.body ?? null,
      user,
      labels: input.labels,
      assignees: input.assignees,
      createdAt: input.createdAt === undefined ? undefined : new Date(input.createdAt),
    });
    for (const text of input.comments ?? []) this.newComment(issue, text, user);
    if (input.state === 'closed') {
      issue.state = 'closed';
      issue.stateReason = input.stateReason ?? 'completed';
      issue.closedAt = issue.updatedAt;
      issue.closedBy = user;
    }
    return issue;
  }

  /**
   * Seed security alerts for one repository (`owner/name`). Items are GitHub's own
   * alert objects (the corpus uses GitHub's documentation examples); a `repository`
   * key from an org-level example is dropped, since the org endpoints add the real one.
   * Seeding an empty list turns the feature on without alerts.
   */
  seedAlerts(kind: AlertKind, fullName: string, items: readonly object[]): void {
    const [owner, name] = fullName.split('/');
    const repo = owner && name ? this.repo(owner, name) : undefined;
    if (!repo) throw new Error(`seedAlerts: repo ${fullName} not seeded`);
    const copies = items.map((item) => {
      const copy = structuredClone(item) as Record<string, unknown>;
      delete copy.repository;
      return copy;
    });
    repo.alerts[kind] = [...(repo.alerts[kind] ?? []), ...copies];
  }

  /** The login that writes happen as when no token says otherwise. */
  defaultLogin(): string {
    return [...this.users.values()][0]?.login ?? 'ctem-bot';
  }
}
