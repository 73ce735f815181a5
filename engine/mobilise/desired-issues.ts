/**
 * The desired set of issues: decisions grouped into remediation units by their
 * route's `group_by`, each with a stable key, a repository, an owner, a priority
 * and a due date. Pure.
 */
import type { Priority } from '../config/schema/common.ts';
import type { RouteConfig } from '../config/schema/policy.ts';
import { createHash } from 'node:crypto';
import { packageKey } from '../discover/fingerprint.ts';
import { internList } from '../discover/intern.ts';
import type { Problem } from '../errors.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { Decision } from '../model/decision.ts';
import { priorityRank } from '../policy/compile-policy.ts';
import { isKnownExploited } from './render.ts';
import { titleText } from './sanitize.ts';

export interface DesiredIssue {
  /** Stable identity across runs; stored in a hidden marker in the issue body. */
  key: string;
  route: string;
  template: string;
  repository: string;
  title: string;
  labels: string[];
  assignees: string[];
  /** The scope owner's team (org/slug), if any. */
  team?: string;
  /** Every team to mention: the scope owner's and any CODEOWNERS team of the asset. */
  teams: string[];
  priority: Priority;
  due_date: string;
  overdue: boolean;
  asset: string;
  scope: string | null;
  group_by: RouteConfig['group_by'];
  /** The decisions it covers, most urgent first. */
  decisions: Decision[];
}

export interface GroupContext {
  routes: ReadonlyMap<string, RouteConfig>;
  assets: ReadonlyMap<string, InventoryAsset>;
  centralRepository: string | undefined;
  /** The label on every ctem issue, by which ctem lists its own issues (default `ctem`). */
  trackingLabel?: string;
}

/** The label an overdue issue carries; adding it is part of escalating (plan.ts). */
export const OVERDUE_LABEL = 'overdue';
export const DEFAULT_TRACKING_LABEL = 'ctem';

export function desiredIssues(decisions: readonly Decision[], ctx: GroupContext): { issues: DesiredIssue[]; problems: Problem[] } {
  const groups = new Map<string, { route: RouteConfig; decisions: Decision[] }>();
  const problems: Problem[] = [];
  for (const d of decisions) {
    if (d.status !== 'open' || d.route === null) continue;
    const route = ctx.routes.get(d.route);
    if (!route) continue;
    const gk = `${route.id}\u0000${groupKey(route.group_by, d)}`;
    const g = groups.get(gk);
    if (g) g.decisions.push(d);
    else groups.set(gk, { route, decisions: [d] });
  }
  const issues: DesiredIssue[] = [];
  for (const [gk, { route, decisions: ds }] of groups) {
    ds.sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || a.due_date.localeCompare(b.due_date) || a.fingerprint.localeCompare(b.fingerprint));
    const lead = ds[0]!;
    const asset = ctx.assets.get(lead.asset);
    const repository =
      route.target === 'central' ? (route.repository ?? ctx.centralRepository) : (asset?.repository ?? ctx.centralRepository);
    if (repository === undefined) {
      problems.push({
        code: 'no-repository',
        severity: 'warning',
        message: `no repository for ${ds.length} exposure(s) on asset '${lead.asset}' (route '${route.id}'): the asset has no repository and no central repository is set`,
        file: 'ctem.yaml',
      });
      continue;
    }
    const dueDates = ds.map((d) => d.due_date).sort();
    const labels = new Set<string>([ctx.trackingLabel ?? DEFAULT_TRACKING_LABEL, ...(route.labels ?? []), `priority:${lead.priority}`, ...ds.flatMap((d) => d.labels)]);
    if (lead.scope) labels.add(`scope:${lead.scope}`);
    const overdue = ds.some((d) => d.overdue);
    if (overdue) labels.add(OVERDUE_LABEL);
    const owners = codeOwners(asset);
    const teams = [...new Set([...(lead.owner?.team ? [lead.owner.team] : []), ...owners.teams])].sort();
    issues.push({
      // The first 8 bytes' hex, not a slice of the whole hex digest: a slice keeps the 64 characters alive.
      key: createHash('sha256').update(gk).digest().toString('hex', 0, 8),
      route: route.id,
      template: route.template,
      repository,
      title: issueTitle(route.group_by, ds),
      // Shared lists: the same few label sets and owners recur across a large plan's issues.
      labels: internList([...labels].sort()),
      assignees: internList([...new Set([...(lead.owner?.users ?? []), ...owners.users])].sort()),
      team: lead.owner?.team,
      teams: internList(teams),
      priority: lead.priority,
      due_date: dueDates[0]!,
      overdue,
      asset: lead.asset,
      scope: lead.scope,
      group_by: route.group_by,
      decisions: ds,
    });
  }
  issues.sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || a.repository.localeCompare(b.repository) || a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
  return { issues, problems };
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Owners from the asset's `attributes.codeowners` (the owners CODEOWNERS names for the
 * repository, as an inventory connector found them: `@org/team @user ...`). Inventory
 * data may come from GitHub itself, so anything that is not a well-formed login or team
 * (e-mail addresses, text) is ignored rather than mentioned.
 */
export function codeOwners(asset: InventoryAsset | undefined): { users: string[]; teams: string[] } {
  const raw = asset && Object.hasOwn(asset.attributes, 'codeowners') ? asset.attributes.codeowners : undefined;
  const users = new Set<string>();
  const teams = new Set<string>();
  if (typeof raw !== 'string') return { users: [], teams: [] };
  for (const word of raw.split(/[\s,]+/).slice(0, 50)) {
    const name = word.startsWith('@') ? word.slice(1) : '';
    if (TEAM.test(name)) teams.add(name);
    else if (LOGIN.test(name)) users.add(name);
  }
  return { users: [...users].sort(), teams: [...teams].sort() };
}

function groupKey(by: RouteConfig['group_by'], d: Decision): string {
  switch (by) {
    case 'finding':
      return d.fingerprint;
    case 'asset-package':
      return `${d.asset}\u0000${d.finding.package ? packageKey(d.finding.package.name) : `fp:${d.fingerprint}`}`;
    case 'asset':
      return d.asset;
    case 'owner-rule':
      return `${d.owner?.team ?? (d.owner?.users ?? []).join(',')}\u0000${d.rule.id}`;
  }
}

function issueTitle(by: RouteConfig['group_by'], ds: Decision[]): string {
  const lead = ds[0]!;
  const n = ds.length;
  const kev = ds.filter((d) => isKnownExploited(d)).length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  switch (by) {
    case 'finding': {
      const what = lead.finding.vulnerability_id ?? lead.finding.rule_id;
      return titleText(`${what}: ${lead.finding.title}`.slice(0, 120) + ` in ${lead.asset}`);
    }
    case 'asset-package': {
      const pkg = lead.finding.package;
      if (!pkg) return titleText(`${lead.finding.vulnerability_id ?? lead.finding.rule_id} in ${lead.asset}`);
      const fixes = `fixes ${plural(n, 'vulnerability').replace('vulnerabilitys', 'vulnerabilities')}`;
      return titleText(`Upgrade ${pkg.name} in ${lead.asset}: ${fixes}${kev ? `, ${kev} known-exploited` : ''}`);
    }
    case 'asset':
      return titleText(`${plural(n, 'exposure')} to fix in ${lead.asset}`);
    case 'owner-rule':
      return titleText(`${lead.rule.id}: ${plural(n, 'exposure')} for ${lead.owner?.team ?? lead.owner?.users?.join(', ') ?? 'no owner'}`);
  }
}
