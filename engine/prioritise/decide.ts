/**
 * From one merged exposure to one decision: build its input document, evaluate the
 * policy, apply exceptions, compute the SLA. Pure: the clock, feeds and history
 * are parameters.
 */
import type { Priority } from '../config/schema/common.ts';
import type { Decision, DecisionException } from '../model/decision.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { Finding, FindingSource } from '../model/finding.ts';
import type { CompiledRule, PolicySet } from '../policy/compile-policy.ts';
import { priorityRank } from '../policy/compile-policy.ts';
import type { Scope } from '../scope/match-scopes.ts';
import { decisionVex, validationFields, validationRecords, vexStatus } from '../validate/decision-parts.ts';
import type { ExposureValidation } from '../validate/stage.ts';
import { evaluateRules, type RuleError } from './evaluate.ts';
import { findException, type CompiledException } from './exceptions.ts';
import {
  buildRuleInput,
  readPath,
  type EnrichmentView,
  type PreviousDecision,
  type RuleInput,
  type ValidationView,
} from './input-document.ts';

export interface DecideContext {
  policy: PolicySet;
  exceptions: readonly CompiledException[];
  assets: ReadonlyMap<string, InventoryAsset>;
  primaryScope: ReadonlyMap<string, Scope>;
  enrich: (f: Finding, scope: Scope | undefined) => EnrichmentView;
  feeds: Decision['feeds'];
  /** Commit of each policy file's last change, when known. */
  policyCommits: ReadonlyMap<string, string>;
  /** When each exposure was first seen in an earlier run (from the ledger), if known. */
  firstSeen: ReadonlyMap<string, string>;
  /**
   * The previous decision about each exposure (from the ledger), if known: rules read
   * it as `sla.*`. Absent: nothing is known, every `sla.previous_*` is null.
   */
  previous?: ReadonlyMap<string, PreviousDecision>;
  /** What the validation stage found about each exposure (engine/validate/stage.ts); absent: nothing is known. */
  validated?: (f: Finding) => ExposureValidation | undefined;
  /** ISO timestamp of this run. */
  now: string;
}

export interface DecideResult {
  decision: Decision;
  ruleErrors: RuleError[];
  /** The document the rules were evaluated against (policy tests measure coverage on it). */
  input: RuleInput;
}

const DAY = 86_400_000;

/** The pseudo-rule that decides when no rule matches: `defaults.priority` in ctem.yaml. Reserved. */
export const DEFAULT_RULE_ID = 'default';

export function validationFacts(asset: InventoryAsset | undefined, scope: Scope | undefined, validated?: ExposureValidation): ValidationView {
  const exposure = asset?.exposure ?? scope?.exposure;
  return { internet_exposed: exposure === 'internet', crown_jewel: scope?.crownJewel ?? false, ...validationFields(validated) };
}

export function decide(f: Finding, ctx: DecideContext): DecideResult {
  const asset = ctx.assets.get(f.asset);
  const scope = ctx.primaryScope.get(f.asset);
  const today = ctx.now.slice(0, 10);
  const firstSeen = earliest(ctx.firstSeen.get(f.fingerprint), f.firstSeen, ctx.now);
  const validated = ctx.validated?.(f);
  const validation = sharedValidation(validationFacts(asset, scope, validated));
  const enrichment = ctx.enrich(f, scope);
  const previous = ctx.previous?.get(f.fingerprint);
  const input = buildRuleInput(f, { asset, scope, enrichment, validation, firstSeen, previous, now: ctx.now });
  const { rule, errors } = evaluateRules(ctx.policy, input);

  let priority: Priority = rule?.priority ?? ctx.policy.defaultPriority;
  let slaDays = rule?.slaDays ?? ctx.policy.sla[priority];
  let status: Decision['status'] = 'open';
  let statusReason: string | undefined;
  let exception: DecisionException | undefined;

  const exc = findException(ctx.exceptions, f, scope?.id ?? null, today);
  if (exc) {
    const e = exc.config;
    exception = {
      id: e.id,
      type: e.type,
      file: exc.file,
      approver: e.approver,
      expires: e.expires,
      reason: e.reason,
      effect: e.effect ?? 'suppress',
      vex_justification: e.vex_justification,
      ticket: e.ticket,
    };
    if (exception.effect === 'suppress') {
      status = 'excepted';
      statusReason = `exception ${e.id} (${e.type}) approved by ${e.approver} until ${e.expires}`;
    } else if (e.downgrade_to !== undefined && priorityRank(e.downgrade_to) > priorityRank(priority)) {
      exception.downgraded_from = priority;
      priority = e.downgrade_to;
      slaDays = ctx.policy.sla[priority];
    }
  } else if (f.suppressed) {
    status = 'suppressed';
    statusReason = `suppressed at the source (${f.suppressed.kind}${f.suppressed.justification ? `: ${f.suppressed.justification}` : ''})`;
  }
  // A supplier's VEX statement is evidence about the product itself: it outranks exceptions and source suppressions.
  const vex = vexStatus(validated);
  if (vex) {
    status = vex.status;
    statusReason = vex.reason;
  }

  const due = dueDate(firstSeen, slaDays);
  const inputs: Record<string, unknown> = {};
  for (const v of rule?.variables ?? []) inputs[v] = readPath(input, v);

  const decision: Decision = {
    fingerprint: f.fingerprint,
    asset: f.asset,
    scope: scope?.id ?? null,
    owner: scope ? ownerOf(scope) : null,
    priority,
    status,
    status_reason: statusReason,
    sla_days: slaDays,
    first_seen: firstSeen,
    due_date: due,
    overdue: status === 'open' && today > due,
    rule: ruleOf(rule, ctx.policyCommits),
    labels: rule?.labels ?? [],
    route: resolveRoute(rule?.route, ctx.policy.defaultRoute),
    exception,
    inputs,
    feeds: ctx.feeds,
    enrichment,
    // Object.assign, not a spread: `{ ...a, ...b }` gives every decision its own hidden class in Node 20 (docs/scale.md).
    validation: validated?.attackPath || (validated && validated.evidence.length > 0) ? Object.assign({}, validation, validationRecords(validated)) : validation,
    vex: decisionVex(validated),
    finding: {
      kind: f.kind,
      rule_id: f.ruleId,
      vulnerability_id: f.vulnerabilityId,
      aliases: f.aliases,
      title: f.title,
      severity: f.severity,
      package: f.package && {
        name: f.package.name,
        installed_version: f.package.installedVersion,
        fixed_versions: f.package.fixedVersions,
        ecosystem: f.package.ecosystem,
      },
      location: f.location && { path: f.location.path, start_line: f.location.startLine },
      // The same list the rules saw (never changed by them): one array, not two.
      tools: input.finding.tools,
      sources: decisionSources(f.sources),
    },
  };
  return { decision, ruleErrors: errors, input };
}

