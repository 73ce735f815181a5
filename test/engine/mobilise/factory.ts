/**
 * Decisions and desired issues for mobilisation tests, built the way the cycle builds
 * them (desiredIssues, then renderIssueBody with the repository's own issue template),
 * from a few fields that matter to mobilisation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteConfig } from '../../../engine/config/schema/policy.ts';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import type { Decision } from '../../../engine/model/decision.ts';
import { desiredIssues } from '../../../engine/mobilise/desired-issues.ts';
import type { RenderedIssue } from '../../../engine/mobilise/plan.ts';
import { createRenderer, renderIssueBody } from '../../../engine/mobilise/render.ts';
import { repoRoot } from '../../support/corpus.ts';

export interface DecisionSpec {
  fingerprint: string;
  asset: string;
  pkg?: string;
  installed?: string;
  fixed?: string[];
  priority?: Decision['priority'];
  due?: string;
  overdue?: boolean;
  title?: string;
  route?: string;
  scope?: string;
  owner?: Decision['owner'];
  kev?: boolean;
}

export function decision(s: DecisionSpec): Decision {
  return {
    fingerprint: s.fingerprint,
    asset: s.asset,
    scope: s.scope ?? 'web',
    owner: s.owner ?? { team: 'acme/web-team', users: ['alice'] },
    priority: s.priority ?? 'P2',
    status: 'open',
    sla_days: 30,
    first_seen: '2026-11-01',
    due_date: s.due ?? '2026-12-01',
    overdue: s.overdue ?? false,
    rule: { id: 'severe', file: 'policies/50-baseline.yaml', policy: 'baseline' },
    labels: [],
    route: s.route ?? 'owner-repo',
    inputs: s.kev ? { 'kev.listed': true } : { 'finding.severity': 'high' },
    feeds: {},
    validation: { internet_exposed: false, crown_jewel: false },
    finding: {
      kind: 'vulnerability',
      rule_id: `CVE-2026-${s.fingerprint.slice(0, 4)}`,
      vulnerability_id: `CVE-2026-${s.fingerprint.slice(0, 4)}`,
      aliases: [],
      title: s.title ?? `a flaw in ${s.pkg ?? 'something'}`,
      severity: 'high',
      ...(s.pkg ? { package: { name: s.pkg, installed_version: s.installed ?? '1.0.0', fixed_versions: s.fixed ?? ['1.0.1'], ecosystem: 'npm' } } : {}),
      tools: ['trivy'],
      sources: [],
    },
  } as unknown as Decision;
}

export const ROUTES: RouteConfig[] = [
  { id: 'owner-repo', target: 'asset-repository', group_by: 'asset-package', template: 'issue', labels: ['security', 'ctem'] },
  { id: 'central', target: 'central', group_by: 'finding', template: 'issue', labels: ['security', 'ctem', 'triage'] },
];

export function asset(id: string, repository?: string, attributes: InventoryAsset['attributes'] = {}): InventoryAsset {
  return { id, type: 'service', aliases: [], tags: [], attributes, source: 'test', ...(repository ? { repository } : {}) };
}

export const issueTemplate = (): string => readFileSync(join(repoRoot, 'templates', 'issue.hbs'), 'utf8');

/** The desired issues for these decisions, rendered with templates/issue.hbs. */
export function rendered(
  decisions: readonly Decision[],
  assets: readonly InventoryAsset[],
  opts: { routes?: readonly RouteConfig[]; central?: string; template?: string } = {},
): RenderedIssue[] {
  const { issues } = desiredIssues(decisions, {
    routes: new Map((opts.routes ?? ROUTES).map((r) => [r.id, r])),
    assets: new Map(assets.map((a) => [a.id, a])),
    centralRepository: opts.central ?? 'acme/security',
  });
  const render = createRenderer(new Map([['issue', { source: opts.template ?? issueTemplate() }]]));
  return issues.map((d) => ({ ...d, body: renderIssueBody(d, render, { date: '2026-11-28', organisation: 'Acme' }) }));
}
