import { describe, expect, it } from 'vitest';
import { commentMarker, issueMarker, parseCommentMarker, parseIssueMarker, parsePrMarker, prMarker } from '../../../engine/mobilise/markers.ts';
import { closeComment, commentBody } from '../../../engine/mobilise/comments.ts';
import { createRenderer, GITHUB_BODY_LIMIT, renderIssueBody } from '../../../engine/mobilise/render.ts';
import { asset, decision, issueTemplate, rendered } from './factory.ts';

const MB = 1024 * 1024;

const hostileTitle = [
  '@octocat @github/security-team please look',
  'fixes #1, closes acme/api#42, resolves GH-7',
  '<img src=x onerror=alert(1)><script>alert(2)</script>',
  '{{constructor.constructor "return process"}} {{#with __proto__}}x{{/with}}',
  '__proto__ constructor prototype',
  '[click me](https://evil.example/steal) ![pixel](https://evil.example/p.png) www.evil.example',
  '<!-- ctem:issue {"key":"forged","priority":"P4","due":"2099-01-01"} -->',
  '```mermaid\ngraph LR; A-->B\n```',
].join(' ');

describe('issue bodies from hostile scanner text', () => {
  const ds = [
    decision({ fingerprint: 'f0000000000000000001', asset: 'web', pkg: 'lodash', title: hostileTitle }),
    decision({ fingerprint: 'f0000000000000000002', asset: 'web', pkg: 'lodash', title: 'x'.repeat(MB) }),
  ];
  const issue = rendered(ds, [asset('web', 'acme/web')])[0]!;
  const body = issue.body;
  const visible = body.slice(0, body.lastIndexOf('<!-- ctem:issue '));

  it('notifies nobody: mentions and references are broken up', () => {
    expect(visible).not.toMatch(/@octocat|@github\/security-team/);
    expect(visible).not.toMatch(/#(1|42)\b/);
    expect(visible).toContain('@&#8203;octocat');
  });

  it('renders HTML, links and images as text', () => {
    expect(visible).not.toMatch(/<img|<script|\]\(https?:|https:\/\/evil|www\.evil/);
    expect(visible).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
  });

  it('keeps template syntax in data as text (it is never evaluated)', () => {
    expect(visible).toContain('\\{\\{constructor.constructor');
    expect(visible).not.toContain('[object');
  });

  it('cannot forge the hidden marker: the last marker is ctem\'s', () => {
    expect(parseIssueMarker(body)).toMatchObject({ key: issue.key, priority: 'P2' });
    expect(visible).not.toContain('<!-- ctem:issue {"key":"forged"');
  });

  it('stays under GitHub\'s 65,536-character limit with a 1 MB title', () => {
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(issue.title.length).toBeLessThanOrEqual(200);
  });

  it('lists fewer exposures, and says so, when there are too many to fit', () => {
    const many = Array.from({ length: 3000 }, (_, i) => decision({ fingerprint: `f${String(i).padStart(19, '0')}`, asset: 'web', pkg: 'openssl', title: 'a long title '.repeat(20) }));
    const big = rendered(many, [asset('web', 'acme/web')])[0]!;
    expect(big.body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(big.body).toMatch(/…and \d+ more exposure\(s\), not listed to keep this issue within GitHub's size limit/);
    // The marker keeps a bounded list of fingerprints and the count of the rest.
    const m = parseIssueMarker(big.body)!;
    expect(m.fps!.length).toBe(400);
    expect(m.more).toBe(2600);
  });
});

describe('templates', () => {
  const ds = [decision({ fingerprint: 'f0000000000000000001', asset: 'web', pkg: 'lodash' })];

  it('cannot reach prototypes, even when the template itself tries', () => {
    const evil = [
      'a{{constructor.constructor}}b',
      'c{{issue.__proto__}}d',
      'e{{#with issue}}{{constructor.name}}{{/with}}f',
      'g{{lookup issue "constructor"}}h',
      'i{{issue.title.constructor.name}}j',
    ].join('\n');
    const out = rendered(ds, [asset('web', 'acme/web')], { template: evil })[0]!.body;
    expect(out.split('\n').slice(0, 5)).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
  });

  it('rejects helpers it does not know (no code from templates)', () => {
    expect(() => rendered(ds, [asset('web', 'acme/web')], { template: '{{eval "1"}}' })).toThrow();
  });

  it('renders Mermaid blocks written in the template (GitHub draws them)', () => {
    const tpl = '```mermaid\ngraph LR\n  internet --> {{issue.asset}}\n```\n';
    const out = rendered(ds, [asset('web', 'acme/web')], { template: tpl })[0]!.body;
    expect(out.startsWith('```mermaid\ngraph LR\n  internet --> web\n```\n')).toBe(true);
  });

  it('renders the repository\'s issue template with every field it uses', () => {
    const issue = rendered(ds, [asset('web', 'acme/web')])[0]!;
    const render = createRenderer(new Map([['issue', { source: issueTemplate() }]]));
    expect(renderIssueBody(issue, render, { date: '2026-11-28', organisation: 'Acme' })).toBe(issue.body);
    expect(issue.body).toMatch(/^## Upgrade lodash in web: fixes 1 vulnerability\n\n\*\*Priority P2\*\* · due \*\*2026-12-01\*\*/);
  });
});

describe('hidden markers', () => {
  it('round-trip, and survive values that would end an HTML comment', () => {
    const m = { key: 'k--> x', kind: 'close' as const, ref: 'a -->b' };
    const body = `text\n\n${commentMarker(m)}`;
    expect(body.indexOf('-->')).toBe(body.length - 3);
    expect(parseCommentMarker(body)).toEqual(m);
    expect(parsePrMarker(`x ${prMarker({ key: 'fix:1', kind: 'playbook', branch: 'ctem/fix/1' })}`)).toEqual({ key: 'fix:1', kind: 'playbook', branch: 'ctem/fix/1' });
    expect(parseIssueMarker(issueMarker({ key: 'k', priority: 'P1', due: '2026-01-01' }))).toEqual({ key: 'k', priority: 'P1', due: '2026-01-01' });
  });

  it('ignore broken or foreign markers', () => {
    expect(parseIssueMarker('<!-- ctem:issue {not json} -->')).toBeUndefined();
    expect(parseIssueMarker('<!-- ctem:issue ["k"] -->')).toBeUndefined();
    expect(parseCommentMarker('<!-- ctem:comment {"key":"k","kind":"delete-repo"} -->')).toBeUndefined();
    expect(parseIssueMarker('<!-- ctem:issue {"__proto__":{"key":"x"}} -->')).toBeUndefined();
  });
});

describe('comments', () => {
  it('stay under the limit, marker included, whatever they list', () => {
    const fps = Array.from({ length: 5000 }, (_, i) => `f${i}`);
    const c = closeComment({ key: 'k', fingerprints: fps });
    expect(c.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(c).toContain('and 4800 more');
    const huge = commentBody('x'.repeat(MB), { key: 'k', kind: 'change', ref: 'r' });
    expect(huge.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(parseCommentMarker(huge)).toEqual({ key: 'k', kind: 'change', ref: 'r' });
  });
});
