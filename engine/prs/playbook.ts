/**
 * Remediation playbooks: from a route's `playbook` and one remediation unit (a
 * desired issue), the file edit to propose. The values a playbook may use come from
 * the unit — the asset, its repository, the package, the installed version and the
 * version that fixes every exposure of the unit — and are checked before use
 * (placeholders.ts). Pure.
 */
import semver from 'semver';
import type { PlaybookConfig } from '../config/schema/policy.ts';
import { packageKey } from '../discover/fingerprint.ts';
import type { DesiredIssue } from '../mobilise/desired-issues.ts';
import type { Decision } from '../model/decision.ts';
import { fill, safeValues, unknownPlaceholders, type PlaceholderValues } from './placeholders.ts';

export type PlaybookEdit = { kind: 'replace'; from: string; to: string } | { kind: 'content'; text: string };

/** A comparable semantic version, or undefined for a version scheme semver does not know. */
function semverOf(v: string): string | undefined {
  const strict = semver.valid(v, { loose: true });
  if (strict) return strict;
  return /^v?\d+(\.\d+){0,2}$/.test(v) ? (semver.coerce(v)?.version ?? undefined) : undefined;
}

/**
 * The version that fixes every exposure of the unit: for each, the lowest fixed
 * version above the installed one; then the highest of those. Undefined when an
 * exposure has no fix, or versions are not comparable and disagree.
 */
export function fixedVersion(ds: readonly Decision[]): string | undefined {
  const picks: string[] = [];
  for (const d of ds) {
    const fixes = d.finding.package?.fixed_versions ?? [];
    if (fixes.length === 0) return undefined;
    const installed = d.finding.package?.installed_version ? semverOf(d.finding.package.installed_version) : undefined;
    const comparable = fixes.map((f) => ({ f, s: semverOf(f) }));
    if (comparable.every((c) => c.s !== undefined)) {
      const above = comparable.filter((c) => installed === undefined || semver.gt(c.s!, installed));
      const pool = above.length > 0 ? above : comparable;
      pool.sort((a, b) => semver.compare(a.s!, b.s!));
      picks.push(pool[0]!.f);
    } else if (new Set(fixes).size === 1) {
      picks.push(fixes[0]!);
    } else {
      return undefined;
    }
  }
  if (picks.length === 0) return undefined;
  if (picks.every((p) => semverOf(p) !== undefined)) return [...picks].sort((a, b) => semver.compare(semverOf(a)!, semverOf(b)!)).at(-1);
  return new Set(picks).size === 1 ? picks[0] : undefined;
}

/** The values a playbook may use for one unit, already checked to be safe to write. */
export function unitValues(issue: Pick<DesiredIssue, 'asset' | 'decisions'>, repository: string | undefined): PlaceholderValues {
  const lead = issue.decisions[0];
  const pkgs = new Set(issue.decisions.map((d) => (d.finding.package ? packageKey(d.finding.package.name) : '')));
  const pkg = pkgs.size === 1 ? lead?.finding.package : undefined;
  const installed = new Set(issue.decisions.map((d) => d.finding.package?.installed_version ?? ''));
  return safeValues({
    asset: issue.asset,
    ...(repository ? { repository } : {}),
    ...(pkg ? { 'package.name': pkg.name } : {}),
    ...(pkg?.ecosystem ? { 'package.ecosystem': pkg.ecosystem } : {}),
    ...(pkg?.installed_version && installed.size === 1 ? { 'package.installed_version': pkg.installed_version } : {}),
    ...(pkg ? { 'package.fixed_version': fixedVersion(issue.decisions) } : {}),
  } as PlaceholderValues);
}

/** Problems with a playbook that do not depend on any unit (reported once per route). */
export function playbookProblems(pb: PlaybookConfig): string[] {
  const out: string[] = [];
  if ((pb.replace === undefined) === (pb.content === undefined)) out.push('a playbook needs exactly one of `replace` or `content`');
  for (const t of [pb.replace?.from, pb.replace?.to, pb.content, pb.title]) {
    for (const name of t === undefined ? [] : unknownPlaceholders(t)) out.push(`unknown placeholder {{${name}}}`);
  }
  return out;
}

export type PlaybookPlan = { edit: PlaybookEdit; title?: string } | { skip: string };

/** The edit for one unit, or why there is none. */
export function planPlaybook(pb: PlaybookConfig, values: PlaceholderValues, packageName: string | undefined): PlaybookPlan {
  if (pb.packages && !(packageName && pb.packages.some((p) => packageKey(p) === packageKey(packageName)))) return { skip: 'package not listed by the playbook' };
  const need = (r: ReturnType<typeof fill>) => ('missing' in r ? `no safe value for {{${r.missing}}}` : undefined);
  let title: string | undefined;
  if (pb.title) {
    const t = fill(pb.title, values);
    if ('missing' in t) return { skip: need(t)! };
    title = t.text;
  }
  if (pb.replace) {
    const from = fill(pb.replace.from, values);
    const to = fill(pb.replace.to, values);
    if ('missing' in from) return { skip: need(from)! };
    if ('missing' in to) return { skip: need(to)! };
    if (from.text === to.text) return { skip: 'nothing to change (from and to are the same)' };
    return { edit: { kind: 'replace', from: from.text, to: to.text }, title };
  }
  if (pb.content !== undefined) {
    const c = fill(pb.content, values);
    if ('missing' in c) return { skip: need(c)! };
    return { edit: { kind: 'content', text: c.text }, title };
  }
  return { skip: 'a playbook needs `replace` or `content`' };
}

/** The file after the edit; undefined when the edit does not apply (the text to replace is not there). */
export function applyPlaybookEdit(edit: PlaybookEdit, current: string | undefined): string | undefined {
  if (edit.kind === 'content') return edit.text;
  if (current === undefined || !current.includes(edit.from)) return undefined;
  return current.split(edit.from).join(edit.to);
}
