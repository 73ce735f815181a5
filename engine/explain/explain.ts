/**
 * A decision in plain language, for an asset owner or an auditor: why this priority
 * (the rule, its policy file and commit, what it read), then every fact behind it —
 * feed versions, enrichment, exception, owner, SLA, sources. Pure and independent of
 * where the decision came from (a fresh run, decisions.ndjson, a ledger entry).
 */
import type { Decision } from '../model/decision.ts';
import { describeInput, percent, plain, vulnerabilityOf } from './phrases.ts';

/** `policies/10-exploitation.yaml@3f2a1c9d0e4b`, or the file alone when no commit was recorded. */
export function ruleLocation(d: Decision): string {
  return d.rule.commit ? `${plain(d.rule.file)}@${plain(d.rule.commit)}` : plain(d.rule.file);
}

/** The one sentence that says why: "P1 because rule R in file@commit: facts." */
export function headline(d: Decision): string {
  // A downgrade changed the priority after the policy decided; the sentence is about the policy.
  const decided = d.exception?.downgraded_from ?? d.priority;
  if (d.rule.id === 'default') {
    return `${decided} by default: no rule matched, so \`defaults.priority\` in ${ruleLocation(d)} applies.`;
  }
  const reasons = Object.entries(d.inputs).map(([k, v]) => describeInput(k, v, d));
  return `${decided} because rule ${plain(d.rule.id)} in ${ruleLocation(d)}${reasons.length ? `: ${sentence(reasons)}` : ''}.`;
}

