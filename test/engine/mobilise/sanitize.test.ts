import { describe, expect, it } from 'vitest';
import { blockText, inlineText, titleText } from '../../../engine/mobilise/sanitize.ts';

describe('untrusted text in issue bodies', () => {
  it('neutralises @-mentions so nobody is notified', () => {
    expect(inlineText('ping @octocat and @github/security')).toBe('ping @&#8203;octocat and @&#8203;github/security');
  });

  it('neutralises #123 references and so closing keywords', () => {
    const s = inlineText('fixes #1, closes org/repo#42');
    expect(s).not.toMatch(/#(1|42)\b/);
    expect(s).toContain('#&#8203;1');
  });

  it('escapes HTML so <img onerror> renders as text', () => {
    expect(inlineText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
  });

  it('escapes Markdown structure: links, images, emphasis, tables, code', () => {
    expect(inlineText('[click](javascript:alert) ![x](y) *a* _b_ `c` | d')).toBe(
      '\\[click\\]\\(javascript:alert\\) \\!\\[x\\]\\(y\\) \\*a\\* \\_b\\_ \\`c\\` \\| d',
    );
  });

  it('prevents autolinks', () => {
    expect(inlineText('see https://evil.example and www.evil.example')).toBe('see https&#58;//evil.example and www&#46;evil.example');
  });

  it('keeps Handlebars syntax in data as inert text', () => {
    expect(inlineText('{{constructor.constructor}}')).toBe('\\{\\{constructor.constructor\\}\\}');
  });

  it('removes control and bidirectional-override characters', () => {
    expect(inlineText('a\u0000b\u001bc\u202Ed')).toBe('abcd');
  });

  it('bounds length, even for a 1 MB string', () => {
    const s = inlineText('x'.repeat(1_000_000));
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s.endsWith('…')).toBe(true);
    expect(blockText('y'.repeat(1_000_000)).length).toBeLessThanOrEqual(4_000);
  });

  it('does not split a surrogate pair when truncating', () => {
    expect(inlineText('😀'.repeat(400), 11)).toBe('😀😀😀😀😀…');
    expect(inlineText('😀'.repeat(400), 12)).toBe('😀😀😀😀😀…');
  });

  it('flattens newlines in inline text but keeps them in blocks', () => {
    expect(inlineText('a\n\n## heading')).toBe('a ## heading');
    expect(blockText('a\r\nb')).toBe('a\nb');
  });

  it('keeps titles plain but still unmentionable', () => {
    expect(titleText('Upgrade @evil in api: fixes #1')).toBe('Upgrade @\u200Bevil in api: fixes #\u200B1');
  });
});
