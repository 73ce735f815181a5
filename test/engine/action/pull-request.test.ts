import { describe, expect, it } from 'vitest';
import { readInputs, toArgv } from '../../../engine/action/inputs.ts';
import { pullRequestOf } from '../../../engine/action/pull-request.ts';

describe('which pull request a workflow run is about', () => {
  it('reads the number from the pull_request event payload, and the repository from GITHUB_REPOSITORY', () => {
    expect(pullRequestOf('pull_request', { action: 'synchronize', number: 7, pull_request: { number: 7 } }, 'acme/exposures')).toEqual({ repository: 'acme/exposures', number: 7 });
  });

  it('is none for other events, a missing or odd number, or a repository that is not owner/name', () => {
    expect(pullRequestOf('push', { pull_request: { number: 7 } }, 'acme/exposures')).toBeUndefined();
    expect(pullRequestOf(undefined, { pull_request: { number: 7 } }, 'acme/exposures')).toBeUndefined();
    expect(pullRequestOf('pull_request', undefined, 'acme/exposures')).toBeUndefined();
    for (const number of ['7', 0, -1, 1.5, 2 ** 60]) expect(pullRequestOf('pull_request', { pull_request: { number } }, 'acme/exposures')).toBeUndefined();
    expect(pullRequestOf('pull_request', { pull_request: { number: 7 } }, 'acme/exposures/../../x')).toBeUndefined();
    expect(pullRequestOf('pull_request', { pull_request: { number: 7 } }, undefined)).toBeUndefined();
  });

  it('reads own properties only: a number on the prototype is not the payload', () => {
    const payload = Object.assign(Object.create({ number: 7 }) as object, { pull_request: Object.create({ number: 8 }) as object });
    expect(pullRequestOf('pull_request', payload, 'acme/exposures')).toBeUndefined();
  });
});

describe("the Action's inputs for the plan comment", () => {
  it('comments by default, and not with comment: false; the author is found from the token unless given', () => {
    expect(readInputs({ INPUT_COMMAND: 'plan', INPUT_BASE: 'main' })).toMatchObject({ comment: true, commentAuthor: '' });
    expect(readInputs({ INPUT_COMMENT: 'false', 'INPUT_COMMENT-AUTHOR': 'my-app[bot]' })).toMatchObject({ comment: false, commentAuthor: 'my-app[bot]' });
  });

  it('runs plan with the Markdown report written to the out input', () => {
    expect(toArgv(readInputs({ INPUT_COMMAND: 'plan', INPUT_BASE: 'abc123', INPUT_OUT: 'plan.md' }))).toEqual(['plan', '--dir', '.', '--base', 'abc123', '--format', 'markdown', '--out', 'plan.md']);
  });
});
