/**
 * The pull requests ctem wants open, as data: scope drift (one, in the exposure
 * repository), exception renewals (one per exception coming due, in the exposure
 * repository) and remediation playbooks (one per remediation unit of a route with a
 * playbook, in the asset's repository). Each names its branch, the one file it edits
 * and how (a FileEdit applied to the file on the default branch when the PR is
 * synchronised), its title and body. Pure.
 */
import type { PlaybookConfig, RouteConfig } from '../config/schema/policy.ts';
import type { Problem } from '../errors.ts';
import { priorityRank } from '../policy/compile-policy.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { RenderedIssue } from '../mobilise/plan.ts';
import { prMarker } from '../mobilise/markers.ts';
import { GITHUB_BODY_LIMIT, ownerMention, type TemplateRenderer } from '../mobilise/render.ts';
import { inlineText, titleText } from '../mobilise/sanitize.ts';
import { proposedExpiry, renewalsDue, renewExceptionText, type ExceptionRef } from './exception-renewal.ts';
import { applyPlaybookEdit, planPlaybook, playbookProblems, unitValues, type PlaybookEdit } from './playbook.ts';
import { proposableIds, UNASSIGNED_FILE, unassignedScopeText } from './scope-drift.ts';

export type PrKind = 'scope-drift' | 'exception-renewal' | 'playbook';

export type FileEdit =
  | PlaybookEdit
  | { kind: 'scope-drift'; ids: string[]; owner: string }
  | { kind: 'renew-exception'; id: string; expires: string };

export interface DesiredPr {
  kind: PrKind;
  /** Stable identity, also in the body's hidden marker. */
  key: string;
  repository: string;
  branch: string;
  /** The one file the pull request changes. */
  path: string;
  edit: FileEdit;
  title: string;
  body: string;
  commit_message: string;
  labels: string[];
  /** Who should review (mentioned in the body). */
  reviewers: string[];
  /** Sort key: the most urgent pull requests are opened first when the per-run cap bites. */
  rank: string;
}

/** The file after the edit, from its text on the default branch; undefined when there is nothing to change. */
export function applyFileEdit(edit: FileEdit, current: string | undefined): string | undefined {
  let next: string | undefined;
  switch (edit.kind) {
    case 'replace':
    case 'content':
      next = applyPlaybookEdit(edit, current);
      break;
    case 'scope-drift':
      next = unassignedScopeText(current, edit.ids, edit.owner);
      break;
    case 'renew-exception':
      next = renewExceptionText(current, edit.id, edit.expires);
      break;
  }
  return next === undefined || next === current ? undefined : next;
}

export interface PrContext {
  /** The exposure repository (owner/name), where scope and exception changes are proposed. */
  exposureRepository?: string;
  trackingLabel: string;
  organisation: string;
  today: string;
  unscoped: readonly InventoryAsset[];
  unassignedOwner?: string;
  exceptions: readonly (ExceptionRef & { type: string })[];
  warningDays?: number;
  maxExceptionDays?: number;
  issues: readonly RenderedIssue[];
  routes: ReadonlyMap<string, RouteConfig & { file?: string }>;
  assets: ReadonlyMap<string, InventoryAsset>;
  render: TemplateRenderer;
}

/** Git ref names may not contain `..` and some other sequences; ids are close to safe already. */
const refPart = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '-').replace(/\.{2,}/g, '-').replace(/^[.-]+|[.]+$|\.lock$/g, '') || 'x';

function withMarker(body: string, key: string, kind: PrKind, branch: string): string {
  const tail = '\n\n' + prMarker({ key, kind, branch });
  const room = GITHUB_BODY_LIMIT - tail.length;
  return (body.length > room ? body.slice(0, room - 1) + '…' : body) + tail;
}

