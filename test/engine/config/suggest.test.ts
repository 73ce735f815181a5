import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../../engine/config/suggest.ts';

describe('did you mean', () => {
  it('counts a swap of two adjacent characters as one edit', () => {
    expect(editDistance('wehn', 'when')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the key a transposition or a dropped letter was meant to be', () => {
    expect(suggest('wehn', ['id', 'description', 'when', 'set'])).toBe('when');
    expect(suggest('priorty', ['priority', 'sla_days', 'labels', 'route'])).toBe('priority');
    expect(suggest('owner_team', ['id', 'name', 'owner'])).toBe('owner');
  });

  it('suggests nothing for a word close to no candidate', () => {
    expect(suggest('frobnicate', ['init', 'validate', 'run'])).toBeUndefined();
  });
});
