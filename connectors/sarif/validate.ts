/**
 * Checks, before anything is extracted, that a document is a SARIF 2.1.0 log this
 * connector can read completely; throws a ReportError naming the JSON path otherwise.
 *
 * Hand-written rather than a JSON Schema: what matters here is exactly the shape the
 * extractor walks (the containers on the way to results and rules, and the indexes that
 * cross-reference them), one precise message per problem, and the cross-reference checks
 * a schema cannot express. Leaf values the extractor merely reads (texts, levels, line
 * numbers) are not checked: a wrong one is ignored there, because real tools get them
 * wrong (Semgrep writes line 0) and one bad line number must not discard a whole scan.
 */
import { ReportError } from '../../engine/errors.ts';
import { toJsonPath, type PathSegment } from '../../engine/model/json-path.ts';
import { isObject, typeName, type JsonObject } from './json.ts';
import { buildRuleCatalog, resolveRule } from './rules.ts';

export const SUPPORTED_VERSION = '2.1.0';

export function validateSarifLog(doc: unknown): asserts doc is JsonObject {
  if (!isObject(doc)) fail([], `must be a SARIF log object, got ${typeName(doc)}`);
  checkVersion(doc);

  const runs = own(doc, 'runs');
  if (runs === undefined) fail(['runs'], "is missing: a SARIF log must have a 'runs' array");
  if (runs === null) {
    // Legal SARIF for "the tool failed before it could start a run". Reading it as an
    // empty scan would make every open finding look fixed, so it is refused.
    fail(['runs'], 'is null: the tool reported that it could not run, so this is not a scan result');
  }
  if (!Array.isArray(runs)) fail(['runs'], `must be an array, got ${typeName(runs)}`);
  runs.forEach((run, r) => checkRun(run, ['runs', r]));
}

function checkVersion(doc: JsonObject): void {
  const version = own(doc, 'version');
  if (version === undefined) fail(['version'], `is missing: a SARIF log must declare version "${SUPPORTED_VERSION}"`);
  if (typeof version !== 'string') fail(['version'], `must be the string "${SUPPORTED_VERSION}", got ${typeName(version)}`);
  if (version === SUPPORTED_VERSION) return;
  const shown = JSON.stringify(version.length > 40 ? `${version.slice(0, 40)}...` : version);
  let why = `only SARIF ${SUPPORTED_VERSION} is supported`;
  if (/^(?:1\.|2\.0(?:\.|$))/.test(version)) {
    why += '; this is a pre-2.1.0 format (convert it with the SARIF SDK Multitool first)';
  } else if (/^2\.(?:[2-9]|\d\d)/.test(version)) {
    why += '; this is a newer version of the format than this connector reads';
  }
  fail(['version'], `unsupported SARIF version ${shown}: ${why}`);
}

function checkRun(run: unknown, at: PathSegment[]): void {
  if (!isObject(run)) fail(at, `must be a run object, got ${typeName(run)}`);
  const tool = own(run, 'tool');
  if (!isObject(tool)) fail([...at, 'tool'], `must be an object with a 'driver', got ${typeName(tool)}`);
  const driver = own(tool, 'driver');
  if (!isObject(driver)) {
    fail([...at, 'tool', 'driver'], `must be an object describing the tool, got ${typeName(driver)}`);
  }
  checkRules(driver, [...at, 'tool', 'driver']);
  const extensions = optionalArray(tool, 'extensions', [...at, 'tool']);
  extensions?.forEach((ext, e) => {
    const extAt = [...at, 'tool', 'extensions', e];
    if (!isObject(ext)) fail(extAt, `must be a tool component object, got ${typeName(ext)}`);
    checkRules(ext, extAt);
  });

  // Absent results are legal (a run that only exports rule metadata); null is not, and
  // would otherwise read as "scanned, found nothing".
  const results = own(run, 'results');
  if (results === undefined) return;
  if (!Array.isArray(results)) fail([...at, 'results'], `must be an array, got ${typeName(results)}`);
  const catalog = buildRuleCatalog(run);
  results.forEach((result, i) => {
    const resultAt = [...at, 'results', i];
    checkResult(result, resultAt);
    const resolved = resolveRule(catalog, result);
    if (!resolved.ok) fail([...resultAt, ...resolved.at], resolved.message);
  });
}

function checkRules(component: JsonObject, at: PathSegment[]): void {
  optionalArray(component, 'rules', at)?.forEach((rule, i) => {
    if (!isObject(rule)) fail([...at, 'rules', i], `must be a rule object, got ${typeName(rule)}`);
  });
}

function checkResult(result: unknown, at: PathSegment[]): asserts result is JsonObject {
  if (!isObject(result)) fail(at, `must be a result object, got ${typeName(result)}`);
  checkIndex(result, 'ruleIndex', at);
  const rule = optionalObject(result, 'rule', at);
  if (rule !== undefined) {
    checkIndex(rule, 'index', [...at, 'rule']);
    const component = optionalObject(rule, 'toolComponent', [...at, 'rule']);
    if (component !== undefined) checkIndex(component, 'index', [...at, 'rule', 'toolComponent']);
  }
  // Suppressions decide whether a finding counts, so a malformed list is not guessed at.
  for (const key of ['locations', 'suppressions']) {
    optionalArray(result, key, at)?.forEach((item, i) => {
      if (!isObject(item)) fail([...at, key, i], `must be an object, got ${typeName(item)}`);
    });
  }
}

function checkIndex(obj: JsonObject, key: string, at: PathSegment[]): void {
  const value = own(obj, key);
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
    const got = typeof value === 'number' ? String(value) : typeName(value);
    fail([...at, key], `must be an integer index (-1 or more), got ${got}`);
  }
}

function optionalArray(obj: JsonObject, key: string, at: PathSegment[]): readonly unknown[] | undefined {
  const value = own(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail([...at, key], `must be an array, got ${typeName(value)}`);
  return value;
}

function optionalObject(obj: JsonObject, key: string, at: PathSegment[]): JsonObject | undefined {
  const value = own(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) fail([...at, key], `must be an object, got ${typeName(value)}`);
  return value;
}

/** The raw own value (null kept: validation tells null from absent where it matters). */
function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function fail(at: PathSegment[], message: string): never {
  throw new ReportError(toJsonPath(at), message);
}
