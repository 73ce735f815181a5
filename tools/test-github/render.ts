/**
 * Records → GitHub's JSON. Every object must satisfy the response schema of the
 * operation that returns it (the server checks), so required fields GitHub always
 * sends (node_id, the many *_url fields, full user objects) are filled with plausible
 * values. URLs point back at this server: API URLs under its base, and "html" URLs
 * under the same origin, so a client following any link stays on the test GitHub.
 */
import { isoSeconds } from './clock.ts';
import { nodeId } from './ids.ts';
import type { CommentRecord, CommitRecord, IssueRecord, LabelRecord, RepoRecord, ReviewRecord, State, UserRecord } from './state.ts';

type Json = Record<string, unknown>;

const date = (d: Date): string => isoSeconds(d);
const dateOrNull = (d: Date | null): string | null => (d ? isoSeconds(d) : null);
const enc = (s: string): string => encodeURIComponent(s);

export class Renderer {
  constructor(
    private readonly state: State,
    /** API base URL, without trailing slash (`http://127.0.0.1:PORT`). */
    readonly base: string,
  ) {}

  api(path: string): string {
    return `${this.base}${path}`;
  }

  html(path: string): string {
    return `${this.base}${path}`;
  }

  // ---- users ---------------------------------------------------------------------

  user(login: string): Json {
    const u = this.state.ensureUser(login);
    const api = this.api(`/users/${enc(u.login)}`);
    return {
      login: u.login,
      id: u.id,
      node_id: nodeId(u.type === 'Organization' ? 'O' : 'U', u.id),
      avatar_url: `${this.base}/avatars/u/${u.id}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: this.html(`/${enc(u.login)}`),
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: u.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  nullableUser(login: string | null): Json | null {
    return login === null ? null : this.user(login);
  }

  /** GET /user: the private view of the authenticated user. */
  privateUser(u: UserRecord): Json {
    const owned = this.state.reposOf(u.login);
    return {
      ...this.user(u.login),
      user_view_type: 'private',
      name: u.name,
      company: null,
      blog: '',
      location: null,
      email: u.email,
      notification_email: u.email,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: owned.filter((r) => !r.private).length,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: date(u.createdAt),
      updated_at: date(u.createdAt),
      private_gists: 0,
      total_private_repos: owned.filter((r) => r.private).length,
      owned_private_repos: owned.filter((r) => r.private).length,
      disk_usage: 0,
      collaborators: 0,
      two_factor_authentication: true,
      plan: { name: 'free', space: 976562499, private_repos: 10000, collaborators: 0 },
    };
  }

  // ---- repositories --------------------------------------------------------------

  /** The `simple-repository` shape (embedded in alerts). */
  simpleRepo(r: RepoRecord): Json {
    const api = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    return {
      id: r.id,
      node_id: nodeId('R', r.id),
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      owner: this.user(r.owner),
      private: r.private,
      html_url: this.html(`/${enc(r.owner)}/${enc(r.name)}`),
      description: r.description,
      fork: r.fork,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      hooks_url: `${api}/hooks`,
    };
  }

  /**
   * One object that satisfies `repository`, `minimal-repository` and
   * `full-repository` (none of them forbids extra keys): GitHub's listing and
   * single-repo shapes differ mostly in how much they include.
   */
  repo(r: RepoRecord, opts: { full?: boolean } = {}): Json {
    const simple = this.simpleRepo(r);
    const open = [...r.issues.values()].filter((i) => i.state === 'open').length;
    const gitUrl = `${this.base.replace(/^http/, 'git')}/${r.owner}/${r.name}.git`;
    const json: Json = {
      ...simple,
      git_url: gitUrl,
      ssh_url: `git@test-github.invalid:${r.owner}/${r.name}.git`,
      clone_url: this.html(`/${enc(r.owner)}/${enc(r.name)}.git`),
      svn_url: this.html(`/${enc(r.owner)}/${enc(r.name)}`),
      mirror_url: null,
      homepage: null,
      language: r.language,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: this.sizeKb(r),
      default_branch: r.defaultBranch,
      open_issues_count: open,
      is_template: false,
      topics: r.topics,
      has_issues: r.hasIssues,
      has_projects: true,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: r.archived,
      disabled: false,
      visibility: r.visibility,
      pushed_at: date(r.pushedAt),
      created_at: date(r.createdAt),
      updated_at: date(r.updatedAt),
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null,
      forks: 0,
      open_issues: open,
      watchers: 0,
    };
    if (opts.full) {
      const owner = this.state.user(r.owner);
      Object.assign(json, {
        allow_rebase_merge: true,
        allow_squash_merge: true,
        allow_merge_commit: true,
        allow_auto_merge: false,
        delete_branch_on_merge: false,
        subscribers_count: 0,
        network_count: 0,
        temp_clone_token: null,
        organization: owner?.type === 'Organization' ? this.user(owner.login) : null,
      });
    }
    return json;
  }

  /** GitHub reports a repository's size in KB; here, the default branch's files. */
  private sizeKb(r: RepoRecord): number {
    const head = this.state.branchHead(r, r.defaultBranch);
    const tree = head ? this.state.commits.get(head)?.tree : undefined;
    let bytes = 0;
    for (const sha of tree?.values() ?? []) bytes += this.state.blobs.get(sha)?.length ?? 0;
    return Math.ceil(bytes / 1024);
  }

  // ---- issues --------------------------------------------------------------------

  label(r: RepoRecord, l: LabelRecord): Json {
    return {
      id: l.id,
      node_id: nodeId('LA', l.id),
      url: this.api(`/repos/${enc(r.owner)}/${enc(r.name)}/labels/${enc(l.name)}`),
      name: l.name,
      description: l.description,
      color: l.color,
      default: l.default,
    };
  }

  labelsOf(r: RepoRecord, i: IssueRecord): Json[] {
    return i.labels.flatMap((name) => {
      const l = r.labels.get(name.toLowerCase());
      return l ? [this.label(r, l)] : [];
    });
  }

  /** The `issue` shape; pull requests carry the `pull_request` key, as in GitHub's issue listings. */
  issue(r: RepoRecord, i: IssueRecord): Json {
    const repoApi = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    const api = `${repoApi}/issues/${i.number}`;
    const kind = i.pull ? 'pull' : 'issues';
    const json: Json = {
      id: i.id,
      node_id: nodeId(i.pull ? 'PR' : 'I', i.id),
      url: api,
      repository_url: repoApi,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: this.html(`/${enc(r.owner)}/${enc(r.name)}/${kind}/${i.number}`),
      number: i.number,
      state: i.state,
      state_reason: i.stateReason,
      title: i.title,
      body: i.body,
      user: this.user(i.user),
      labels: this.labelsOf(r, i),
      assignee: i.assignees[0] ? this.user(i.assignees[0]) : null,
      assignees: i.assignees.map((a) => this.user(a)),
      milestone: null,
      locked: i.locked,
      active_lock_reason: null,
      comments: i.comments.length,
      closed_at: dateOrNull(i.closedAt),
      created_at: date(i.createdAt),
      updated_at: date(i.updatedAt),
      closed_by: this.nullableUser(i.closedBy),
      author_association: i.user.toLowerCase() === r.owner.toLowerCase() ? 'OWNER' : 'MEMBER',
      timeline_url: `${api}/timeline`,
      performed_via_github_app: null,
      reactions: this.reactions(`${api}/reactions`),
    };
    if (i.pull) {
      const pullApi = `${repoApi}/pulls/${i.number}`;
      const htmlPull = this.html(`/${enc(r.owner)}/${enc(r.name)}/pull/${i.number}`);
      json.draft = i.pull.draft;
      json.pull_request = { url: pullApi, html_url: htmlPull, diff_url: `${htmlPull}.diff`, patch_url: `${htmlPull}.patch`, merged_at: null };
    }
    return json;
  }

  /** The `issue-search-result-item` shape: an issue plus a relevance score. */
  searchItem(r: RepoRecord, i: IssueRecord): Json {
    const { closed_by: _closedBy, ...rest } = this.issue(r, i);
    return { ...rest, score: 1 };
  }

  comment(r: RepoRecord, c: CommentRecord): Json {
    const repoApi = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    return {
      id: c.id,
      node_id: nodeId('IC', c.id),
      url: `${repoApi}/issues/comments/${c.id}`,
      html_url: this.html(`/${enc(r.owner)}/${enc(r.name)}/issues/${c.issueNumber}#issuecomment-${c.id}`),
      body: c.body,
      user: this.user(c.user),
      created_at: date(c.createdAt),
      updated_at: date(c.updatedAt),
      issue_url: `${repoApi}/issues/${c.issueNumber}`,
      author_association: 'MEMBER',
      performed_via_github_app: null,
      reactions: this.reactions(`${repoApi}/issues/comments/${c.id}/reactions`),
    };
  }