/*
 * A decision's owner and rule are the same for every exposure of a scope or a rule:
 * one shared object each (they are never changed), instead of one per decision —
 * a million decisions otherwise carry a million copies of each.
 */
const owners = new WeakMap<Scope, NonNullable<Decision['owner']>>();
function ownerOf(scope: Scope): NonNullable<Decision['owner']> {
  let o = owners.get(scope);
  // Frozen, as everything decisions share: nothing can change one exposure's record through another's,
  // and decisions.ndjson prints each frozen part once (engine/app/shared-json.ts).
  if (o === undefined) owners.set(scope, (o = Object.freeze({ team: scope.owner.team, users: scope.owner.users && (Object.freeze([...scope.owner.users]) as string[]) })));
  return o;
}

const ruleRefs = new WeakMap<ReadonlyMap<string, string>, Map<CompiledRule | undefined, Decision['rule']>>();
function ruleOf(rule: CompiledRule | undefined, commits: ReadonlyMap<string, string>): Decision['rule'] {
  let refs = ruleRefs.get(commits);
  if (refs === undefined) ruleRefs.set(commits, (refs = new Map()));
  let r = refs.get(rule);
  if (r === undefined) {
    r = Object.freeze(
      rule
        ? { id: rule.id, file: rule.file, policy: rule.policy, commit: commits.get(rule.file) }
        : { id: DEFAULT_RULE_ID, file: 'ctem.yaml', policy: 'defaults', commit: commits.get('ctem.yaml') },
    );
    refs.set(rule, r);
  }
  return r;
}

function resolveRoute(ruleRoute: string | undefined, defaultRoute: string | undefined): string | null {
  const r = ruleRoute ?? defaultRoute;
  return r === undefined || r === 'none' ? null : r;
}

/** The earliest of the dates given (ISO strings compare as dates); `now` is always given. */
function earliest(a: string | undefined, b: string | undefined, now: string): string {
  let e = now;
  if (a !== undefined && a < e) e = a;
  if (b !== undefined && b < e) e = b;
  return e;
}

/**
 * The sources as a decision records them: connector, tool, file, pointer. Most sources already are exactly
 * that, and are then shared with the exposure rather than copied (a million decisions, a million arrays).
 */
function decisionSources(sources: readonly FindingSource[]): DecisionSource[] {
  return sources.every(isDecisionShaped) ? (sources as DecisionSource[]) : sources.map((s) => ({ connector: s.connector, tool: s.tool, file: s.file, pointer: s.pointer }));
}

type DecisionSource = Decision['finding']['sources'][number];
const DECISION_SOURCE_KEYS = ['connector', 'tool', 'file', 'pointer'];

/** Serialises as its copy would: only those keys, in that order (keys holding undefined are not written). */
function isDecisionShaped(s: FindingSource): boolean {
  let next = 0;
  for (const k in s) {
    if (!Object.hasOwn(s, k)) return false;
    if ((s as unknown as Record<string, unknown>)[k] === undefined) continue;
    while (next < DECISION_SOURCE_KEYS.length && DECISION_SOURCE_KEYS[next] !== k) next++;
    if (next === DECISION_SOURCE_KEYS.length) return false;
    next++;
  }
  return true;
}

/*
 * The validation facts repeat too: most exposures are on no attack path, and the rest share a few path
 * lengths. One frozen object per distinct set of facts, shared by the input documents and the decisions.
 */
const validations = new Map<string, ValidationView>();
function sharedValidation(v: ValidationView): ValidationView {
  const key = `${v.internet_exposed}|${v.crown_jewel}|${v.reachable}|${v.on_path}|${v.path_length}|${v.paths_to_crown_jewels}|${v.choke_point}|${v.pivot}|${v.confirmed}|${v.result}|${v.vex}`;
  let s = validations.get(key);
  if (s === undefined) {
    if (validations.size >= 10_000) validations.clear();
    validations.set(key, (s = Object.freeze(v)));
  }
  return s;
}

// Due dates repeat (few first-seen dates, four SLAs): remembered rather than formatted per decision.
const dueDates = new Map<string, Map<number, string>>();
function dueDate(firstSeen: string, slaDays: number): string {
  let bySla = dueDates.get(firstSeen);
  if (bySla === undefined) {
    if (dueDates.size >= 10_000) dueDates.clear();
    dueDates.set(firstSeen, (bySla = new Map()));
  }
  let due = bySla.get(slaDays);
  if (due === undefined) bySla.set(slaDays, (due = new Date(Date.parse(firstSeen) + slaDays * DAY).toISOString().slice(0, 10)));
  return due;
}
