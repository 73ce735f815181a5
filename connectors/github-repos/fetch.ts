/**
 * Read an organisation's repositories and their CODEOWNERS from GitHub, through the
 * client the shell passes in (it holds the token; this module never sees it). Every
 * page of GET /orgs/{org}/repos is read; CODEOWNERS is looked for where GitHub looks
 * (.github/, the root, docs/), a few repositories at a time.
 */
import type { Octokit } from '@octokit/rest';
import pLimit from 'p-limit';
import { CODEOWNERS_PATHS } from './codeowners.ts';
import type { OrgRepositories } from './map.ts';

export interface FetchOptions {
  org: string;
  includeArchived: boolean;
  /** Read CODEOWNERS (one to three requests per repository). */
  codeowners: boolean;
  /** Page size of the listing (GitHub's maximum, 100, by default). */
  perPage?: number;
  /** CODEOWNERS requests in flight at once. */
  concurrency?: number;
}

export async function fetchOrgRepositories(client: Octokit, opts: FetchOptions): Promise<OrgRepositories> {
  const repos = await client.paginate(client.rest.repos.listForOrg, { org: opts.org, type: 'all', per_page: opts.perPage ?? 100 });
  const codeowners = new Map<string, string>();
  if (opts.codeowners) {
    const limit = pLimit(opts.concurrency ?? 8);
    const wanted = repos.filter((r) => opts.includeArchived || r.archived !== true);
    const found = await Promise.all(wanted.map((r) => limit(() => readCodeowners(client, r.owner.login, r.name))));
    wanted.forEach((r, i) => {
      const text = found[i];
      if (text !== undefined) codeowners.set(r.full_name, text);
    });
  }
  return { org: opts.org, repos, codeowners };
}

/** The first CODEOWNERS file GitHub would use, or undefined; an empty repository has none. */
async function readCodeowners(client: Octokit, owner: string, repo: string): Promise<string | undefined> {
  for (const path of CODEOWNERS_PATHS) {
    try {
      const res = await client.rest.repos.getContent({ owner, repo, path, mediaType: { format: 'raw' } });
      // With the raw media type GitHub answers with the file itself; a directory would come back as JSON.
      if (typeof res.data === 'string') return res.data;
    } catch (err) {
      const status = (err as { status?: number }).status;
      // 404: no such file (or an empty repository); 409: the repository has no commits yet.
      if (status === 404 || status === 409) continue;
      throw err;
    }
  }
  return undefined;
}
