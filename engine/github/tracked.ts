/**
 * The issues and pull requests ctem already made in a repository: everything carrying
 * the tracking label, open and closed (`labels=<label>&state=all&per_page=100`), each
 * page a conditional request. GitHub's issue listing includes pull requests, so one
 * listing finds both; ctem tells its own by their hidden markers.
 */
import type { ExistingIssue } from '../mobilise/plan.ts';
import { parseIssueMarker, parsePrMarker, type PrMarker } from '../mobilise/markers.ts';
import type { GitHubClient } from './client.ts';
import { conditionalGet, conditionalList } from './conditional.ts';
import type { EtagCache } from './etag-cache.ts';
import { splitRepository } from './repository.ts';

export interface TrackedPull {
  repository: string;
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  body: string;
  labels: string[];
  url?: string;
  author?: string;
  marker: PrMarker;
}

export interface RepoListing {
  repository: string;
  issues: ExistingIssue[];
  pulls: TrackedPull[];
  /** Label names (lower case) seen on listed items: these exist in the repository. */
  knownLabels: Set<string>;
}

/** The subset of GitHub's issue object ctem keeps, under GitHub's own names (so parsing it again is a no-op). */
export interface ListedItem {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: { name: string }[];
  assignees: { login: string }[];
  html_url?: string;
  updated_at?: string;
  /** Who opened it: for ctem's own issues, ctem's identity, whose comments alone are trusted. */
  user?: { login: string };
  pull_request?: { merged_at: string | null };
}

const own = (o: object, k: string): unknown => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);
const isObj = (v: unknown): v is object => v !== null && typeof v === 'object' && !Array.isArray(v);

export function parseListedItem(raw: unknown): ListedItem | undefined {
  if (!isObj(raw)) return undefined;
  const number = own(raw, 'number');
  const state = own(raw, 'state');
  if (typeof number !== 'number' || (state !== 'open' && state !== 'closed')) return undefined;
  const names = (v: unknown, field: string): string[] =>
    Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : isObj(x) ? own(x, field) : undefined)).filter((x): x is string => typeof x === 'string') : [];
  const body = own(raw, 'body');
  const pr = own(raw, 'pull_request');
  const url = own(raw, 'html_url');
  const updated = own(raw, 'updated_at');
  const user = own(raw, 'user');
  const login = isObj(user) ? own(user, 'login') : undefined;
  const item: ListedItem = {
    number,
    state,
    title: String(own(raw, 'title') ?? ''),
    body: typeof body === 'string' ? body : '',
    labels: names(own(raw, 'labels'), 'name').map((name) => ({ name })),
    assignees: names(own(raw, 'assignees'), 'login').map((login) => ({ login })),
    ...(typeof url === 'string' ? { html_url: url } : {}),
    ...(typeof updated === 'string' ? { updated_at: updated } : {}),
    ...(typeof login === 'string' ? { user: { login } } : {}),
  };
  if (isObj(pr)) {
    const merged = own(pr, 'merged_at');
    item.pull_request = { merged_at: typeof merged === 'string' ? merged : null };
  }
  return item;
}

export function toListing(repository: string, items: readonly ListedItem[]): RepoListing {
  const listing: RepoListing = { repository, issues: [], pulls: [], knownLabels: new Set() };
  for (const i of items) {
    for (const l of i.labels) listing.knownLabels.add(l.name.toLowerCase());
    const common = { repository, number: i.number, state: i.state, title: i.title, body: i.body, labels: i.labels.map((l) => l.name), url: i.html_url, author: i.user?.login };
    if (i.pull_request) {
      const marker = parsePrMarker(i.body);
      if (marker) listing.pulls.push({ ...common, merged: i.pull_request.merged_at !== null, marker });
    } else if (parseIssueMarker(i.body)) {
      listing.issues.push({ ...common, assignees: i.assignees.map((a) => a.login), updated_at: i.updated_at });
    }
  }
  return listing;
}

const LIST = 'GET /repos/{owner}/{repo}/issues';

export async function listTracked(client: GitHubClient, cache: EtagCache, repository: string, label: string): Promise<RepoListing> {
  return toListing(repository, await listTrackedItems(client, cache, repository, label));
}

/** The listing's items as GitHub gave them (trimmed): what the listing snapshot keeps. */
export async function listTrackedItems(client: GitHubClient, cache: EtagCache, repository: string, label: string): Promise<ListedItem[]> {
  const { owner, repo } = splitRepository(repository);
  return conditionalList(client, cache, LIST, { owner, repo, labels: label, state: 'all' }, parseListedItem);
}

/**
 * The newest page of the listing again (GitHub lists newest first): after a create
 * whose answer was lost, the issue or pull request it made, if any, is there.
 */
export async function newestTracked(client: GitHubClient, cache: EtagCache, repository: string, label: string): Promise<RepoListing> {
  const { owner, repo } = splitRepository(repository);
  const parsePage = (data: unknown): ListedItem[] => (Array.isArray(data) ? data.map(parseListedItem).filter((x): x is ListedItem => x !== undefined) : []);
  const r = await conditionalGet(client, cache, LIST, { owner, repo, labels: label, state: 'all', per_page: 100, page: 1 }, parsePage);
  return toListing(repository, r.data);
}
