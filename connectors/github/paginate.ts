/**
 * Listing alerts page by page (`octokit.paginate.iterator`, which follows GitHub's
 * Link headers, page- or cursor-based), at repository or organisation level, once
 * per requested state where the endpoint takes only one.
 */
import type { Octokit } from '@octokit/rest';
import { CtemError, ExitCode } from '../../engine/errors.ts';
import type { FetchedAlert } from '../types.ts';
import { gitHubListingError, type ListingContext } from './errors.ts';
import type { ResolvedAlertOptions } from './options.ts';
import { isJsonObject, own } from '../shared/json-reader.ts';

export interface AlertRoutes {
  repo: string;
  org: string;
  /** True when `state` takes a comma-separated list (Dependabot); else one listing per state. */
  multiState: boolean;
}

type Listing = AsyncIterable<{ data: unknown }>;

/** The repository of an org-level alert: its `repository.full_name`. */
function repositoryOf(alert: unknown): string | undefined {
  if (!isJsonObject(alert)) return undefined;
  const repo = own(alert, 'repository');
  const name = isJsonObject(repo) ? own(repo, 'full_name') : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export async function* listAlerts(
  client: Octokit,
  routes: AlertRoutes,
  o: ResolvedAlertOptions,
  ctx: Omit<ListingContext, 'target'>,
): AsyncGenerator<FetchedAlert> {
  const scope = o.scope;
  const where = scope.kind === 'repo' ? { owner: scope.owner, repo: scope.repo } : { org: scope.org };
  const stateParams: Array<Record<string, string>> =
    o.states === undefined ? [{}] : routes.multiState ? [{ state: o.states.join(',') }] : o.states.map((state) => ({ state }));
  const context: ListingContext = { ...ctx, target: scope.label };
  for (const state of stateParams) {
    const params = { ...where, ...state, per_page: o.perPage };
    const pages = client.paginate.iterator(scope.kind === 'repo' ? routes.repo : routes.org, params) as Listing;
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<{ data: unknown }>;
      try {
        next = await iterator.next();
      } catch (err) {
        throw gitHubListingError(err, context);
      }
      if (next.done) break;
      const data = next.value.data;
      if (!Array.isArray(data)) {
        throw new CtemError({ code: 'github', severity: 'error', message: `GitHub's answer listing ${ctx.listing} for ${scope.label} is not a list` }, ExitCode.input);
      }
      for (const alert of data as unknown[]) {
        // An org listing names each alert's repository; the shell rejects an alert without one.
        yield { alert, repository: scope.kind === 'repo' ? `${scope.owner}/${scope.repo}` : repositoryOf(alert) ?? '' };
      }
    }
  }
}
