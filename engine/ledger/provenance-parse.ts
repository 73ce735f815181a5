/**
 * Who changed a rule or an exception: find its lines in the policy or exception
 * file (with the YAML locator, as it was at that commit) and read `git blame
 * --porcelain` for them. Parsing only; the git calls are in provenance.ts. Pure.
 */
import { parseYaml } from '../config/yaml-document.ts';

export interface LineRange {
  start: number;
  end: number;
}

/** Lines of item `id` in the top-level list `listKey` (`rules` or `exceptions`), 1-based, inclusive. */
export function itemLines(text: string, file: string, listKey: 'rules' | 'exceptions', id: string): LineRange | undefined {
  const parsed = parseYaml(text, file);
  const doc = parsed.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !Object.hasOwn(doc, listKey)) return undefined;
  const list = (doc as Record<string, unknown>)[listKey];
  if (!Array.isArray(list)) return undefined;
  const index = list.findIndex((item) => item !== null && typeof item === 'object' && Object.hasOwn(item, 'id') && (item as { id: unknown }).id === id);
  if (index < 0) return undefined;
  const lines = text.split('\n');
  const start = parsed.locate([listKey, index]).line;
  let next: number;
  if (index + 1 < list.length) {
    next = parsed.locate([listKey, index + 1]).line;
  } else {
    // The list ends where the next top-level key after it starts, or at the end of the file.
    const after = Object.keys(doc)
      .map((k) => parsed.locate([k], { key: true }).line)
      .filter((l) => l > start);
    next = after.length ? Math.min(...after) : lines.length + 1;
  }
  let end = next - 1;
  while (end > start && /^\s*(#.*)?$/.test(lines[end - 1] ?? '')) end--;
  return { start, end };
}

export interface BlameCommit {
  commit: string;
  author: string;
  author_mail: string;
  author_time: string;
  summary: string;
}

/** The commits that last touched the blamed lines, most recent first (by author time, then commit). */
export function parseBlamePorcelain(text: string): BlameCommit[] {
  const byCommit = new Map<string, Partial<BlameCommit> & { commit: string; epoch?: number }>();
  let current: (Partial<BlameCommit> & { commit: string; epoch?: number }) | undefined;
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]{40,64}) \d+ \d+/.exec(line);
    if (header) {
      const sha = header[1]!;
      current = byCommit.get(sha);
      if (!current) byCommit.set(sha, (current = { commit: sha }));
      continue;
    }
    if (!current || line.startsWith('\t')) continue;
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'author') current.author = value;
    else if (key === 'author-mail') current.author_mail = value.replace(/^<|>$/g, '');
    else if (key === 'author-time') current.epoch = Number(value);
    else if (key === 'summary') current.summary = value;
  }
  return [...byCommit.values()]
    .map((c) => ({
      commit: c.commit,
      author: c.author ?? '',
      author_mail: c.author_mail ?? '',
      author_time: c.epoch !== undefined && Number.isFinite(c.epoch) ? new Date(c.epoch * 1000).toISOString() : '',
      summary: c.summary ?? '',
      epoch: c.epoch ?? 0,
    }))
    .sort((a, b) => b.epoch - a.epoch || a.commit.localeCompare(b.commit))
    .map(({ epoch: _epoch, ...c }) => c);
}