/** "a", "a and b", "a, b and c". */
function sentence(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** What the status means, when it is not simply open at the policy's priority. */
export function statusLine(d: Decision): string | undefined {
  const e = d.exception;
  if (d.status === 'excepted' && e) {
    return `Excepted, so no issue is filed: exception ${plain(e.id)} (${plain(e.type)}) approved by ${plain(e.approver)}, in force through ${plain(e.expires)}.`;
  }
  if (e?.downgraded_from) {
    return `Downgraded from ${e.downgraded_from} to ${d.priority} by exception ${plain(e.id)} (${plain(e.type)}) approved by ${plain(e.approver)}, in force through ${plain(e.expires)}.`;
  }
  if (d.status === 'suppressed') {
    const by = d.vex && d.vex.effect !== 'recorded' ? 'by a VEX statement' : 'at the source';
    return `Suppressed ${by}, so no issue is filed${d.status_reason ? `: ${plain(d.status_reason)}` : ''}.`;
  }
  return undefined;
}

export function explainDecision(d: Decision): string[] {
  const out: string[] = [headline(d)];
  const status = statusLine(d);
  if (status) out.push(status);
  out.push('');

  out.push(...section('exposure', exposureLines(d)));
  out.push(...section('rule', ruleLines(d)));
  out.push(...section('inputs the rule read', inputLines(d)));
  out.push(...section('feeds', feedLines(d)));
  out.push(...section('validation', validationLines(d)));
  out.push(...section('exception', exceptionLines(d)));
  out.push(...section('owner', ownerLines(d)));
  out.push(...section('SLA', slaLines(d)));
  out.push(...section('sources', d.finding.sources.map((s) => `${plain(s.tool)}  ${plain(s.file ?? '(no file)')}  ${plain(s.pointer)}`)));
  return out.slice(0, -1);
}

function section(title: string, lines: string[]): string[] {
  return [title, ...lines.map((l) => `  ${l}`), ''];
}

function exposureLines(d: Decision): string[] {
  const f = d.finding;
  const pkg = f.package
    ? ` in ${plain(f.package.name)}${f.package.installed_version ? ` ${plain(f.package.installed_version)}` : ''}` +
      (f.package.fixed_versions.length ? ` (fixed in ${f.package.fixed_versions.map(plain).join(', ')})` : ' (no fix known)')
    : '';
  const where = f.location?.path ? ` at ${plain(f.location.path)}${f.location.start_line ? `:${f.location.start_line}` : ''}` : '';
  return [
    `${d.fingerprint}  ${vulnerabilityOf(d)}${pkg}${where} on ${plain(d.asset)}`,
    `${f.kind}, ${f.severity} severity, reported by ${f.tools.map(plain).join(', ') || 'no tool'}: ${plain(f.title)}`,
    `status ${d.status}, priority ${d.priority}${d.labels.length ? `, labels ${d.labels.map(plain).join(', ')}` : ''}, route ${d.route === null ? 'none (not filed)' : plain(d.route)}`,
  ];
}

function ruleLines(d: Decision): string[] {
  return [
    `${plain(d.rule.id)} (policy ${plain(d.rule.policy)}) in ${plain(d.rule.file)}`,
    d.rule.commit ? `commit ${plain(d.rule.commit)}${d.rule.commit.endsWith('+dirty') ? ' (the file has uncommitted changes)' : ''}` : 'commit unknown (not a Git checkout when decided)',
  ];
}

function inputLines(d: Decision): string[] {
  const entries = Object.entries(d.inputs);
  if (entries.length === 0) return [d.rule.id === 'default' ? 'none: no rule matched' : 'none: the rule reads no variable'];
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${plain(k).padEnd(width)}  ${plain(JSON.stringify(v) ?? 'null')}`);
}

function feedLines(d: Decision): string[] {
  const e = d.enrichment;
  const epss = d.feeds.epss;
  const kev = d.feeds.kev;
  const epssFact = e?.epss ? `${e.epss.score} (${percent(e.epss.score)} in 30 days), percentile ${e.epss.percentile}` : 'no score for this exposure';
  const kevFact = e?.kev.listed
    ? `listed${e.kev.date_added ? `, added ${plain(e.kev.date_added)}` : ''}${e.kev.due_date ? `, CISA due date ${plain(e.kev.due_date)}` : ''}${e.kev.ransomware ? ', used in ransomware campaigns' : ''}`
    : 'not listed';
  const lines = [
    epss ? `EPSS  model ${plain(epss.model_version)}, scores of ${plain(epss.score_date)}: ${epssFact}` : 'EPSS  no feed configured',
    kev ? `KEV   catalog ${plain(kev.catalog_version)}: ${kevFact}` : 'KEV   no feed configured',
  ];
  if (e?.cvss) lines.push(`CVSS  ${plain(e.cvss.version)} base score ${e.cvss.score} (${plain(e.cvss.severity)})${e.cvss.vector ? `, ${plain(e.cvss.vector)}` : ''}`);
  else lines.push('CVSS  no vector or score');
  if (e?.ssvc) {
    const s = e.ssvc;
    lines.push(`SSVC  ${plain(s.decision)} (exploitation ${plain(s.exploitation)}, automatable ${plain(s.automatable)}, technical impact ${plain(s.technical_impact)}, mission and well-being ${plain(s.mission_wellbeing)})`);
  }
  return lines;
}

function validationLines(d: Decision): string[] {
  const v = d.validation;
  const yn = (b: boolean | undefined) => (b ? 'yes' : 'no');
  const lines = [`internet-facing ${yn(v.internet_exposed)}, crown jewel ${yn(v.crown_jewel)}`];
  // Decisions recorded before ctem had a validation stage carry only the two facts above.
  if (v.reachable !== undefined) {
    const path = v.on_path ? `yes (${v.path_length ?? '?'} hop(s), ${v.paths_to_crown_jewels ?? 0} path(s) to crown jewels)` : 'no';
    lines.push(`reachable ${yn(v.reachable)}, on an attack path ${path}, choke point ${yn(v.choke_point)}, pivot ${yn(v.pivot)}`);
  }
  if (v.attack_path) {
    lines.push(`attack path: ${v.attack_path.assets.map(plain).join(' → ')}${v.attack_path.steps.length ? ` (${v.attack_path.steps.map((s) => s.kinds.map(plain).join('+')).join(', ')})` : ''}`);
  }
  if (v.result) lines.push(`validated: ${plain(v.result)}${v.confirmed ? ' (shown exploitable)' : ''}`);
  for (const e of v.evidence ?? []) {
    lines.push(`  ${plain(e.result)} by ${plain(e.by)}${e.at ? ` on ${plain(e.at).slice(0, 10)}` : ''}: ${plain(e.record)}${e.evidence ? ` (${plain(e.evidence)})` : ''}`);
  }
  if (d.vex) lines.push(`VEX: ${plain(d.vex.status)} (${d.vex.effect}) for ${plain(d.vex.product)} in ${plain(d.vex.document)} ${plain(d.vex.statement)}${d.vex.justification ? `: ${plain(d.vex.justification)}` : ''}`);
  return lines;
}

function exceptionLines(d: Decision): string[] {
  const e = d.exception;
  if (!e) return ['none'];
  return [
    `${plain(e.id)} (${plain(e.type)}${e.vex_justification ? `, ${plain(e.vex_justification)}` : ''}) in ${plain(e.file)}, effect ${e.effect}${e.downgraded_from ? ` (from ${e.downgraded_from} to ${d.priority})` : ''}`,
    `approved by ${plain(e.approver)}, applies through ${plain(e.expires)} (UTC)${e.ticket ? `, ticket ${plain(e.ticket)}` : ''}`,
    `reason: ${plain(e.reason)}`,
  ];
}

function ownerLines(d: Decision): string[] {
  if (d.scope === null) return ['no scope covers this asset, so nobody owns it (scope drift)'];
  const o = d.owner;
  const who = [o?.team ? `team @${plain(o.team)}` : '', ...(o?.users ?? []).map((u) => `@${plain(u)}`)].filter(Boolean);
  return [`scope ${plain(d.scope)}: ${who.length ? who.join(', ') : 'no owner named'}`];
}

function slaLines(d: Decision): string[] {
  const state = d.status !== 'open' ? `not tracked while ${d.status}` : d.overdue ? 'OVERDUE' : 'not overdue';
  return [`${d.sla_days} day(s) from first seen ${plain(d.first_seen).slice(0, 10)}: due ${plain(d.due_date)} (${state})`];
}