export function desiredPullRequests(ctx: PrContext): { prs: DesiredPr[]; problems: Problem[] } {
  const prs: DesiredPr[] = [];
  const problems: Problem[] = [];
  const warn = (code: string, message: string, file?: string) => problems.push({ code, severity: 'warning', message, ...(file ? { file } : {}) });
  const org = inlineText(ctx.organisation);

  // Scope drift.
  if (ctx.unscoped.length > 0) {
    if (!ctx.exposureRepository) warn('no-exposure-repository', `scope drift: ${ctx.unscoped.length} asset(s) in no scope, but no exposure repository is known (GITHUB_REPOSITORY or --repository), so no pull request`);
    else if (!ctx.unassignedOwner) warn('no-unassigned-owner', `scope drift: ${ctx.unscoped.length} asset(s) in no scope; set defaults.unassigned_owner to have ctem propose ${UNASSIGNED_FILE}`, 'ctem.yaml');
    else {
      const { ids, skipped } = proposableIds(ctx.unscoped.map((a) => a.id));
      if (skipped.length) warn('unproposable-asset', `scope drift: asset id(s) with glob characters are not proposed: ${skipped.slice(0, 5).join(', ')}`);
      if (ids.length > 0) {
        const branch = 'ctem/scope-drift';
        const byId = new Map(ctx.unscoped.map((a) => [a.id, a]));
        const body = ctx.render('pr-scope-drift', {
          count: ids.length,
          file: UNASSIGNED_FILE,
          owner_mention: `@${ctx.unassignedOwner}`,
          organisation: org,
          assets: ids.map((id) => {
            const a = byId.get(id);
            return { id: inlineText(id), type: a?.type ?? '', name: inlineText(a?.name ?? ''), repository: inlineText(a?.repository ?? '') };
          }),
        });
        prs.push({
          kind: 'scope-drift',
          key: 'scope-drift',
          repository: ctx.exposureRepository,
          branch,
          path: UNASSIGNED_FILE,
          edit: { kind: 'scope-drift', ids, owner: ctx.unassignedOwner },
          title: titleText(`ctem: ${ids.length} asset(s) in no scope — claim them`),
          body: withMarker(body, 'scope-drift', 'scope-drift', branch),
          commit_message: `ctem: propose ${UNASSIGNED_FILE} for ${ids.length} unassigned asset(s)`,
          labels: [ctx.trackingLabel],
          reviewers: [],
          rank: '9',
        });
      }
    }
  }

  // Exception renewals.
  if (ctx.warningDays !== undefined) {
    const due = renewalsDue(ctx.exceptions, ctx.today, ctx.warningDays);
    if (due.length > 0 && !ctx.exposureRepository) {
      warn('no-exposure-repository', `${due.length} exception(s) expire within ${ctx.warningDays} days, but no exposure repository is known (GITHUB_REPOSITORY or --repository), so no renewal pull request`);
    }
    for (const e of ctx.exposureRepository ? due : []) {
      const proposed = proposedExpiry(e, ctx.today, ctx.warningDays, ctx.maxExceptionDays);
      const key = `renew:${e.id}`;
      const branch = `ctem/renew/${refPart(e.id)}`;
      const type = ctx.exceptions.find((x) => x.id === e.id)?.type ?? '';
      const body = ctx.render('pr-exception-renewal', {
        approver_mention: `@${e.approver}`,
        exception: { id: inlineText(e.id), file: inlineText(e.file), expires: e.expires, proposed, reason: inlineText(e.reason, 600), type: inlineText(type) },
        max_days: ctx.maxExceptionDays ?? 90,
        organisation: org,
      });
      prs.push({
        kind: 'exception-renewal',
        key,
        repository: ctx.exposureRepository!,
        branch,
        path: e.file,
        edit: { kind: 'renew-exception', id: e.id, expires: proposed },
        title: titleText(`ctem: renew exception ${e.id} (expires ${e.expires})`),
        body: withMarker(body, key, 'exception-renewal', branch),
        commit_message: `ctem: renew exception ${e.id} until ${proposed}`,
        labels: [ctx.trackingLabel],
        reviewers: [e.approver],
        rank: `0${e.expires}`,
      });
    }
  }

  // Remediation playbooks.
  const reported = new Set<string>();
  for (const issue of ctx.issues) {
    const route = ctx.routes.get(issue.route);
    const pb: PlaybookConfig | undefined = route?.playbook;
    if (!route || !pb) continue;
    const bad = playbookProblems(pb);
    if (bad.length > 0) {
      if (!reported.has(route.id)) warn('bad-playbook', `route '${route.id}': ${bad.join('; ')}; its playbook is not used`, route.file);
      reported.add(route.id);
      continue;
    }
    const asset = ctx.assets.get(issue.asset);
    const repository = asset?.repository;
    if (!repository) continue;
    const values = unitValues(issue, repository);
    const plan = planPlaybook(pb, values, issue.decisions[0]?.finding.package?.name);
    if ('skip' in plan) continue;
    const key = `fix:${issue.key}`;
    const branch = `ctem/fix/${issue.key}`;
    const title = titleText(plan.title ?? `ctem: ${issue.title}`);
    const body = ctx.render('pr-playbook', {
      title: inlineText(title, 250),
      route: inlineText(route.id),
      file: inlineText(pb.file),
      exposures: issue.decisions.length,
      issue: { title: inlineText(issue.title, 250), priority: issue.priority, due_date: issue.due_date, owner_mention: ownerMention(issue) },
      package: {
        name: inlineText(values['package.name'] ?? ''),
        installed_version: inlineText(values['package.installed_version'] ?? ''),
        fixed_version: inlineText(values['package.fixed_version'] ?? ''),
      },
      organisation: org,
    });
    prs.push({
      kind: 'playbook',
      key,
      repository,
      branch,
      path: pb.file,
      edit: plan.edit,
      title,
      body: withMarker(body, key, 'playbook', branch),
      commit_message: `ctem: ${title.replace(/^ctem: /, '')}`.slice(0, 200),
      labels: [ctx.trackingLabel],
      reviewers: [],
      rank: `${priorityRank(issue.priority)}${issue.due_date}${issue.key}`,
    });
  }
  prs.sort((a, b) => a.rank.localeCompare(b.rank) || a.key.localeCompare(b.key));
  return { prs, problems };
}
