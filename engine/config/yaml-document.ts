/**
 * Parse YAML keeping positions, so that any later problem (schema, cross-reference,
 * rule check) can be reported at the exact line and column of the offending node.
 * Pure: text in, data out.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from '../errors.ts';
import type { PathSegment } from '../model/json-path.ts';

export interface Position {
  line: number;
  column: number;
}

export interface Locator {
  /** Position of the value at `path`; with `key: true`, of the key that holds it. Falls back to the nearest ancestor. */
  (path: readonly PathSegment[], options?: { key?: boolean }): Position;
}

export interface ParsedYaml {
  file: string;
  value: unknown;
  locate: Locator;
  problems: Problem[];
}

/** Aliases let a small file expand enormously ("billion laughs"); a real config needs few. */
const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  // After the first syntax error the parser's further complaints are mostly echoes of it.
  const first = doc.errors[0];
  if (first) {
    let offset = first.pos[0];
    let message = firstLine(first.message);
    if (/^Flow (map|sequence)/.test(message)) {
      // The parser notices an unclosed `{` or `[` only where the next block starts; point at the opener.
      const opener = unclosedOpener(text, offset);
      if (opener !== undefined) {
        offset = opener;
        const [open, close, what] = text[opener] === '{' ? ['{', '}', 'mapping'] : ['[', ']', 'sequence'];
        message = `'${open}' is never closed (a flow ${what} must end with '${close}')`;
      }
    }
    const pos = lineCounter.linePos(offset);
    problems.push({ code: 'yaml-syntax', severity: 'error', message, file, line: pos.line, column: pos.col });
  }
  for (const w of doc.warnings) {
    const pos = lineCounter.linePos(w.pos[0]);
    problems.push({ code: 'yaml-warning', severity: 'warning', message: firstLine(w.message), file, line: pos.line, column: pos.col });
  }
  let value: unknown = undefined;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      problems.push({ code: 'yaml-syntax', severity: 'error', message: (err as Error).message, file, line: 1, column: 1 });
    }
  }
  const toPos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate: Locator = (path, options = {}) => locateIn(doc, path, options.key === true, toPos);
  return { file, value, locate, problems };
}

/** yaml's messages carry a code excerpt after the first line; the caller prints the location itself. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Offset of the innermost `{` or `[` still open at `end` (quotes and comments skipped). */
function unclosedOpener(text: string, end: number): number | undefined {
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) i = text.indexOf('\n', i) < 0 ? end : text.indexOf('\n', i);
    else if (c === '{' || c === '[') stack.push(i);
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  return stack.pop();
}

function locateIn(doc: Document, path: readonly PathSegment[], wantKey: boolean, toPos: (o: number) => Position): Position {
  let node: Node | null | undefined = doc.contents as Node | null;
  let best: Position = { line: 1, column: 1 };
  if (node?.range) best = toPos(node.range[0]);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      const keyNode = pair.key as Node;
      if (last && wantKey && keyNode.range) return toPos(keyNode.range[0]);
      node = pair.value as Node | null;
      if (node?.range) best = toPos(node.range[0]);
      else if (keyNode.range) best = toPos(keyNode.range[0]);
    } else if (isSeq(node)) {
      const idx = typeof seg === 'number' ? seg : Number(seg);
      const item: Node | undefined = Number.isInteger(idx) ? (node.items[idx] as Node | undefined) : undefined;
      if (!item) return best;
      node = item;
      if (item.range) best = toPos(item.range[0]);
    } else {
      return best;
    }
  }
  return best;
}
