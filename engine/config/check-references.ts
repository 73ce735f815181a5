/**
 * Cross-file checks that no single schema can express: ids unique, references
 * resolvable, rules well-formed, exceptions within policy limits. Pure.
 */
import Handlebars from 'handlebars';
import type { Problem } from '../errors.ts';
import { checkRule } from '../policy/jsonlogic/index.ts';
import { DEFAULT_RULE_ID } from '../prioritise/decide.ts';
import { inputPathProblem } from '../prioritise/input-fields.ts';
import { checkSourceOptions, type ConnectorShape } from './connector-options.ts';
import type { LoadedConfig, Located } from './load.ts';
import { suggest } from './suggest.ts';
import { globListProblems } from '../policy/glob-list.ts';
import { firstPartial, TEMPLATE_HINT, templateErrorParts } from '../mobilise/template-error.ts';

export interface ReferenceContext {
  /** Registered connector names, by kind. */
  findingConnectors: readonly string[];
  inventoryConnectors: readonly string[];
  /** Today, YYYY-MM-DD: for exception expiry checks. */
  today: string;
  /** Finding connectors by name, to check each source's `path` and `options` against (connector-options.ts). */
  sourceConnectors?: ReadonlyMap<string, ConnectorShape>;
}

export const DEFAULT_EXCEPTION_WARNING_DAYS = 14;

