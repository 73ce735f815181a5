/**
 * The mapper, on GitHub's own example of GET /orgs/{org}/repos (from the OpenAPI
 * description the test server also checks against) and on hostile shapes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mapRepositories } from '../../../connectors/github-repos/map.ts';
import { ReportError } from '../../../engine/errors.ts';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as {
  components: { examples: Record<string, { value: unknown[] }> };
};
const example = spec.components.examples['minimal-repository-items']!.value;
const ctx = (options = {}) => ({ file: 'github:octocat', options });
const doc = (repos: unknown[], codeowners: [string, string][] = []) => ({ org: 'octocat', repos, codeowners: new Map(codeowners) });

describe('mapping GitHub repositories to assets', () => {
  it('maps GitHub\'s documented example: one repository asset per listed repository', () => {
    const assets = mapRepositories(doc(example, [['octocat/Hello-World', '* @octocat\n']]), ctx());
    expect(assets).toHaveLength(example.length);
    expect(assets[0]).toEqual({
      id: 'octocat/hello-world',
      type: 'repository',
      name: 'Hello-World',
      aliases: ['https://github.com/octocat/Hello-World', 'https://github.com/octocat/Hello-World.git', 'git@github.com:octocat/Hello-World.git'],
      tags: ['octocat', 'atom', 'electron', 'api', 'codeowner:@octocat'],
      repository: 'octocat/Hello-World',
      attributes: { visibility: 'public', archived: false, fork: false, default_branch: 'master', codeowners: '@octocat' },
      source: 'github:octocat',
      derivedId: true,
    });
  });

  it('skips archived repositories unless include_archived is set', () => {
    const repos = [{ full_name: 'acme/old', archived: true }, { full_name: 'acme/new', archived: false }];
    expect(mapRepositories(doc(repos), ctx()).map((a) => a.id)).toEqual(['acme/new']);
    expect(mapRepositories(doc(repos), ctx({ include_archived: true })).map((a) => [a.id, a.attributes.archived])).toEqual([
      ['acme/old', true],
      ['acme/new', false],
    ]);
  });

  it('falls back on `private` when GitHub leaves out visibility', () => {
    const [a] = mapRepositories(doc([{ full_name: 'acme/x', private: true }]), ctx());
    expect(a!.attributes.visibility).toBe('private');
  });

  it('rejects a listing it cannot read, naming the JSON path', () => {
    const at = (repos: unknown[]) => {
      try {
        mapRepositories(doc(repos), ctx());
      } catch (e) {
        return e instanceof ReportError ? `${e.path} ${e.message}` : String(e);
      }
      return 'accepted';
    };
    expect(at([{ name: 'x' }])).toBe('$[0].full_name is required');
    expect(at([{ full_name: 'acme/x' }, { full_name: 'no-slash' }])).toBe('$[1].full_name is not owner/name');
    expect(at([{ full_name: 'acme/x', archived: 'yes' }])).toBe('$[0].archived must be a boolean');
    expect(at([{ full_name: 'acme/x', topics: [1] }])).toBe('$[0].topics[0] must be a string (got number)');
    expect(at(['acme/x'])).toBe('$[0] must be an object (got string)');
  });

  it('reads own properties only: an inherited `archived` is not there', () => {
    const repo = JSON.parse('{"full_name": "acme/x", "__proto__": {"archived": true, "topics": ["evil"]}}') as object;
    const [a] = mapRepositories(doc([repo]), ctx());
    expect(a!.attributes.archived).toBe(false);
    expect(a!.tags).toEqual([]);
  });
});