  private reactions(url: string): Json {
    return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 };
  }

  // ---- pull requests -------------------------------------------------------------

  private branchEnd(r: RepoRecord, branch: string): Json {
    return {
      label: `${r.owner}:${branch}`,
      ref: branch,
      sha: this.state.branchHead(r, branch) ?? '0'.repeat(40),
      user: this.user(r.owner),
      repo: this.repo(r),
    };
  }

  /** The `pull-request-simple` shape used by GET /pulls. */
  pullSimple(r: RepoRecord, i: IssueRecord): Json {
    const pr = i.pull;
    if (!pr) throw new Error(`#${i.number} is not a pull request`);
    const repoApi = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    const api = `${repoApi}/pulls/${i.number}`;
    const html = this.html(`/${enc(r.owner)}/${enc(r.name)}/pull/${i.number}`);
    const issueApi = `${repoApi}/issues/${i.number}`;
    const statuses = `${repoApi}/statuses/${this.state.branchHead(r, pr.head) ?? ''}`;
    return {
      url: api,
      id: pr.id,
      node_id: nodeId('PR', pr.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueApi,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${repoApi}/pulls/comments{/number}`,
      comments_url: `${issueApi}/comments`,
      statuses_url: statuses,
      number: i.number,
      state: i.state,
      locked: i.locked,
      title: i.title,
      user: this.user(i.user),
      body: i.body,
      labels: this.labelsOf(r, i),
      milestone: null,
      active_lock_reason: null,
      created_at: date(i.createdAt),
      updated_at: date(i.updatedAt),
      closed_at: dateOrNull(i.closedAt),
      merged_at: null,
      merge_commit_sha: null,
      assignee: i.assignees[0] ? this.user(i.assignees[0]) : null,
      assignees: i.assignees.map((a) => this.user(a)),
      requested_reviewers: (pr.requestedReviewers ?? []).map((l) => this.user(l)),
      requested_teams: (pr.requestedTeams ?? []).map((slug) => this.team(r.owner, slug)),
      head: this.branchEnd(r, pr.head),
      base: this.branchEnd(r, pr.base),
      _links: {
        self: { href: api },
        html: { href: html },
        issue: { href: issueApi },
        comments: { href: `${issueApi}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: `${repoApi}/pulls/comments{/number}` },
        commits: { href: `${api}/commits` },
        statuses: { href: statuses },
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: pr.draft,
    };
  }

  /** A team of the organisation, in the `team` shape (requested reviewers). */
  team(org: string, slug: string): Json {
    const t = this.state.teams.find((x) => x.org.toLowerCase() === org.toLowerCase() && x.slug === slug);
    const id = t?.id ?? 0;
    const api = this.api(`/organizations/${this.state.ensureUser(org).id}/team/${id}`);
    return {
      id,
      node_id: nodeId('T', id),
      url: api,
      html_url: this.html(`/orgs/${enc(org)}/teams/${enc(slug)}`),
      name: t?.name ?? slug,
      slug,
      description: null,
      privacy: 'closed',
      notification_setting: 'notifications_enabled',
      permission: 'pull',
      members_url: `${api}/members{/member}`,
      repositories_url: `${api}/repos`,
      type: 'organization',
      parent: null,
    };
  }

  /** A pull request review (`pull-request-review`). */
  review(r: RepoRecord, i: IssueRecord, v: ReviewRecord): Json {
    const api = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}/pulls/${i.number}`);
    const html = this.html(`/${enc(r.owner)}/${enc(r.name)}/pull/${i.number}#pullrequestreview-${v.id}`);
    return {
      id: v.id,
      node_id: nodeId('PRR', v.id),
      user: this.user(v.user),
      body: v.body,
      state: v.state,
      html_url: html,
      pull_request_url: api,
      _links: { html: { href: html }, pull_request: { href: api } },
      submitted_at: date(v.submittedAt),
      commit_id: v.commitId,
      author_association: 'MEMBER',
    };
  }

  /** The full `pull-request` shape (single PR, create, update). */
  pull(r: RepoRecord, i: IssueRecord): Json {
    const pr = i.pull;
    if (!pr) throw new Error(`#${i.number} is not a pull request`);
    const headSha = this.state.branchHead(r, pr.head);
    const baseSha = this.state.branchHead(r, pr.base);
    const commits = headSha && baseSha ? this.countCommits(baseSha, headSha) : 0;
    return {
      ...this.pullSimple(r, i),
      merged: pr.merged,
      mergeable: i.state === 'open' ? true : null,
      rebaseable: i.state === 'open' ? true : null,
      mergeable_state: i.state === 'open' ? 'clean' : 'unknown',
      merged_by: null,
      comments: i.comments.length,
      review_comments: 0,
      maintainer_can_modify: pr.maintainerCanModify,
      commits,
      additions: 0,
      deletions: 0,
      changed_files: headSha && baseSha ? this.changedFiles(baseSha, headSha) : 0,
    };
  }

  private countCommits(baseSha: string, headSha: string): number {
    let n = 0;
    let cur: string | undefined = headSha;
    while (cur && cur !== baseSha && n < 10000) {
      n++;
      cur = this.state.commits.get(cur)?.parents[0];
    }
    return n;
  }

  private changedFiles(baseSha: string, headSha: string): number {
    const a = this.state.commits.get(baseSha)?.tree ?? new Map<string, string>();
    const b = this.state.commits.get(headSha)?.tree ?? new Map<string, string>();
    let n = 0;
    for (const p of new Set([...a.keys(), ...b.keys()])) if (a.get(p) !== b.get(p)) n++;
    return n;
  }

  // ---- git and contents ----------------------------------------------------------

  gitRef(r: RepoRecord, ref: string, sha: string): Json {
    const repoApi = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    return {
      ref,
      node_id: nodeId('REF', `${r.id}:${ref}`),
      url: `${repoApi}/git/${ref}`,
      object: { type: 'commit', sha, url: `${repoApi}/git/commits/${sha}` },
    };
  }

  private contentLinks(r: RepoRecord, path: string, ref: string, sha: string, type: 'blob' | 'tree'): { self: string; git: string; html: string; download: string | null } {
    const repoApi = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    const encPath = path.split('/').map(enc).join('/');
    return {
      self: `${repoApi}/contents/${encPath}?ref=${enc(ref)}`,
      git: `${repoApi}/git/${type === 'blob' ? 'blobs' : 'trees'}/${sha}`,
      html: this.html(`/${enc(r.owner)}/${enc(r.name)}/${type}/${enc(ref)}/${encPath}`),
      download: type === 'blob' ? this.html(`/raw/${enc(r.owner)}/${enc(r.name)}/${enc(ref)}/${encPath}`) : null,
    };
  }

  /** `content-file`; GitHub wraps the base64 text at 60 columns. */
  contentFile(r: RepoRecord, path: string, ref: string, sha: string, content: Buffer): Json {
    const links = this.contentLinks(r, path, ref, sha, 'blob');
    const b64 = content.toString('base64').replace(/.{60}/g, '$&\n');
    return {
      type: 'file',
      encoding: 'base64',
      size: content.length,
      name: path.split('/').pop() as string,
      path,
      content: b64.endsWith('\n') || b64 === '' ? b64 : `${b64}\n`,
      sha,
      url: links.self,
      git_url: links.git,
      html_url: links.html,
      download_url: links.download,
      _links: { self: links.self, git: links.git, html: links.html },
    };
  }

  /** One entry of a `content-directory` listing. */
  contentEntry(r: RepoRecord, path: string, ref: string, sha: string, type: 'file' | 'dir', size: number): Json {
    const links = this.contentLinks(r, path, ref, sha, type === 'file' ? 'blob' : 'tree');
    return {
      type,
      size,
      name: path.split('/').pop() as string,
      path,
      sha,
      url: links.self,
      git_url: links.git,
      html_url: links.html,
      download_url: links.download,
      _links: { self: links.self, git: links.git, html: links.html },
    };
  }

  /** `file-commit`: what PUT /contents returns. */
  fileCommit(r: RepoRecord, path: string, branch: string, blob: string, size: number, c: CommitRecord): Json {
    const repoApi = this.api(`/repos/${enc(r.owner)}/${enc(r.name)}`);
    const links = this.contentLinks(r, path, branch, blob, 'blob');
    const who = { name: c.author.name, email: c.author.email, date: date(c.author.date) };
    return {
      content: {
        name: path.split('/').pop() as string,
        path,
        sha: blob,
        size,
        url: links.self,
        html_url: links.html,
        git_url: links.git,
        download_url: links.download,
        type: 'file',
        _links: { self: links.self, git: links.git, html: links.html },
      },
      commit: {
        sha: c.sha,
        node_id: nodeId('C', c.sha),
        url: `${repoApi}/git/commits/${c.sha}`,
        html_url: this.html(`/${enc(r.owner)}/${enc(r.name)}/commit/${c.sha}`),
        author: who,
        committer: who,
        message: c.message,
        tree: { url: `${repoApi}/git/trees/${c.treeSha}`, sha: c.treeSha },
        parents: c.parents.map((p) => ({ url: `${repoApi}/git/commits/${p}`, html_url: this.html(`/${enc(r.owner)}/${enc(r.name)}/commit/${p}`), sha: p })),
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
    };
  }
}
