/**
 * Glob matching in time linear in the length of the value (times the pattern's).
 *
 * Why not picomatch at run time: picomatch turns a glob into a backtracking
 * RegExp, and a pattern with a few stars is catastrophic on a value that
 * almost matches. Measured with picomatch 4.0.7 on Node 20: `*a*a*a*b`
 * against 256 × "a" takes about 2 s per match, `*a*a*b` against 1,024 × "a"
 * 0.5 s, and every extra star multiplies that. Patterns come from policy pull
 * requests and values from scanners, so that is a denial of service. This
 * matcher simulates the pattern as an NFA (a set of positions), never
 * backtracks, and accepts picomatch's syntax for the common subset; a
 * differential test holds the two to the same answers on that subset.
 *
 * Syntax (picomatch with `dot: true`):
 * - `*` any run of characters except `/`; `?` one character except `/`;
 * - `**` as a whole path segment: any number of segments (`a/**` also matches `a`);
 *   elsewhere `**` is `*`;
 * - `[abc]`, `[a-z]`, `[!a]` / `[^a]`: one character (never `/`) from / not from the set;
 * - `{a,b}` alternatives (nested allowed); `\x` the character x itself.
 * Refused (the pattern matches nothing and `checkRule` reports it): extglobs
 * (`@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`), a leading `!` (use the `!`
 * operator), brace ranges `{1..3}`, POSIX classes `[[:alpha:]]`, patterns
 * longer than {@link MAX_GLOB_LENGTH} or expanding to more than
 * {@link MAX_GLOB_ALTERNATIVES} alternatives.
 * Known differences from picomatch, outside that subset: `.` and `..` path
 * segments are ordinary segments (picomatch never lets a wildcard match them),
 * a trailing `/` in the value is not ignored, and an empty segment (`a//b`) is
 * not matched by `*`, and `[!a]` is POSIX negation (picomatch 4 reads it as
 * "`!` or `a`"). Matching is case-sensitive.
 */

export const MAX_GLOB_LENGTH = 256;
export const MAX_GLOB_ALTERNATIVES = 64;

type Token =
  | { t: 'lit'; c: string }
  /** One character (not `/`) that `set` accepts (or, negated, rejects). */
  | { t: 'one'; test: (c: string) => boolean }
  /** Zero or more characters; `slash` says whether `/` is among them. */
  | { t: 'star'; slash: boolean }
  /** Epsilon: may jump over the next `skip` tokens. */
  | { t: 'opt'; skip: number };

export type GlobMatcher = (value: string) => boolean;

export type GlobResult = { ok: true; match: GlobMatcher } | { ok: false; reason: string };

const SLASH = '/';

/** Compiles a pattern once; matching then never backtracks. */
export function compileGlob(pattern: string): GlobResult {
  if (pattern.length > MAX_GLOB_LENGTH) return { ok: false, reason: `glob pattern longer than ${MAX_GLOB_LENGTH} characters` };
  if (pattern.startsWith('!')) return { ok: false, reason: "a leading '!' (negation) is not supported in glob patterns; use the '!' operator" };
  if (/(^|[^\\])[@!+*?]\(/.test(pattern)) return { ok: false, reason: 'extglob syntax (@(…), !(…), +(…), *(…), ?(…)) is not supported' };
  if (/\[\[:[a-z]+:\]\]/.test(pattern)) return { ok: false, reason: 'POSIX character classes ([[:alpha:]]) are not supported' };
  const alternatives = expandBraces(pattern);
  if (alternatives === undefined) {
    return { ok: false, reason: `glob pattern expands to more than ${MAX_GLOB_ALTERNATIVES} alternatives, or uses a brace range ({1..3})` };
  }
  const matchers = alternatives.map((alt) => {
    const tokens = toTokens(alt);
    return simpleMatcher(tokens) ?? nfaMatcher(tokens);
  });
  if (matchers.length === 1) return { ok: true, match: matchers[0] as GlobMatcher };
  return {
    ok: true,
    match: (value) => {
      for (let i = 0; i < matchers.length; i++) if ((matchers[i] as GlobMatcher)(value)) return true;
      return false;
    },
  };
}

/** Expands `{a,b}` (nested) into plain alternatives; undefined when too many or a range. */
function expandBraces(pattern: string): string[] | undefined {
  const open = findBrace(pattern);
  if (open === undefined) return [pattern];
  const { start, end, parts } = open;
  if (parts.length === 1 && /^-?\w+\.\.-?\w+(\.\.-?\d+)?$/.test(parts[0] as string)) return undefined;
  const out: string[] = [];
  for (const part of parts) {
    const rest = expandBraces(pattern.slice(0, start) + part + pattern.slice(end + 1));
    if (rest === undefined) return undefined;
    out.push(...rest);
    if (out.length > MAX_GLOB_ALTERNATIVES) return undefined;
  }
  return out;
}

/**
 * The first top-level `{…}` holding a comma (picomatch treats `{a}` and an
 * unclosed `{` literally), with its comma-separated parts.
 */
function findBrace(p: string): { start: number; end: number; parts: string[] } | undefined {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = classEnd(p, i);
      if (close !== -1) i = close;
      continue;
    }
    if (c !== '{') continue;
    let depth = 0;
    const parts: string[] = [];
    let partStart = i + 1;
    for (let j = i; j < p.length; j++) {
      const d = p[j];
      if (d === '\\') {
        j++;
        continue;
      }
      if (d === '{') depth++;
      else if (d === '}') {
        depth--;
        if (depth === 0) {
          parts.push(p.slice(partStart, j));
          if (parts.length > 1 || /^-?\w+\.\.-?\w+/.test(parts[0] as string)) return { start: i, end: j, parts };
          break; // `{a}`: literal
        }
      } else if (d === ',' && depth === 1) {
        parts.push(p.slice(partStart, j));
        partStart = j + 1;
      }
    }
  }
  return undefined;
}

