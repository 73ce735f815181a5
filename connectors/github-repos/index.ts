/**
 * The repositories of a GitHub organisation as inventory assets, with topics,
 * visibility, archived, default branch and the CODEOWNERS owners of `*`.
 * `fetch` (fetch.ts) talks to GitHub through the client the shell passes in;
 * `extract` (map.ts) is pure.
 */
import { fail } from '../shared/json-reader.ts';
import type { GitHubInventoryConnector } from '../types.ts';
import { fetchOrgRepositories } from './fetch.ts';
import { mapRepositories } from './map.ts';

export const githubReposConnector: GitHubInventoryConnector = {
  name: 'github-repos',
  kind: 'inventory',
  format: 'github',
  description: 'The repositories of a GitHub organisation, with topics, visibility and CODEOWNERS owners.',
  options: ['org', 'include_archived', 'codeowners'],
  fetch(client, ctx) {
    const org = ctx.options.org;
    if (org === undefined) fail([], 'needs `org:`, the organisation whose repositories to list');
    return fetchOrgRepositories(client, { org, includeArchived: ctx.options.include_archived === true, codeowners: ctx.options.codeowners !== false });
  },
  extract: mapRepositories,
};
