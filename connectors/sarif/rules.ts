/**
 * Finding the rule (SARIF `reportingDescriptor`) a result refers to.
 *
 * A run's rules live in `tool.driver.rules` and in `tool.extensions[*].rules` (CodeQL puts
 * them in query-pack extensions). A result can point at its rule in several ways, tried in
 * this order, the way SARIF §3.27.6-3.27.7 and §3.52 describe them:
 *   1. `rule.toolComponent` selects the component (by index into tool.extensions, by guid,
 *      or by name); without it the component is the driver;
 *   2. `ruleIndex`, then `rule.index`, index that component's rules;
 *   3. `rule.guid`, then `ruleId` (or `rule.id`) are looked up by value; a hierarchical
 *      ruleId such as `CA2101/1` falls back to its parent `CA2101` (§3.27.5). Without an
 *      explicit toolComponent, id lookups search the driver first, then each extension.
 * When an index and an id disagree (SARIF says they must not; the sarif-vscode sample's
 * last result does), the id wins if some rule carries it: ids are what people and tools
 * compare, while an index silently shifts when a rules array is edited.
 *
 * One resolver serves both validation and extraction, so a log that validates always
 * extracts with exactly the same resolution.
 *
 * Out-of-range indexes: an index past the end of a non-empty array is a corrupt
 * cross-reference and is reported (the sarif-sdk's SARIF1009 test case). An index into an
 * absent or EMPTY array is tolerated and falls back to the ids: producers strip rule
 * metadata while keeping the indexes (codeql-action's own fingerprinting input has
 * `rules: []` with `ruleIndex: 0`; the sarif-sdk's "valid" SARIF2004 sample names a
 * toolComponent index with no tool.extensions at all).
 */
import type { PathSegment } from '../../engine/model/json-path.ts';
import { arrayField, indexField, isObject, objectField, stringField, type JsonObject } from './json.ts';

interface Component {
  /** Where the component sits, for messages: `tool.driver`, `tool.extensions[1]`. */
  readonly label: string;
  readonly name: string | undefined;
  /** Lower-cased: SARIF guids compare case-insensitively. */
  readonly guid: string | undefined;
  readonly rules: readonly unknown[];
  readonly byId: ReadonlyMap<string, JsonObject>;
  readonly byGuid: ReadonlyMap<string, JsonObject>;
}

export interface RuleCatalog {
  readonly driver: Component;
  readonly extensions: readonly Component[];
}

export type RuleResolution =
  | { readonly ok: true; readonly rule: JsonObject | undefined }
  /** `at` is relative to the result object. */
  | { readonly ok: false; readonly at: PathSegment[]; readonly message: string };

export function buildRuleCatalog(run: JsonObject): RuleCatalog {
  const tool = objectField(run, 'tool');
  const extensions = (arrayField(tool, 'extensions') ?? []).map((ext, i) =>
    component(isObject(ext) ? ext : {}, `tool.extensions[${i}]`),
  );
  return { driver: component(objectField(tool, 'driver') ?? {}, 'tool.driver'), extensions };
}

function component(obj: JsonObject, label: string): Component {
  const rules = arrayField(obj, 'rules') ?? [];
  // Maps, not objects: rule ids are untrusted and may be `__proto__`. First one wins,
  // as a duplicated id is the producer's bug and document order is the only tie-break.
  const byId = new Map<string, JsonObject>();
  const byGuid = new Map<string, JsonObject>();
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    const id = stringField(rule, 'id');
    if (id !== undefined && !byId.has(id)) byId.set(id, rule);
    const guid = stringField(rule, 'guid')?.toLowerCase();
    if (guid !== undefined && !byGuid.has(guid)) byGuid.set(guid, rule);
  }
  return {
    label,
    name: stringField(obj, 'name'),
    guid: stringField(obj, 'guid')?.toLowerCase(),
    rules,
    byId,
    byGuid,
  };
}

const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/** The rule a result refers to, `undefined` when it names none we know, or a broken reference. */
export function resolveRule(catalog: RuleCatalog, result: JsonObject): RuleResolution {
  const ref = objectField(result, 'rule');
  const toolComponent = objectField(ref, 'toolComponent');

  let target: Component | undefined = catalog.driver;
  let searched: readonly Component[] = [catalog.driver, ...catalog.extensions];
  if (toolComponent !== undefined) {
    const found = resolveComponent(catalog, toolComponent);
    if (!found.ok) return found;
    target = found.component;
    searched = target === undefined ? [] : [target];
  }

  // Both indexes are checked, so an inconsistent log is reported whichever one is wrong.
  let byIndex: JsonObject | undefined;
  const indexes: Array<[PathSegment[], string, number | undefined]> = [
    [['ruleIndex'], 'ruleIndex', indexField(result, 'ruleIndex')],
    [['rule', 'index'], 'rule.index', indexField(ref, 'index')],
  ];
  for (const [at, what, index] of indexes) {
    if (index === undefined || target === undefined || target.rules.length === 0) continue;
    if (index >= target.rules.length) {
      return {
        ok: false,
        at,
        message: `${what} ${index} is out of range: ${target.label}.rules has ${entries(target.rules.length)}`,
      };
    }
    const rule = target.rules[index];
    if (byIndex === undefined && isObject(rule)) byIndex = rule;
  }
  const id = stringField(result, 'ruleId') ?? stringField(ref, 'id');
  if (byIndex !== undefined && (id === undefined || sameRule(id, byIndex))) return { ok: true, rule: byIndex };

  const guid = stringField(ref, 'guid')?.toLowerCase();
  if (guid !== undefined) {
    for (const c of searched) {
      const rule = c.byGuid.get(guid);
      if (rule !== undefined) return { ok: true, rule };
    }
  }

  for (let candidate = id; candidate !== undefined; candidate = parentId(candidate)) {
    for (const c of searched) {
      const rule = c.byId.get(candidate);
      if (rule !== undefined) return { ok: true, rule };
    }
  }
  // An index that contradicts an id no rule carries: the index is all there is.
  return { ok: true, rule: byIndex };
}

/** Whether `id` names `rule`, itself or as a hierarchical child (`CA2101/1` of `CA2101`). */
function sameRule(id: string, rule: JsonObject): boolean {
  const ruleId = stringField(rule, 'id');
  return ruleId === undefined || id === ruleId || id.startsWith(ruleId + '/');
}

/** `a/b/c` -> `a/b`; undefined when there is no parent. */
function parentId(id: string): string | undefined {
  const slash = id.lastIndexOf('/');
  return slash > 0 ? id.slice(0, slash) : undefined;
}

type ComponentResolution =
  | { readonly ok: true; readonly component: Component | undefined }
  | { readonly ok: false; readonly at: PathSegment[]; readonly message: string };

function resolveComponent(catalog: RuleCatalog, ref: JsonObject): ComponentResolution {
  const index = indexField(ref, 'index');
  if (index !== undefined) {
    const n = catalog.extensions.length;
    if (n === 0) return { ok: true, component: undefined };
    if (index >= n) {
      return {
        ok: false,
        at: ['rule', 'toolComponent', 'index'],
        message: `toolComponent index ${index} is out of range: tool.extensions has ${entries(n)}`,
      };
    }
    return { ok: true, component: catalog.extensions[index] };
  }
  const all = [catalog.driver, ...catalog.extensions];
  const guid = stringField(ref, 'guid')?.toLowerCase();
  if (guid !== undefined) return { ok: true, component: all.find((c) => c.guid === guid) };
  const name = stringField(ref, 'name');
  if (name !== undefined) return { ok: true, component: all.find((c) => c.name === name) };
  return { ok: true, component: catalog.driver };
}