/** Index of the `]` closing a class opened at `i`, or -1 (then `[` is literal). */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++; // a leading ] is a member
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']') return j;
  }
  return -1;
}

function toTokens(pattern: string): Token[] {
  // `**/**` is `**`.
  const segments = splitSegments(pattern).filter((seg, i, all) => !(seg === '**' && all[i - 1] === '**'));
  const tokens: Token[] = [];
  // A bare `**` matches any non-empty value, like picomatch's.
  if (segments.length === 1 && segments[0] === '**') return [{ t: 'one', test: () => true }, { t: 'star', slash: true }];
  segments.forEach((seg, i) => {
    const isLast = i === segments.length - 1;
    if (seg === '**') {
      // Last: nothing, or "/anything". Otherwise: nothing, or "anything/" (a `/` before it, unless first).
      if (isLast) tokens.push({ t: 'opt', skip: 2 }, { t: 'lit', c: SLASH }, { t: 'star', slash: true });
      else {
        if (i > 0) tokens.push({ t: 'lit', c: SLASH });
        tokens.push({ t: 'opt', skip: 2 }, { t: 'star', slash: true }, { t: 'lit', c: SLASH });
      }
      return;
    }
    // After a non-final `**` the separator has been consumed by it.
    if (i > 0 && segments[i - 1] !== '**') tokens.push({ t: 'lit', c: SLASH });
    // As in picomatch, a segment that is only stars names a non-empty segment.
    if (/^\*+$/.test(seg)) tokens.push({ t: 'one', test: notSlash }, { t: 'star', slash: false });
    else segmentTokens(seg, tokens);
  });
  return tokens;
}

/** Splits on unescaped `/` outside classes. */
function splitSegments(p: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '[') {
      const close = classEnd(p, i);
      if (close !== -1) i = close;
    } else if (p[i] === SLASH) {
      out.push(p.slice(start, i));
      start = i + 1;
    }
  }
  out.push(p.slice(start));
  return out;
}

function segmentTokens(seg: string, tokens: Token[]): void {
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '\\' && i + 1 < seg.length) {
      tokens.push({ t: 'lit', c: seg[++i] as string });
    } else if (c === '*') {
      while (seg[i + 1] === '*') i++; // `**` inside a segment is `*`
      tokens.push({ t: 'star', slash: false });
    } else if (c === '?') {
      tokens.push({ t: 'one', test: notSlash });
    } else if (c === '[' && classEnd(seg, i) !== -1) {
      const close = classEnd(seg, i);
      tokens.push({ t: 'one', test: classTest(seg.slice(i + 1, close)) });
      i = close;
    } else {
      tokens.push({ t: 'lit', c });
    }
  }
}

const notSlash = (c: string): boolean => c !== SLASH;

