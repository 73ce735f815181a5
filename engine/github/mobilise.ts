/**
 * Mobilisation against GitHub, start to finish: list what exists (conditional, so a
 * quiet day costs only 304s), reconcile with what is wanted (the pure planner), cap
 * new issues and pull requests, and carry the plan out. Returns the plan it executed,
 * one outcome per action, and what it cost. A repository that cannot be listed gets
 * no actions at all — planning there blind could duplicate issues.
 */
import { capCreations, reconcile, type Action, type ExistingIssue, type Plan, type RenderedIssue } from '../mobilise/plan.ts';
import type { DesiredPr } from '../prs/desired-prs.ts';
import type { GitHubClient, RequestCounts } from './client.ts';
import type { EtagCache } from './etag-cache.ts';
import { executeIssueActions, issueRefKey } from './execute-issues.ts';
import { executePullRequests } from './execute-prs.ts';
import { classify, type GitHubFailure } from './failure.ts';
import { LabelEnsurer } from './labels.ts';
import type { ActionOutcome } from './outcome.ts';
import { listTracked, type TrackedPull } from './tracked.ts';

export interface MobiliseInput {
  client: GitHubClient;
  cache: EtagCache;
  /** The wanted issues, rendered. */
  issues: readonly RenderedIssue[];
  /** The wanted pull requests. */
  prs?: readonly DesiredPr[];
  /** Every repository to list (targetRepositories). */
  repositories: readonly string[];
  trackingLabel: string;
  /** `defaults.max_new_issues_per_run`: new issues and pull requests together. */
  maxNew?: number;
  today: string;
  lastSeen?: ReadonlyMap<string, string>;
}

export interface MobiliseReport {
  /** The issue plan as executed (after the cap). */
  plan: Plan;
  deferred: Extract<Action, { op: 'create' }>[];
  outcomes: ActionOutcome[];
  failures: GitHubFailure[];
  /** The failure that stopped the run early, if any. */
  fatal?: GitHubFailure;
  /** Repositories that could not be listed, and why. */
  unlisted: { repository: string; failure: GitHubFailure }[];
  existing: number;
  counts: RequestCounts;
}

export async function mobilise(input: MobiliseInput): Promise<MobiliseReport> {
  const { client, cache } = input;
  const labels = new LabelEnsurer(client, cache);
  const existing: ExistingIssue[] = [];
  const pulls: TrackedPull[] = [];
  const listed = new Set<string>();
  const unlisted: MobiliseReport['unlisted'] = [];
  const report = (rest: Partial<MobiliseReport>): MobiliseReport => ({
    plan: { actions: [], unchanged: 0 },
    deferred: [],
    outcomes: [],
    failures: [],
    unlisted,
    existing: existing.length,
    counts: { ...client.counts },
    ...rest,
  });

  for (const repository of input.repositories) {
    try {
      const l = await listTracked(client, cache, repository, input.trackingLabel);
      existing.push(...l.issues);
      pulls.push(...l.pulls);
      labels.learn(repository, l.knownLabels);
      listed.add(repository.toLowerCase());
    } catch (e) {
      const failure = classify(e, { what: `list the issues of ${repository}`, need: 'issues: read', repository });
      if (failure.fatal) return report({ fatal: failure, failures: [failure] });
      unlisted.push({ repository, failure });
    }
  }

  const isListed = (r: string) => listed.has(r.toLowerCase());
  const blind: ActionOutcome[] = [];
  for (const i of input.issues) {
    if (!isListed(i.repository)) blind.push({ target: 'issue', op: 'create', key: i.key, repository: i.repository, status: 'skipped', detail: `${i.repository} could not be listed` });
  }
  for (const p of input.prs ?? []) {
    if (!isListed(p.repository)) blind.push({ target: 'pull-request', op: 'sync', key: p.key, repository: p.repository, status: 'skipped', detail: `${p.repository} could not be listed` });
  }

  const full = reconcile(input.issues.filter((i) => isListed(i.repository)), existing, { today: input.today, lastSeen: input.lastSeen });
  const { plan, deferred } = capCreations(full, input.maxNew);
  const issueRun = await executeIssueActions(plan.actions, {
    client,
    cache,
    labels,
    trackingLabel: input.trackingLabel,
    existing: new Map(existing.map((e) => [issueRefKey(e.repository, e.number), e])),
  });
  const outcomes = [
    ...issueRun.outcomes,
    ...deferred.map((d): ActionOutcome => ({ target: 'issue', op: 'create', key: d.key, repository: d.repository, status: 'deferred', detail: 'per-run cap on new issues and pull requests reached' })),
  ];
  const failures = [...issueRun.failures];
  let fatal = issueRun.fatal;

  const prs = (input.prs ?? []).filter((p) => isListed(p.repository));
  if (!fatal && (prs.length > 0 || pulls.length > 0)) {
    const created = plan.actions.filter((a) => a.op === 'create').length;
    const prRun = await executePullRequests(prs, { client, cache, labels, tracked: pulls, listed, budget: input.maxNew === undefined ? Infinity : Math.max(0, input.maxNew - created) });
    outcomes.push(...prRun.outcomes);
    failures.push(...prRun.failures);
    fatal = prRun.fatal;
  }
  outcomes.push(...blind);

  // List again where this run wrote, so the cached ETags describe what the next run
  // will find: an unchanged next run then costs only 304s.
  const wrote = new Set(outcomes.filter((o) => o.status === 'done' && o.op !== 'unchanged' && o.op !== 'not-needed').map((o) => o.repository.toLowerCase()));
  if (!fatal) {
    for (const repository of input.repositories) {
      if (wrote.has(repository.toLowerCase())) await listTracked(client, cache, repository, input.trackingLabel).catch(() => undefined);
    }
  }
  return report({ plan, deferred, outcomes, failures, fatal, counts: { ...client.counts } });
}
