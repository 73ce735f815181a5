/**
 * Which pull request a workflow run is about, from the event payload GitHub Actions
 * writes to GITHUB_EVENT_PATH. The payload describes a pull request anyone may have
 * opened, so it is read as untrusted data: own properties only, a positive integer
 * number, a repository of the form owner/name. Pure.
 */

export interface PullRequestRef {
  /** `owner/name`: where the comment goes (GITHUB_REPOSITORY; the base repository for forks too). */
  repository: string;
  number: number;
}

/** The events whose payload carries `pull_request`; the plan workflow runs on `pull_request` only. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const own = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && !Array.isArray(o) && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

/** The pull request of this run, or undefined when the run is not about one (a push, a schedule). */
export function pullRequestOf(eventName: string | undefined, payload: unknown, repository: string | undefined): PullRequestRef | undefined {
  if (!eventName || !PULL_REQUEST_EVENTS.has(eventName)) return undefined;
  if (!repository || !REPOSITORY.test(repository)) return undefined;
  const number = own(own(payload, 'pull_request'), 'number') ?? own(payload, 'number');
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) return undefined;
  return { repository, number };
}
