/**
 * Security alerts (Dependabot, code scanning, secret scanning), per repository and
 * per organization. Alerts are whatever was seeded (GitHub's own alert objects); the
 * org listings add each alert's `repository`. A repository where a kind was never
 * seeded has the feature off, and answers as GitHub does then.
 */
import { GitHubError, notFound } from '../errors.ts';
import { paginateByCursor, paginateByPage } from '../paginate.ts';
import type { AlertKind, RepoRecord } from '../state.ts';
import { json, q, repoOf, type Ctx, type Reply, type Route } from './context.ts';

type Alert = Record<string, unknown>;

const DISABLED: Record<AlertKind, () => GitHubError> = {
  dependabot: () => new GitHubError(403, 'Dependabot alerts are disabled for this repository.'),
  'code-scanning': () => new GitHubError(404, 'no analysis found'),
  'secret-scanning': () => new GitHubError(404, 'Secret scanning is disabled on this repository.'),
};

const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Alert)[k] : undefined), o);

/** Comma-separated filter: keep alerts whose value at `path` is one of the listed values. */
function filterBy(list: Alert[], ctx: Ctx, param: string, ...paths: string[]): Alert[] {
  const raw = q(ctx, param);
  if (!raw) return list;
  const wanted = raw.split(',').map((s) => s.trim().toLowerCase());
  return list.filter((a) => paths.some((p) => wanted.includes(String(get(a, p)).toLowerCase())));
}

function sortAlerts(list: Alert[], ctx: Ctx): Alert[] {
  const key = q(ctx, 'sort') === 'updated' ? 'updated_at' : 'created_at';
  const sign = q(ctx, 'direction') === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => sign * (String(a[key] ?? '').localeCompare(String(b[key] ?? '')) || Number(a.number) - Number(b.number)));
}

function filtered(kind: AlertKind, list: Alert[], ctx: Ctx): Alert[] {
  let out = list;
  if (kind === 'dependabot') {
    out = filterBy(out, ctx, 'state', 'state');
    out = filterBy(out, ctx, 'severity', 'security_advisory.severity', 'security_vulnerability.severity');
    out = filterBy(out, ctx, 'ecosystem', 'dependency.package.ecosystem');
    out = filterBy(out, ctx, 'package', 'dependency.package.name');
    out = filterBy(out, ctx, 'scope', 'dependency.scope');
  } else if (kind === 'code-scanning') {
    out = filterBy(out, ctx, 'state', 'state');
    out = filterBy(out, ctx, 'tool_name', 'tool.name');
    out = filterBy(out, ctx, 'severity', 'rule.security_severity_level', 'rule.severity');
  } else {
    out = filterBy(out, ctx, 'state', 'state');
    out = filterBy(out, ctx, 'secret_type', 'secret_type');
    out = filterBy(out, ctx, 'resolution', 'resolution');
    out = filterBy(out, ctx, 'validity', 'validity');
  }
  return sortAlerts(out, ctx);
}

function reply(kind: AlertKind, items: Alert[], ctx: Ctx): Reply {
  // Dependabot listings paginate with cursors only; the others accept page numbers.
  const page = kind === 'dependabot' ? paginateByCursor(items, ctx.query, ctx.url) : paginateByPage(items, ctx.query, ctx.url);
  return json(200, page.items, page.link ? { link: page.link } : undefined);
}

function forRepo(kind: AlertKind, permission: Route['permission']): Route {
  return {
    permission,
    handle(ctx) {
      const repo = repoOf(ctx);
      const alerts = repo.alerts[kind];
      if (!alerts) throw DISABLED[kind]();
      return reply(kind, filtered(kind, alerts, ctx), ctx);
    },
  };
}

function forOrg(kind: AlertKind, permission: Route['permission']): Route {
  return {
    permission,
    handle(ctx) {
      const org = ctx.state.user(ctx.params.org as string);
      if (!org || org.type !== 'Organization') throw notFound();
      const repos: RepoRecord[] = ctx.state.reposOf(org.login).filter((r) => ctx.auth.canSee(ctx.principal, `${r.owner}/${r.name}`));
      const all = repos.flatMap((r) => (r.alerts[kind] ?? []).map((a) => ({ ...a, repository: ctx.render.simpleRepo(r) })));
      return reply(kind, filtered(kind, all, ctx), ctx);
    },
  };
}

export const dependabotRepo = forRepo('dependabot', 'vulnerability_alerts:read');
export const dependabotOrg = forOrg('dependabot', 'vulnerability_alerts:read');
export const codeScanningRepo = forRepo('code-scanning', 'security_events:read');
export const codeScanningOrg = forOrg('code-scanning', 'security_events:read');
export const secretScanningRepo = forRepo('secret-scanning', 'secret_scanning_alerts:read');
export const secretScanningOrg = forOrg('secret-scanning', 'secret_scanning_alerts:read');
