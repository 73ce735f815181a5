import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemLines, parseBlamePorcelain } from '../../../engine/ledger/provenance-parse.ts';
import { fixture } from '../../support/corpus.ts';

describe("finding a rule's lines in its policy file", () => {
  it('spans from its list item to the line before the next one, without trailing blank lines', async () => {
    const text = await readFile(join(fixture('ledger', 'repo'), 'policies', '50-baseline.yaml'), 'utf8');
    const lines = text.split('\n');
    const severe = itemLines(text, 'policies/50-baseline.yaml', 'rules', 'severe')!;
    expect(lines[severe.start - 1]).toMatch(/- id: severe$/);
    expect(lines[severe.end - 1]).toMatch(/priority: P2/);
    const last = itemLines(text, 'policies/50-baseline.yaml', 'rules', 'medium-internet')!;
    expect(lines[last.start - 1]).toMatch(/- id: medium-internet$/);
    expect(lines[last.end - 1]).toMatch(/priority: P3/);
  });

  it('ends the last item where the next top-level key begins', () => {
    const text = 'rules:\n  - id: a\n    set: { priority: P1 }\n\n# routes\nroutes: []\n';
    expect(itemLines(text, 'p.yaml', 'rules', 'a')).toEqual({ start: 2, end: 3 });
  });

  it('finds exceptions by id the same way, and nothing for an unknown id or a broken file', () => {
    const text = 'exceptions:\n  - id: e1\n    reason: x\n  - id: e2\n    reason: y\n';
    expect(itemLines(text, 'e.yaml', 'exceptions', 'e2')).toEqual({ start: 4, end: 5 });
    expect(itemLines(text, 'e.yaml', 'exceptions', 'nope')).toBeUndefined();
    expect(itemLines('rules: [', 'p.yaml', 'rules', 'a')).toBeUndefined();
    expect(itemLines('__proto__: { rules: [] }', 'p.yaml', 'rules', 'a')).toBeUndefined();
  });
});

describe('reading git blame --porcelain', () => {
  it('gives each commit once with its author, newest first', () => {
    const sha1 = 'a'.repeat(40);
    const sha2 = 'b'.repeat(40);
    const text = [
      `${sha1} 1 1 1`, 'author Alice Admin', 'author-mail <alice@example.com>', 'author-time 1764000000', 'author-tz +0000', 'summary Initial configuration', 'filename p.yaml', '\t- id: a',
      `${sha2} 2 2 1`, 'author Bob Policy', 'author-mail <bob@example.com>', 'author-time 1764300000', 'author-tz +0000', 'summary Raise a to P1', 'filename p.yaml', '\t  priority: P1',
      `${sha1} 3 3`, '\t  other',
    ].join('\n');
    expect(parseBlamePorcelain(text)).toEqual([
      { commit: sha2, author: 'Bob Policy', author_mail: 'bob@example.com', author_time: '2025-11-28T03:20:00.000Z', summary: 'Raise a to P1' },
      { commit: sha1, author: 'Alice Admin', author_mail: 'alice@example.com', author_time: '2025-11-24T16:00:00.000Z', summary: 'Initial configuration' },
    ]);
  });
});
