import { describe, expect, it } from 'vitest';
import { PLAN_MARKER } from '../../../engine/plan/markdown.ts';
import { stickyCommentAction } from '../../../engine/plan/sticky-comment.ts';

const body = `${PLAN_MARKER}\n## ctem plan\nnew`;

describe('one sticky plan comment per pull request', () => {
  it('creates it when there is none', () => {
    expect(stickyCommentAction([{ id: 1, body: 'LGTM', user: { login: 'alice' } }], body)).toEqual({ op: 'create', body });
  });

  it('updates the existing one, the oldest if there are several, rather than adding another', () => {
    const comments = [
      { id: 30, body: `${PLAN_MARKER}\nold 2`, user: { login: 'github-actions[bot]' } },
      { id: 12, body: `${PLAN_MARKER}\nold 1`, user: { login: 'github-actions[bot]' } },
    ];
    expect(stickyCommentAction(comments, body)).toEqual({ op: 'update', id: 12, body });
  });

  it('does nothing when the comment already says exactly this', () => {
    expect(stickyCommentAction([{ id: 5, body: body.replace(/\n/g, '\r\n') }], body)).toEqual({ op: 'none', id: 5 });
  });

  it("counts only comments that start with the marker, and with an author set only that account's", () => {
    const comments = [
      { id: 1, body: `> quoting\n${PLAN_MARKER}`, user: { login: 'mallory' } },
      { id: 2, body: `${PLAN_MARKER}\nfake`, user: { login: 'mallory' } },
      { id: 3, body: `${PLAN_MARKER}\nours`, user: { login: 'github-actions[bot]' } },
    ];
    expect(stickyCommentAction(comments, body, 'github-actions[bot]')).toEqual({ op: 'update', id: 3, body });
    expect(stickyCommentAction(comments.slice(0, 2), body, 'github-actions[bot]')).toEqual({ op: 'create', body });
  });
});
