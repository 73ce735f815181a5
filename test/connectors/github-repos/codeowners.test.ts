import { describe, expect, it } from 'vitest';
import { CODEOWNERS_PATHS, defaultOwners } from '../../../connectors/github-repos/codeowners.ts';

describe('the owners of a whole repository, from CODEOWNERS', () => {
  it('are the owners of the `*` pattern', () => {
    expect(defaultOwners('*       @acme/payments-team @alice\n/docs/ @acme/writers\n')).toEqual(['@acme/payments-team', '@alice']);
  });

  it('come from the last `*` line, as on GitHub (the last matching pattern wins)', () => {
    expect(defaultOwners('* @old-team-lead\n*.js @acme/web\n* @acme/platform\n')).toEqual(['@acme/platform']);
  });

  it('are none when the last `*` line names no owner', () => {
    expect(defaultOwners('* @acme/platform\n*\n')).toEqual([]);
  });

  it('accept users, teams and e-mail addresses, and ignore comments', () => {
    expect(defaultOwners('# default owners\n* @octo-cat @acme/sec-team ops@acme.example # on call\n')).toEqual(['@octo-cat', '@acme/sec-team', 'ops@acme.example']);
  });

  it('skip a line with an owner that is none of those, as GitHub does', () => {
    expect(defaultOwners('* @acme/ok\n* @acme/ok not-an-owner\n')).toEqual(['@acme/ok']);
  });

  it('read CRLF files with a byte order mark', () => {
    expect(defaultOwners('\uFEFF# x\r\n* @acme/ops\r\n')).toEqual(['@acme/ops']);
  });

  it('are none for patterns narrower than everything', () => {
    expect(defaultOwners('/* @root-only\n*.go @gophers\n**/docs @writers\n')).toEqual([]);
  });

  it('are none for a file over GitHub\'s 3 MB limit', () => {
    expect(defaultOwners(`* @acme/ops\n${'#'.repeat(3 * 1024 * 1024)}`)).toEqual([]);
  });

  it('are looked for where GitHub looks, in its order', () => {
    expect(CODEOWNERS_PATHS).toEqual(['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']);
  });
});
