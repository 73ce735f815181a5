/**
 * The last guard before a real run's first GitHub request: every body is rendered once.
 * `ctem validate` already refuses templates with unknown helpers or partials, so this
 * only fires on a failure that validation cannot see; it must then name the template,
 * where in it, and the issue — and keep no body.
 */
import { describe, expect, it } from 'vitest';
import { bodyRenderProblem } from '../../../engine/mobilise/check-bodies.ts';
import { defineLazyBody } from '../../../engine/mobilise/lazy-body.ts';
import type { RenderedIssue } from '../../../engine/mobilise/plan.ts';

const templates = new Map([['issue', { name: 'issue', file: 'templates/issue.hbs', source: '' }]]);

function issue(title: string, render: () => string): RenderedIssue {
  return defineLazyBody({ title, template: 'issue', repository: 'acme/web' } as unknown as RenderedIssue, render, undefined);
}

describe('rendering every body before mobilising', () => {
  it('passes when every body renders', () => {
    let renders = 0;
    const issues = [issue('a', () => `body ${++renders}`), issue('b', () => `body ${++renders}`)];
    expect(bodyRenderProblem(issues, templates as never)).toBeUndefined();
    expect(renders).toBe(2);
  });

  it('names the first body that fails: its template, line and column, the issue, and that nothing was sent', () => {
    const failing = () => {
      throw Object.assign(new Error('Cannot read the thing - 3:4'), { lineNumber: 3, column: 4 });
    };
    const p = bodyRenderProblem([issue('fine', () => 'ok'), issue('Upgrade openssl', failing), issue('later', failing)], templates as never);
    expect(p).toMatchObject({
      code: 'template-render',
      file: 'templates/issue.hbs',
      line: 3,
      column: 5,
      message: "template 'issue' failed to render the body of issue 'Upgrade openssl' in acme/web: Cannot read the thing; nothing was sent to GitHub",
    });
  });
});