export function checkReferences(config: LoadedConfig, ctx: ReferenceContext): Problem[] {
  const problems: Problem[] = [];
  const err = (l: Located<unknown>, path: (string | number)[], code: string, message: string, hint?: string, key = false) => {
    const at = l.locate(path, { key });
    problems.push({ code, severity: 'error', message, file: l.file, line: at.line, column: at.column, hint });
  };
  const warn = (l: Located<unknown>, path: (string | number)[], code: string, message: string) => {
    const at = l.locate(path);
    problems.push({ code, severity: 'warning', message, file: l.file, line: at.line, column: at.column });
  };

  // ctem.yaml: connectors exist.
  const { ctem } = config;
  ctem.value.sources.forEach((s, i) => {
    if (s.connector !== 'auto' && !ctx.findingConnectors.includes(s.connector)) {
      const guess = suggest(s.connector, ctx.findingConnectors);
      err(ctem, ['sources', i, 'connector'], 'unknown-connector', `unknown finding connector '${s.connector}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
        `available: auto, ${ctx.findingConnectors.join(', ')}`);
    }
  });
  if (ctx.sourceConnectors) problems.push(...checkSourceOptions(ctem, ctx.sourceConnectors));
  ctem.value.inventory.forEach((s, i) => {
    if (!ctx.inventoryConnectors.includes(s.connector)) {
      err(ctem, ['inventory', i, 'connector'], 'unknown-connector', `unknown inventory connector '${s.connector}'`,
        `available: ${ctx.inventoryConnectors.join(', ')}`);
    }
  });

  // Unique ids.
  const unique = <T>(items: Located<T>[], id: (t: T) => string, path: (string | number)[], what: string) => {
    const first = new Map<string, Located<T>>();
    for (const l of items) {
      const v = id(l.value);
      const prev = first.get(v);
      if (prev) err(l, path, `duplicate-${what}`, `duplicate ${what} id '${v}' (first defined in ${prev.file})`);
      else first.set(v, l);
    }
    return first;
  };
  const scopes = unique(config.scopes, (s) => s.id, ['id'], 'scope');

  // Selector globs compile (a refused pattern would silently select nothing).
  const globs = (l: Located<unknown>, path: (string | number)[], patterns: readonly string[] | undefined) => {
    for (const g of globListProblems(patterns ?? [])) {
      err(l, [...path, g.index], 'bad-glob', g.message, 'selector globs take *, ?, **, [a-z], [!a], {a,b} and \\ escapes (docs/configuration.md, "Globs in selectors")');
    }
  };
  for (const s of config.scopes) {
    globs(s, ['selector', 'ids'], s.value.selector.ids);
    globs(s, ['selector', 'repositories'], s.value.selector.repositories);
  }
  for (const e of config.exceptions) globs(e, ['exceptions', e.index, 'selector', 'assets'], e.value.selector.assets);
  for (const v of config.validations) globs(v, ['validations', v.index, 'selector', 'assets'], v.value.selector.assets);
  unique(config.policies, (p) => p.id, ['id'], 'policy');

  // Rules and routes across all policy files.
  const ruleIds = new Map<string, string>();
  const routes = new Map<string, string>();
  for (const p of config.policies) {
    (p.value.routes ?? []).forEach((r, i) => {
      if (routes.has(r.id)) err(p, ['routes', i, 'id'], 'duplicate-route', `duplicate route id '${r.id}' (first defined in ${routes.get(r.id)})`);
      else routes.set(r.id, p.file);
      if (!config.templates.has(r.template)) {
        const guess = suggest(r.template, [...config.templates.keys()]);
        err(p, ['routes', i, 'template'], 'unknown-template', `unknown template '${r.template}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
          `templates are the .hbs files in templates/: ${[...config.templates.keys()].join(', ') || 'none found'}`);
      }
      if (r.target === 'central' && !r.repository && !ctem.value.github?.central_repository) {
        err(p, ['routes', i, 'target'], 'no-central-repository', `route '${r.id}' targets the central repository, but none is configured`,
          'set `repository:` on the route or `github.central_repository` in ctem.yaml');
      }
    });
  }
  for (const p of config.policies) {
    p.value.rules.forEach((r, i) => {
      if (r.id === DEFAULT_RULE_ID) err(p, ['rules', i, 'id'], 'reserved-rule-id', `rule id '${r.id}' is reserved for decisions no rule made`);
      if (ruleIds.has(r.id)) err(p, ['rules', i, 'id'], 'duplicate-rule', `duplicate rule id '${r.id}' (first defined in ${ruleIds.get(r.id)})`);
      else ruleIds.set(r.id, p.file);
      const route = r.set.route;
      if (route !== undefined && route !== 'none' && !routes.has(route)) {
        const guess = suggest(route, [...routes.keys()]);
        err(p, ['rules', i, 'set', 'route'], 'unknown-route', `rule '${r.id}' names unknown route '${route}'${guess ? ` (did you mean '${guess}'?)` : ''}`);
      }
      // Every constant path is checked whole: `kev.lsted` would read null forever, a rule that never fires.
      for (const rp of checkRule(r.when, { variables: inputPathProblem })) {
        err(p, ['rules', i, 'when', ...rp.path], rp.code, `rule '${r.id}': ${rp.message}`, rp.hint, rp.code === 'unknown-operator');
      }
    });
    const dr = p.value.default_route;
    if (dr !== undefined && dr !== 'none' && !routes.has(dr)) err(p, ['default_route'], 'unknown-route', `unknown default route '${dr}'`);
  }

  // Templates parse, and use only what rendering allows (engine/mobilise/render.ts): Handlebars'
  // built-in helpers and no partials. Caught here, a template error stops every command before
  // anything runs, instead of failing on the first body rendered, mid-way through a plan.
  for (const t of config.templates.values()) {
    try {
      const partial = firstPartial(Handlebars.parse(t.source));
      if (partial) {
        problems.push({ code: 'template-partial', severity: 'error', message: 'templates cannot use partials ({{> name}})', file: t.file, ...partial, hint: TEMPLATE_HINT });
        continue;
      }
      Handlebars.precompile(t.source, { knownHelpersOnly: true, noEscape: true, strict: false });
    } catch (e) {
      const { reason, line, column } = templateErrorParts(e);
      if (line !== undefined) {
        problems.push({ code: 'template-helper', severity: 'error', message: `template error: ${reason}`, file: t.file, line, column, hint: TEMPLATE_HINT });
        continue;
      }
      const m = /line (\d+)/.exec((e as Error).message);
      problems.push({
        code: 'template-syntax',
        severity: 'error',
        message: `template syntax error: ${((e as Error).message.split('\n').pop() ?? '').trim()}`,
        file: t.file,
        line: m ? Number(m[1]) : 1,
        column: 1,
      });
    }
  }

  // Exceptions: unique ids, known scopes, expiry within policy limits, warn before expiry.
  const maxDays = Math.min(...config.policies.map((p) => p.value.max_exception_days ?? Infinity));
  const warnDays = ctem.value.defaults?.exception_warning_days ?? DEFAULT_EXCEPTION_WARNING_DAYS;
  const seenExc = new Map<string, string>();
  for (const e of config.exceptions) {
    const base = ['exceptions', e.index];
    if (seenExc.has(e.value.id)) err(e, [...base, 'id'], 'duplicate-exception', `duplicate exception id '${e.value.id}' (first defined in ${seenExc.get(e.value.id)})`);
    else seenExc.set(e.value.id, e.file);
    const sc = e.value.selector.scope;
    if (sc !== undefined && !scopes.has(sc)) {
      const guess = suggest(sc, [...scopes.keys()]);
      err(e, [...base, 'selector', 'scope'], 'unknown-scope', `unknown scope '${sc}'${guess ? ` (did you mean '${guess}'?)` : ''}`);
    }
    if (e.value.effect === 'downgrade' && e.value.downgrade_to === undefined) {
      err(e, [...base, 'effect'], 'downgrade-without-priority', `exception '${e.value.id}' downgrades but has no 'downgrade_to' priority`);
    }
    if (e.value.type === 'not-affected' && e.value.vex_justification === undefined) {
      err(e, [...base, 'type'], 'not-affected-without-justification', `exception '${e.value.id}' is not-affected but has no 'vex_justification'`);
    }
    const left = daysBetween(ctx.today, e.value.expires);
    if (Number.isNaN(left)) {
      err(e, [...base, 'expires'], 'bad-date', `'${e.value.expires}' is not a real calendar date`);
    } else if (left < 0) {
      warn(e, [...base, 'expires'], 'exception-expired', `exception '${e.value.id}' expired on ${e.value.expires} and no longer applies`);
    } else if (left <= warnDays) {
      warn(e, [...base, 'expires'], 'exception-expiring', `exception '${e.value.id}' expires in ${left} day(s), on ${e.value.expires}`);
    }
    if (Number.isFinite(maxDays) && left > maxDays) {
      err(e, [...base, 'expires'], 'exception-too-long', `exception '${e.value.id}' runs ${left} days; policy allows at most ${maxDays}`);
    }
  }
  return problems;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD, UTC); NaN for an impossible date like 2026-02-30. */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from);
  const b = parseDay(to);
  return (b - a) / 86_400_000;
}

export function parseDay(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) return NaN;
  return t;
}