/** `body` is what sits between `[` and `]`. */
function classTest(body: string): (c: string) => boolean {
  let negate = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    negate = true;
    i = 1;
  }
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  for (; i < body.length; i++) {
    let c = body[i] as string;
    if (c === '\\' && i + 1 < body.length) c = body[++i] as string;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      let hi = body[i + 2] as string;
      i += 2;
      if (hi === '\\' && i + 1 < body.length) hi = body[++i] as string;
      ranges.push([c, hi]);
    } else singles.add(c);
  }
  return (c) => {
    if (c === SLASH) return false;
    const inSet = singles.has(c) || ranges.some(([lo, hi]) => c >= lo && c <= hi);
    return inSet !== negate;
  };
}

/** Does the single-character token match `c`? */
function matchesChar(tok: Token, c: string): boolean {
  return tok.t === 'lit' ? tok.c === c : tok.t === 'one' && tok.test(c);
}

/**
 * The common shapes (`prod-*`, `*.example.com`, `web-?`, exact names): at most
 * one star and no `**` segment. Then the value is a fixed-length head, a
 * middle the star takes (no `/` in it unless the star crosses segments) and a
 * fixed-length tail: one pass, no state sets.
 */
function simpleMatcher(tokens: readonly Token[]): GlobMatcher | undefined {
  if (tokens.some((t) => t.t === 'opt')) return undefined;
  const stars = tokens.filter((t) => t.t === 'star');
  if (stars.length > 1) return undefined;
  const starAt = tokens.findIndex((t) => t.t === 'star');
  const head = starAt === -1 ? tokens : tokens.slice(0, starAt);
  const tail = starAt === -1 ? [] : tokens.slice(starAt + 1);
  const crossesSlash = starAt !== -1 && (tokens[starAt] as { slash: boolean }).slash;
  const fixed = head.length + tail.length;
  // All-literal head and tail: plain string comparisons.
  const literal = (ts: readonly Token[]): string | undefined => (ts.every((t) => t.t === 'lit') ? ts.map((t) => (t as { c: string }).c).join('') : undefined);
  const headText = literal(head);
  const tailText = literal(tail);
  return (value) => {
    if (starAt === -1 ? value.length !== fixed : value.length < fixed) return false;
    if (headText !== undefined) {
      if (!value.startsWith(headText)) return false;
    } else {
      for (let i = 0; i < head.length; i++) if (!matchesChar(head[i] as Token, value[i] as string)) return false;
    }
    if (starAt === -1) return true;
    const tailStart = value.length - tail.length;
    if (tailText !== undefined) {
      if (!value.endsWith(tailText)) return false;
    } else {
      for (let i = 0; i < tail.length; i++) if (!matchesChar(tail[i] as Token, value[tailStart + i] as string)) return false;
    }
    if (!crossesSlash) {
      const slash = value.indexOf(SLASH, head.length);
      if (slash !== -1 && slash < tailStart) return false;
    }
    return true;
  };
}

/**
 * Everything else: an NFA simulation, `active[k]` = the pattern could be at
 * token k. The two state sets are allocated once per pattern (evaluation is
 * synchronous, so they are never shared by two matches at once).
 */
function nfaMatcher(tokens: readonly Token[]): GlobMatcher {
  const n = tokens.length;
  let active = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  return (value) => {
    active.fill(0);
    active[0] = 1;
    close(tokens, active);
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as string;
      next.fill(0);
      let any = false;
      for (let k = 0; k < n; k++) {
        if (active[k] === 0) continue;
        const tok = tokens[k] as Token;
        if (tok.t === 'lit') {
          if (tok.c !== c) continue;
          next[k + 1] = 1;
        } else if (tok.t === 'one') {
          if (!tok.test(c)) continue;
          next[k + 1] = 1;
        } else if (tok.t === 'star') {
          if (!tok.slash && c === SLASH) continue;
          next[k] = 1;
        } else continue;
        any = true;
      }
      if (!any) return false;
      close(tokens, next);
      [active, next] = [next, active];
    }
    return active[n] === 1;
  };
}

/** Adds the epsilon moves: past a star (zero characters) and over an optional group. */
function close(tokens: readonly Token[], set: Uint8Array): void {
  for (let k = 0; k < tokens.length; k++) {
    if (set[k] === 0) continue;
    const tok = tokens[k] as Token;
    if (tok.t === 'star') set[k + 1] = 1;
    else if (tok.t === 'opt') {
      set[k + 1] = 1;
      set[k + 1 + tok.skip] = 1;
    }
  }
}
