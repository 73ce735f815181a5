/**
 * Render issue bodies with Handlebars. Only an allow-list of fields reaches a
 * template, every untrusted string in it is already made inert (sanitize.ts), and
 * Handlebars' own prototype-access protections stay on. Bodies stay under GitHub's
 * 65,536-character limit by listing fewer exposures and saying how many were left out.
 */
import Handlebars from 'handlebars';
import type { Decision } from '../model/decision.ts';
import type { DesiredIssue } from './desired-issues.ts';
import { issueMarker, MARKER_MAX_FINGERPRINTS, parseIssueMarker } from './markers.ts';
import { inlineText } from './sanitize.ts';
import { attackPathContext } from '../validate/issue-picture.ts';

export const GITHUB_BODY_LIMIT = 65_536;

export type { IssueMarker } from './markers.ts';
/** The hidden marker at the end of an issue body (see markers.ts). */
export const marker = issueMarker;
/** The marker in an existing issue body, if it is one of ours. */
export const parseMarker = parseIssueMarker;

export type TemplateRenderer = (name: string, context: object) => string;

export function createRenderer(templates: ReadonlyMap<string, { source: string }>): TemplateRenderer {
  const hb = Handlebars.create();
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  return (name, context) => {
    let t = compiled.get(name);
    if (!t) {
      const src = templates.get(name);
      if (!src) throw new Error(`unknown template '${name}'`);
      // Escaping is done field by field for Markdown (sanitize.ts); HTML-escaping again would double it.
      t = hb.compile(src.source, { noEscape: true, strict: false, knownHelpersOnly: true });
      compiled.set(name, t);
    }
    return t(context, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
      helpers: {},
      partials: {},
    });
  };
}

export interface RunInfo {
  /** The run's date. Templates should not print it: a body that changes every day is rewritten every day. */
  date: string;
  organisation: string;
}

export function renderIssueBody(issue: DesiredIssue, render: TemplateRenderer, run: RunInfo): string {
  const fps = issue.decisions.map((d) => d.fingerprint).sort();
  const kept = fps.slice(0, MARKER_MAX_FINGERPRINTS);
  const tail = '\n\n' + issueMarker({ key: issue.key, priority: issue.priority, due: issue.due_date, fps: kept, ...(fps.length > kept.length ? { more: fps.length - kept.length } : {}) });
  const limit = GITHUB_BODY_LIMIT - tail.length;
  let shown = issue.decisions.length;
  let body = render(issue.template, issueContext(issue, shown, run));
  // Halve, then grow back, until the longest list that fits is found.
  if (body.length > limit) {
    let lo = 0;
    let hi = shown;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (render(issue.template, issueContext(issue, mid, run)).length <= limit) lo = mid;
      else hi = mid - 1;
    }
    shown = lo;
    body = render(issue.template, issueContext(issue, shown, run));
    if (body.length > limit) body = body.slice(0, limit - 1) + '…';
  }
  return body + tail;
}

/** The allow-list: exactly what a template can see. */
export function issueContext(issue: DesiredIssue, shown: number, run: RunInfo) {
  const exposures = issue.decisions.slice(0, shown).map(exposureContext);
  const kev = issue.decisions.filter((d) => isKnownExploited(d)).length;
  return {
    issue: {
      title: inlineText(issue.title, 250),
      priority: issue.priority,
      due_date: issue.due_date,
      overdue: issue.overdue,
      asset: inlineText(issue.asset),
      scope: issue.scope === null ? '' : inlineText(issue.scope),
      repository: issue.repository,
      // Owners come from reviewed configuration (or CODEOWNERS, format-checked), not from scanners: mentioning them is intended.
      owner_mention: ownerMention(issue),
      assignees: issue.assignees.join(', '),
      key: issue.key,
      group_by: issue.group_by,
    },
    counts: {
      exposures: issue.decisions.length,
      shown,
      omitted: issue.decisions.length - shown,
      known_exploited: kev,
    },
    exposures,
    // The attack path of the most urgent exposure on one (docs/validation.md), or null.
    attack_path: attackPathContext(issue.decisions),
    run: { date: run.date, organisation: inlineText(run.organisation) },
  };
}

function exposureContext(d: Decision) {
  return {
    fingerprint: d.fingerprint,
    id: inlineText(d.finding.vulnerability_id ?? d.finding.rule_id, 120),
    title: inlineText(d.finding.title, 200),
    kind: d.finding.kind,
    severity: d.finding.severity,
    priority: d.priority,
    due_date: d.due_date,
    overdue: d.overdue,
    package: d.finding.package ? inlineText(d.finding.package.name, 200) : '',
    installed_version: d.finding.package?.installed_version ? inlineText(d.finding.package.installed_version, 100) : '',
    fixed_versions: d.finding.package ? inlineText(d.finding.package.fixed_versions.join(', '), 200) : '',
    path: d.finding.location?.path ? inlineText(d.finding.location.path, 300) : '',
    line: d.finding.location?.start_line ?? '',
    tools: inlineText(d.finding.tools.join(', ')),
    rule: inlineText(d.rule.id),
    rule_file: inlineText(d.rule.file),
    kev: isKnownExploited(d),
    epss: typeof d.inputs['epss.score'] === 'number' ? d.inputs['epss.score'] : '',
    internet_exposed: d.validation.internet_exposed,
    crown_jewel: d.validation.crown_jewel,
    on_attack_path: d.validation.on_path === true,
    choke_point: d.validation.choke_point === true,
    confirmed: d.validation.confirmed === true,
    reason: inlineText(explainShort(d), 600),
  };
}

/** The teams (scope owner, CODEOWNERS), or else the assignees, as @-mentions. */
export function ownerMention(issue: Pick<DesiredIssue, 'teams' | 'assignees'>): string {
  const who = issue.teams.length > 0 ? issue.teams : issue.assignees;
  return who.map((w) => `@${w}`).join(' ');
}

/** One sentence: why this priority. */
export function explainShort(d: Decision): string {
  if (d.rule.id === 'default') return `${d.priority} by default (ctem.yaml): no rule matched.`;
  const facts = Object.entries(d.inputs)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(', ');
  return `${d.priority} by rule ${d.rule.id} (${d.rule.file})${facts ? `: ${facts}` : ''}.`;
}

/** In CISA KEV, whichever rule decided (the enrichment is recorded with every decision). */
export function isKnownExploited(d: Decision): boolean {
  return d.enrichment?.kev.listed === true || d.inputs['kev.listed'] === true;
}
