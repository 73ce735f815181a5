/**
 * Hidden markers: how ctem recognises its own issues, comments and pull requests on
 * GitHub without any state of its own. Each is an HTML comment holding a little JSON,
 * invisible in the rendered Markdown. Untrusted text can never forge one, because
 * sanitize.ts escapes `<` in everything a scanner said, and ctem appends its marker
 * last, so the last marker in a body is always ctem's. Pure.
 */

const ISSUE = '<!-- ctem:issue ';
const COMMENT = '<!-- ctem:comment ';
const PR = '<!-- ctem:pr ';
const END = ' -->';

export interface IssueMarker {
  key: string;
  priority: string;
  due: string;
  /** Fingerprints of the exposures the issue covered (capped), for the evidence when it closes. */
  fps?: string[];
  /** How many fingerprints were left out of `fps` to bound the marker's size. */
  more?: number;
}

/** Why ctem commented; with `ref`, what the comment was about, so a retry can tell it already said it. */
export type CommentKind = 'change' | 'close' | 'reopen' | 'escalate' | 'pr-close';

export interface CommentMarker {
  key: string;
  kind: CommentKind;
  ref?: string;
}

export interface PrMarker {
  key: string;
  kind: string;
  branch: string;
}

/** At most this many fingerprints go into an issue marker (about 10 KB). */
export const MARKER_MAX_FINGERPRINTS = 400;

const write = (prefix: string, value: object): string => `${prefix}${JSON.stringify(value).replace(/--/g, '-\\u002d')}${END}`;

export function issueMarker(m: IssueMarker): string {
  return write(ISSUE, m);
}

export function commentMarker(m: CommentMarker): string {
  return write(COMMENT, m);
}

export function prMarker(m: PrMarker): string {
  return write(PR, m);
}

/** The last marker with this prefix in a body, parsed; undefined when there is none or it is broken. */
function read(body: string | null | undefined, prefix: string): Record<string, unknown> | undefined {
  if (!body) return undefined;
  const at = body.lastIndexOf(prefix);
  if (at < 0) return undefined;
  const end = body.indexOf(END, at + prefix.length);
  if (end < 0) return undefined;
  try {
    const v: unknown = JSON.parse(body.slice(at + prefix.length, end));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseIssueMarker(body: string | null | undefined): IssueMarker | undefined {
  const v = read(body, ISSUE);
  const key = v && str(own(v, 'key'));
  if (!v || !key) return undefined;
  const fps = own(v, 'fps');
  const more = own(v, 'more');
  return {
    key,
    priority: String(own(v, 'priority') ?? ''),
    due: String(own(v, 'due') ?? ''),
    ...(Array.isArray(fps) ? { fps: fps.filter((f): f is string => typeof f === 'string') } : {}),
    ...(typeof more === 'number' && more > 0 ? { more } : {}),
  };
}

const COMMENT_KINDS: readonly CommentKind[] = ['change', 'close', 'reopen', 'escalate', 'pr-close'];

export function parseCommentMarker(body: string | null | undefined): CommentMarker | undefined {
  const v = read(body, COMMENT);
  const key = v && str(own(v, 'key'));
  const kind = v && str(own(v, 'kind'));
  if (!v || !key || !kind || !(COMMENT_KINDS as readonly string[]).includes(kind)) return undefined;
  const ref = str(own(v, 'ref'));
  return { key, kind: kind as CommentKind, ...(ref !== undefined ? { ref } : {}) };
}

export function parsePrMarker(body: string | null | undefined): PrMarker | undefined {
  const v = read(body, PR);
  const key = v && str(own(v, 'key'));
  const kind = v && str(own(v, 'kind'));
  const branch = v && str(own(v, 'branch'));
  if (!key || !kind || !branch) return undefined;
  return { key, kind, branch };
}
