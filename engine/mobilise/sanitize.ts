/**
 * Untrusted text (anything a scanner or a report said) made inert for a GitHub
 * issue body: no HTML, no Markdown structure, no @-mentions, no #123 references
 * (and so no "fixes #1" closing keywords), no autolinks, no control characters,
 * bounded length. Applied to every string that reaches a template.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ZWSP = '&#8203;';

export const INLINE_MAX = 300;
export const BLOCK_MAX = 4_000;

/** One line of untrusted text: newlines become spaces. */
export function inlineText(value: unknown, max = INLINE_MAX): string {
  if (typeof value !== 'string') return inline(value, max);
  // Remembered: rendering a large plan sanitises the same titles, package names and versions thousands of times.
  let byText = inlineMemo.get(max);
  if (byText === undefined) inlineMemo.set(max, (byText = new Map()));
  let out = byText.get(value);
  if (out === undefined) {
    if (byText.size >= INLINE_MEMO_MAX) byText.clear();
    byText.set(value, (out = inline(value, max)));
  }
  return out;
}

const INLINE_MEMO_MAX = 100_000;
const inlineMemo = new Map<number, Map<string, string>>();

function inline(value: unknown, max: number): string {
  return neutralise(truncate(String(value ?? '').replace(/\s*[\r\n]+\s*/g, ' '), max));
}

/** A paragraph of untrusted text: newlines kept, Markdown still inert. */
export function blockText(value: unknown, max = BLOCK_MAX): string {
  return neutralise(truncate(String(value ?? '').replace(/\r\n?/g, '\n'), max));
}

/** Plain text for an issue title (rendered without Markdown, but mentions still notify in some views). */
export function titleText(value: unknown, max = 200): string {
  return truncate(String(value ?? '').replace(CONTROL, '').replace(/\s+/g, ' '), max)
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200B')
    .replace(/#(?=\d)/g, '#\u200B')
    .trim();
}

/**
 * Text inside a quoted Mermaid label (`n1["…"]`, `-->|…|`) in a ```mermaid block. Only
 * letters, digits, space and `. _ : / @ + = , -` stay as they are; every other
 * character becomes a Mermaid entity code (`#34;`), so no quote, bracket, pipe, `%%`
 * directive, backtick or line break can end the label, the diagram or the code block.
 */
export function mermaidText(value: unknown, max = 80): string {
  const s = truncate(String(value ?? '').replace(CONTROL, '').replace(/\s+/g, ' ').trim(), max);
  let out = '';
  for (const ch of s) out += /^[A-Za-z0-9 ._:/@+=,-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  // Cut on a code point boundary so a surrogate pair is never split.
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return out + '…';
}

/**
 * One pass over the text, so that the entities one rule inserts (`&#8203;`, `&#39;`)
 * are never rewritten by another rule.
 */
const TOKENS = /[&<>"']|[\\`*_[\]()!|~{}]|@(?=[A-Za-z0-9])|#(?=\d)|:\/\/|\bwww\./gi;

function neutralise(s: string): string {
  return s.replace(CONTROL, '').replace(TOKENS, (t) => {
    if (t.length === 1 && Object.hasOwn(HTML, t)) return HTML[t]!;
    if (t === '@' || t === '#') return t + ZWSP;
    if (t === '://') return '&#58;//';
    if (t.length === 4) return t.slice(0, 3) + '&#46;';
    return '\\' + t;
  });
}
