/** Issue bodies rendered when read: to every reader the body is an ordinary property. */
import { describe, expect, it } from 'vitest';
import { defineBodyFrom, defineLazyBody } from '../../../engine/mobilise/lazy-body.ts';

describe('lazily rendered bodies', () => {
  it('renders on each read, in the key order of a plain property, and serialises like one', () => {
    let renders = 0;
    const render = (o: { key: string }) => {
      renders++;
      return `body of ${o.key}`;
    };
    const issue = defineLazyBody({ key: 'k1', title: 't' }, render, { key: 'k1' });
    Object.assign(issue, { labels: ['a'] });
    expect(Object.keys(issue)).toEqual(['key', 'title', 'body', 'labels']);
    expect(JSON.stringify(issue)).toBe(JSON.stringify({ key: 'k1', title: 't', body: 'body of k1', labels: ['a'] }));
    expect(issue.body).toBe('body of k1');
    expect(renders).toBe(2);
    // A spread copy is plain data: the body is read once, into it.
    const copy = { ...issue };
    expect(renders).toBe(3);
    expect(copy).toEqual({ key: 'k1', title: 't', body: 'body of k1', labels: ['a'] });
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
  });

  it('reads the body of another object, itself lazy', () => {
    const issue = defineLazyBody({ key: 'k2' }, (o: { key: string }) => `#${o.key}`, { key: 'k2' });
    const action = defineBodyFrom({ op: 'create' }, issue);
    expect(action).toEqual({ op: 'create', body: '#k2' });
  });
});
