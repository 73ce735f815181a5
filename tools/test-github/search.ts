/**
 * GitHub issue search (`q=`) for the qualifiers a bot uses to find its own issues:
 * `repo:o/r`, `org:`/`user:`, `is:issue|pr|pull-request|open|closed`, `state:`,
 * `type:`, `label:"x"` (repeat = all; `label:a,b` = any), `-label:x`, `author:`,
 * `assignee:`, `in:title|body|comments`, `updated:`/`created:` with `>`, `>=`, `<`,
 * `<=` or `a..b` and a date or a time (`2026-11-28T09:00:00+00:00`), and free text
 * (words or "quoted phrases", matched case-insensitively as substrings of the
 * selected fields).
 *
 * Like GitHub (since 2025), a query must say `is:issue` or `is:pr`; otherwise 422.
 */
import { GitHubError } from './errors.ts';
import type { IssueRecord, RepoRecord } from './state.ts';

export interface SearchQuery {
  repos: string[];
  owners: string[];
  kind?: 'issue' | 'pr';
  state?: 'open' | 'closed';
  /** Each entry is a set of alternatives; all entries must match. */
  labels: string[][];
  notLabels: string[];
  authors: string[];
  assignees: string[];
  in: Set<'title' | 'body' | 'comments'>;
  terms: string[];
  /** Date ranges, as epoch milliseconds (inclusive bounds). */
  updated?: TimeRange;
  created?: TimeRange;
}

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * `>=2026-11-28T09:00:00+00:00`, `<2026-11-28`, `2026-11-01..2026-11-28`, `2026-11-28`:
 * a date alone covers its whole UTC day; a time is to the second.
 */
export function parseTimeRange(value: string): TimeRange | undefined {
  const at = (s: string, end: boolean): number | undefined => {
    if (s === '*') return end ? Infinity : -Infinity;
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
      const t = Date.parse(`${s}T00:00:00Z`);
      return Number.isFinite(t) ? t + (end ? 86_400_000 - 1 : 0) : undefined;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return undefined;
    const t = Date.parse(s);
    return Number.isFinite(t) ? t + (end ? 999 : 0) : undefined;
  };
  const range = /^(.+?)\.\.(.+)$/.exec(value);
  if (range) {
    const from = at(range[1]!, false);
    const to = at(range[2]!, true);
    return from === undefined || to === undefined ? undefined : { from, to };
  }
  const cmp = /^(>=|<=|>|<)?(.+)$/.exec(value)!;
  const lo = at(cmp[2]!, false);
  const hi = at(cmp[2]!, true);
  if (lo === undefined || hi === undefined) return undefined;
  switch (cmp[1]) {
    case '>=':
      return { from: lo, to: Infinity };
    case '>':
      return { from: hi + 1, to: Infinity };
    case '<=':
      return { from: -Infinity, to: hi };
    case '<':
      return { from: -Infinity, to: lo - 1 };
    default:
      return { from: lo, to: hi };
  }
}

/** Split on whitespace, keeping "quoted strings" (and key:"quoted values") together. */
export function tokenize(q: string): string[] {
  const out: string[] = [];
  const re = /(-?[A-Za-z_-]+:"[^"]*"|"[^"]*"|\S+)/g;
  for (const m of q.matchAll(re)) out.push(m[0]);
  return out;
}

const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

export function parseQuery(q: string): SearchQuery {
  const query: SearchQuery = { repos: [], owners: [], labels: [], notLabels: [], authors: [], assignees: [], in: new Set(), terms: [] };
  for (const token of tokenize(q)) {
    const m = /^(-?)([A-Za-z_-]+):(.*)$/.exec(token);
    if (!m || token.startsWith('"')) {
      if (token.toUpperCase() !== 'AND') query.terms.push(unquote(token).toLowerCase());
      continue;
    }
    const [, neg, key, rawValue] = m as unknown as [string, string, string, string];
    const value = unquote(rawValue);
    switch (key.toLowerCase()) {
      case 'repo':
        query.repos.push(value.toLowerCase());
        break;
      case 'org':
      case 'user':
        query.owners.push(value.toLowerCase());
        break;
      case 'is':
      case 'type':
      case 'state':
        applyIs(query, value.toLowerCase());
        break;
      case 'label':
        if (neg) query.notLabels.push(value.toLowerCase());
        else query.labels.push(value.split(',').map((l) => unquote(l).toLowerCase()));
        break;
      case 'author':
        query.authors.push(value.toLowerCase());
        break;
      case 'assignee':
        query.assignees.push(value.toLowerCase());
        break;
      case 'in':
        for (const f of value.toLowerCase().split(',')) if (f === 'title' || f === 'body' || f === 'comments') query.in.add(f);
        break;
      case 'updated':
      case 'created': {
        const range = parseTimeRange(value);
        if (!range) throw new GitHubError(422, 'Validation Failed', { errors: [{ message: `Invalid date: ${value}`, resource: 'Search', field: 'q', code: 'invalid' }] });
        query[key.toLowerCase() as 'updated' | 'created'] = range;
        break;
      }
      default:
        // An unknown qualifier is searched for as text, which is what GitHub does.
        query.terms.push(token.toLowerCase());
    }
  }
  if (!query.kind) {
    throw new GitHubError(422, 'Validation Failed', {
      errors: [{ message: "Query must include 'is:issue' or 'is:pull-request'", resource: 'Search', field: 'q', code: 'invalid' }],
    });
  }
  return query;
}

function applyIs(query: SearchQuery, v: string): void {
  if (v === 'issue') query.kind = 'issue';
  else if (v === 'pr' || v === 'pull-request') query.kind = 'pr';
  else if (v === 'open' || v === 'closed') query.state = v;
}

export function matches(query: SearchQuery, repo: RepoRecord, issue: IssueRecord): boolean {
  const full = `${repo.owner}/${repo.name}`.toLowerCase();
  if (query.repos.length > 0 && !query.repos.includes(full)) return false;
  if (query.owners.length > 0 && !query.owners.includes(repo.owner.toLowerCase())) return false;
  if (query.kind === 'issue' && issue.pull) return false;
  if (query.kind === 'pr' && !issue.pull) return false;
  if (query.state && issue.state !== query.state) return false;
  const inRange = (r: TimeRange | undefined, t: Date) => !r || (t.getTime() >= r.from && t.getTime() <= r.to);
  if (!inRange(query.updated, issue.updatedAt) || !inRange(query.created, issue.createdAt)) return false;
  const labels = issue.labels.map((l) => l.toLowerCase());
  if (!query.labels.every((alts) => alts.some((a) => labels.includes(a)))) return false;
  if (query.notLabels.some((l) => labels.includes(l))) return false;
  if (query.authors.length > 0 && !query.authors.includes(issue.user.toLowerCase())) return false;
  const assignees = issue.assignees.map((a) => a.toLowerCase());
  if (!query.assignees.every((a) => assignees.includes(a))) return false;
  if (query.terms.length === 0) return true;
  const fields = query.in.size > 0 ? query.in : new Set(['title', 'body']);
  const haystack = [
    fields.has('title') ? issue.title : '',
    fields.has('body') ? (issue.body ?? '') : '',
    fields.has('comments') ? issue.comments.map((c) => c.body).join('\n') : '',
  ]
    .join('\n')
    .toLowerCase();
  return query.terms.every((t) => haystack.includes(t));
}
